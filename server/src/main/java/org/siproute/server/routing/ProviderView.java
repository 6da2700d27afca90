package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.List;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;

/**
 * A provider as decisions need it: its enabled gateways with their dial URIs split around the
 * number in advance, and its rate deck at hand, so that a decision reaches both from a route
 * entry without a map lookup or a string built per gateway. Gateways live here, in the
 * provider's part of the snapshot, so that a changed provider brings its gateways along.
 */
final class ProviderView {
  final Provider provider;
  /** The provider's rate deck, or null when it has no rates. */
  final RateDeck rates;
  /** The enabled gateways, in the order the operator gave them; empty when all are disabled. */
  final GatewayView[] gateways;
  /** How many gateways one call may try: 1 to the number enabled (at least 1). */
  final int gatewayAttempts;

  /** One enabled gateway: its address (the key of its circuit, probe and statistics) and URI. */
  static final class GatewayView {
    final Gateway gateway;
    final String address;
    /** A hash of the address, mixed with a call's seed for the gateway order. */
    final long addressHash;
    private final String uriHead;
    private final String uriTail;

    GatewayView(Provider provider, Gateway gateway) {
      this.gateway = gateway;
      this.address = gateway.address();
      this.addressHash = RoutingEngine.mix(address.hashCode() * 0x9E3779B97F4A7C15L + address.length());
      String scheme = gateway.transport() == Transport.TLS ? "sips:" : "sip:";
      this.uriHead = scheme + SipUserPart.escape(provider.techPrefix());
      String params =
          switch (gateway.transport()) {
            case UDP -> "";
            case TCP -> ";transport=tcp";
            case TLS -> ";transport=tls";
          };
      this.uriTail = SipUserPart.escape(provider.techPostfix()) + "@" + address + params;
    }

    /**
     * sip:[tech_prefix][dialed][tech_postfix]@address[;transport=...], the user part
     * percent-encoded where RFC 3261 requires it.
     */
    String sipUri(String dialed) {
      // One concatenation: one String, no intermediate (escape returns digits as they are).
      return uriHead + SipUserPart.escape(dialed) + uriTail;
    }
  }

  ProviderView(Provider provider, RateDeck rates) {
    this.provider = provider;
    this.rates = rates;
    List<GatewayView> enabled = new ArrayList<>();
    for (Gateway gateway : provider.effectiveGateways()) {
      if (!gateway.disabled()) {
        enabled.add(new GatewayView(provider, gateway));
      }
    }
    this.gateways = enabled.toArray(new GatewayView[0]);
    this.gatewayAttempts = Math.max(1, Math.min(provider.effectiveGatewayAttempts(), gateways.length));
  }

  /** The dial URI at the provider's first enabled gateway. */
  String sipUri(String dialed) {
    return gateways[0].sipUri(dialed);
  }

  String id() {
    return provider.id();
  }
}
