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
    this.uriHead = scheme + SipUserPart.escape(provider.techPrefix());
    String params =
        switch (provider.transport()) {
          case UDP -> "";
          case TCP -> ";transport=tcp";
          case TLS -> ";transport=tls";
        };
    this.uriTail = SipUserPart.escape(provider.techPostfix()) + "@" + provider.hostname() + params;
  }

  /**
   * sip:[tech_prefix][dialed][tech_postfix]@host[;transport=...], the user part
   * percent-encoded where RFC 3261 requires it.
   */
  String sipUri(String dialed) {
    // One concatenation: one String, no intermediate (escape returns digits as they are).
    return uriHead + SipUserPart.escape(dialed) + uriTail;
  }

  String id() {
    return provider.id();
  }
}
