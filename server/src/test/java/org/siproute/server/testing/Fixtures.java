package org.siproute.server.testing;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc.RouteAdminBlockingStub;
import org.siproute.proto.v1.Transport;

/** Valid resources with ids unique to the test run, so tests sharing a server stay apart. */
public final class Fixtures {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Fixtures() {}

  /** An id no other test uses: {@code <stem>-<run>-<n>}, valid for providers and customers. */
  public static String uniqueId(String stem) {
    return stem + "-" + RUN + "-" + COUNTER.incrementAndGet();
  }

  /** A valid provider with every optional field set. */
  public static Provider.Builder provider(String id) {
    return Provider.newBuilder()
        .setId(id)
        .setName("Carrier " + id)
        .setHostname("sip." + id + ".example:5060")
        .setTransport(Transport.TCP)
        .setTechPrefix("0049#")
        .setTechPostfix(";npdi")
        .putTechHeaders("X-Account", "acct-17")
        .setWeight(3)
        .setMaxConcurrentCalls(100)
        .putLabels("region", "eu");
  }

  /** Creates a valid provider with a fresh id and returns it as stored. */
  public static Provider createProvider(RouteAdminBlockingStub admin) {
    return admin.createProvider(
        CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("p"))).build());
  }

  /** A valid route of {@code customerId} ("" = default route) to a provider. */
  public static Route.Builder route(String customerId, String prefix, String providerId) {
    return Route.newBuilder()
        .setCustomerId(customerId)
        .setPrefix(prefix)
        .setProviderId(providerId)
        .setPriority(10)
        .setWeight(1)
        .setName("route " + prefix);
  }

  public static Route createRoute(RouteAdminBlockingStub admin, Route.Builder route) {
    return admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route).build());
  }
}
