package org.siproute.server.routing;

import java.util.List;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;

/** The decision for one call: the attempts in order, and (when asked) why. */
public record Plan(
    long revision,
    Destination destination,
    RoutingPolicy policy,
    List<Attempt> attempts,
    List<Considered> considered) {

  /** One provider to try. {@code priceMicros} is -1 when its deck has no rate for the number. */
  public record Attempt(
      Route route,
      String providerId,
      String providerName,
      String sipUri,
      java.util.Map<String, String> headers,
      long priceMicros,
      String currency,
      List<String> reasons) {}

  /** A route that was looked at, and what became of it (explain only). */
  public record Considered(Route route, boolean selected, String reason) {}

  public boolean isEmpty() {
    return attempts.isEmpty();
  }
}
