package org.siproute.server.routing;

import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;

/** A provider as decisions need it, with its dial URI split around the number in advance. */
final class ProviderView {
  final Provider provider;
  private final String uriHead;
  private final String uriTail;

  ProviderView(Provider provider) {
    this.provider = provider;
    String scheme = provider.transport() == Transport.TLS ? "sips:" : "sip:";
    this.uriHead = scheme + provider.techPrefix();
    String params =
        switch (provider.transport()) {
          case UDP -> "";
          case TCP -> ";transport=tcp";
          case TLS -> ";transport=tls";
        };
    this.uriTail = provider.techPostfix() + "@" + provider.hostname() + params;
  }

  /** sip:[tech_prefix][digits][tech_postfix]@host[;transport=...] */
  String sipUri(String digits) {
    return uriHead + digits + uriTail; // one concatenation: one String, no intermediate
  }

  String id() {
    return provider.id();
  }
}
