package org.siproute.server.testing;

import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.List;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.Transport;

/** Builders for the data routing tests set up through the admin API. */
public final class RoutingFixtures {
  private RoutingFixtures() {}

  public static Provider provider(RouteAdminGrpc.RouteAdminBlockingStub admin, String id) {
    return admin.createProvider(
        CreateProviderRequest.newBuilder()
            .setProvider(
                Provider.newBuilder()
                    .setId(id)
                    .setName("Carrier " + id)
                    .setHostname(id + ".carrier.example")
                    .setTransport(Transport.UDP))
            .build());
  }

  public static Route route(RouteAdminGrpc.RouteAdminBlockingStub admin, Route.Builder route) {
    return admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route).build());
  }

  public static Route.Builder routeTo(String providerId, String customerId, String prefix, int priority) {
    return Route.newBuilder()
        .setProviderId(providerId)
        .setCustomerId(customerId)
        .setPrefix(prefix)
        .setPriority(priority);
  }

  public static Rate rate(String prefix, long priceMicros) {
    return Rate.newBuilder().setPrefix(prefix).setPriceMicros(priceMicros).setCurrency("USD").build();
  }

  /** Imports rates through the real streaming rpc and waits for the answer. */
  public static void importRates(TestServer server, String providerId, Rate... rates) {
    RateImports.run(server.channel(), ImportRatesRequest.newBuilder().setProviderId(providerId).addAllRates(List.of(rates)).build());
  }

  public static SelectRequest.Builder call(String customerId, String destination) {
    return SelectRequest.newBuilder().setCustomerId(customerId).setDestination(destination);
  }

  public static SelectRequest.Builder callAt(String customerId, String destination, String isoInstant) {
    return call(customerId, destination).setCallTime(Timestamps.fromMillis(Instant.parse(isoInstant).toEpochMilli()));
  }
}
