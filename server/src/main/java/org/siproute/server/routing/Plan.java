package org.siproute.server.routing;

import java.util.List;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;

/**
 * The decision for one call: the attempts in order, and (when asked) why. {@code
 * expectedCallSeconds} is the call length the attempts' costs are for; 0 when nothing was priced.
 */
public record Plan(
    long revision,
    Destination destination,
    RoutingPolicy policy,
    List<Attempt> attempts,
    List<Considered> considered,
    int expectedCallSeconds,
    Block blocked) {

  /** The BLOCK route that refused the call, the SIP code to answer with, and which block it is. */
  public record Block(Route route, int sipCode, String reason) {}

  /**
   * One provider to try. {@code priceMicros} and {@code costMicros} are -1 when its deck has no
   * rate for the number; {@code costMicros} is what a call of the plan's expected length costs,
   * in {@code costCurrency}. {@code dialedNumber} is the number as sent (the user part of {@code
   * sipUri} without tech prefix, postfix and percent-encoding). {@code gateway} is the address
   * of the provider's gateway the attempt dials; a provider's attempts at its gateways follow
   * each other in the plan.
   */
  public record Attempt(
      Route route,
      String providerId,
      String providerName,
      String dialedNumber,
      String sipUri,
      java.util.Map<String, String> headers,
      long priceMicros,
      String currency,
      List<String> reasons,
      long costMicros,
      String costCurrency,
      String gateway) {

    /**
     * True when a failure is the gateway's fault rather than the provider's: no answer in time,
     * unreachable, 408, 500, 502, 503 or 504. It moves to the provider's next gateway; any other
     * failover code moves to the next provider.
     */
    public static boolean isGatewayFault(int sipCode, boolean noResponse) {
      return noResponse
          || sipCode == 408
          || sipCode == 500
          || sipCode == 502
          || sipCode == 503
          || sipCode == 504;
    }
  }

  /** A route that was looked at, and what became of it (explain only). */
  public record Considered(Route route, boolean selected, String reason) {}

  /** True when there is nothing to dial: no route, or a block. */
  public boolean isEmpty() {
    return attempts.isEmpty();
  }

  public boolean isBlocked() {
    return blocked != null;
  }
}
