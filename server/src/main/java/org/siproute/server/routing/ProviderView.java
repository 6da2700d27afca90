package org.siproute.server.routing;

import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;

/**
 * A provider as decisions need it: its dial URI split around the number in advance, and its
 * rate deck at hand, so that a decision reaches both from a route entry without a map lookup.
 */
final class ProviderView {
  final Provider provider;
  /** The provider's rate deck, or null when it has no rates. */
  final RateDeck rates;
  private final String uriHead;
  private final String uriTail;

  ProviderView(Provider provider, RateDeck rates) {
    this.provider = provider;
    this.rates = rates;
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
