package org.siproute.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc.RouteAdminBlockingStub;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.Strategy;
import org.siproute.server.store.Store;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** --demo: loaded once into an empty database through the admin API, never duplicated. */
class DemoDataTest {

  private static List<Provider> providers(RouteAdminBlockingStub admin) {
    return admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(1000).build()).getProvidersList();
  }

  private static List<Route> routes(RouteAdminBlockingStub admin) {
    return admin.listRoutes(ListRoutesRequest.newBuilder().setPageSize(1000).build()).getRoutesList();
  }

  @Test
  void demoFillsAnEmptyDatabaseThroughTheAdminApi() {
    try (TestServer server = TestServer.builder().flags("--demo").start()) {
      RouteAdminBlockingStub admin = server.admin();

      assertThat(providers(admin))
          .extracting(Provider::getId)
          .containsExactly("alpha-voice", "beta-telecom", "delta-backup", "gamma-carrier");
      assertThat(routes(admin)).hasSize(9);
      List<Route> acme =
          admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(DemoData.CUSTOMER).build()).getRoutesList();
      assertThat(acme).hasSize(2).anySatisfy(r -> assertThat(r.getSchedule().getTimeZone()).isEqualTo("Europe/Berlin"));
      assertThat(admin.listRoutes(ListRoutesRequest.newBuilder().setDefaultOnly(true).build()).getRoutesList()).hasSize(7);
      assertThat(admin.listRates(ListRatesRequest.newBuilder().setProviderId("alpha-voice").build()).getRatesList()).hasSize(5);
      RoutingPolicy policy =
          admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(DemoData.CUSTOMER).build());
      assertThat(policy.getInherited()).isFalse();
      assertThat(policy.getStrategy()).isEqualTo(Strategy.LEAST_COST);
      assertThat(policy.getDefaultRegion()).isEqualTo("DE");
      // acme's numbers are read as dialled in Germany.
      assertThat(server.select().select(SelectRequest.newBuilder().setCustomerId(DemoData.CUSTOMER).setDestination("0044 20 7946 0958").build())
          .getDestination()).isEqualTo("442079460958");
    }
  }

  @Test
  void restartWithDemoDoesNotDuplicateAnything() {
    TestDatabase database = TestDatabase.h2();
    try {
      List<Provider> providers;
      List<Route> routes;
      long revision;
      try (TestServer first = TestServer.builder().sharedDatabase(database).flags("--demo").start()) {
        providers = providers(first.admin());
        routes = routes(first.admin());
        revision = first.injector().getInstance(Store.class).revision();
      }

      try (TestServer second = TestServer.builder().sharedDatabase(database).flags("--demo").start()) {
        assertThat(providers(second.admin())).isEqualTo(providers);
        assertThat(routes(second.admin())).isEqualTo(routes);
        assertThat(second.injector().getInstance(Store.class).revision()).isEqualTo(revision);
        assertThat(second.injector().getInstance(DemoData.class).loadIfEmpty().loaded()).isFalse();
      }
    } finally {
      database.close();
    }
  }

  @Test
  void demoLeavesADatabaseWithProvidersAlone() {
    TestDatabase database = TestDatabase.h2();
    try {
      Provider own;
      try (TestServer plain = TestServer.builder().sharedDatabase(database).start()) {
        assertThat(providers(plain.admin())).as("no demo data without --demo").isEmpty();
        own = plain.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider(Fixtures.uniqueId("own"))).build());
      }

      try (TestServer demo = TestServer.builder().sharedDatabase(database).flags("--demo").start()) {
        assertThat(providers(demo.admin())).containsExactly(own);
        assertThat(routes(demo.admin())).isEmpty();
      }
    } finally {
      database.close();
    }
  }

  @Test
  void demoProvidersShowNumberFormatsAndRouteTranslation() {
    try (TestServer server = TestServer.builder().flags("--demo").start()) {
      // Germany via Beta: Beta writes "0049301234567", the route strips "0049" and prepends "0".
      Attempt germany =
          server.select().select(SelectRequest.newBuilder().setCustomerId("someone").setDestination("+49 30 1234567").build())
              .getAttempts(0);
      assertThat(germany.getProviderId()).isEqualTo("beta-telecom");
      assertThat(germany.getDialedNumber()).isEqualTo("0301234567");
      assertThat(germany.getSipUri()).isEqualTo("sip:7788%230301234567@trunk.beta-telecom.example;transport=tcp");

      Attempt northAmerica =
          server.select().select(SelectRequest.newBuilder().setCustomerId("someone").setDestination("+1 212 555 0100").build())
              .getAttempts(0);
      assertThat(northAmerica.getProviderId()).isEqualTo("gamma-carrier");
      assertThat(northAmerica.getDialedNumber()).isEqualTo("+12125550100");

      // German callers reach the UK through Beta first; others through Alpha.
      assertThat(server.select().select(SelectRequest.newBuilder().setCustomerId("someone").setDestination("+44 20 7946 0958")
          .setSource("+49 30 1234567").build()).getAttempts(0).getProviderId()).isEqualTo("beta-telecom");
      SelectResponse uk = server.select().select(SelectRequest.newBuilder().setCustomerId("someone")
          .setDestination("+44 20 7946 0958").setCallId("demo-uk-1").build());
      assertThat(uk.getAttempts(0).getProviderId()).isEqualTo("alpha-voice");
      // Alpha's two SBCs are both tried before the next provider, in an order the call id fixes.
      assertThat(uk.getAttempts(1).getProviderId()).isEqualTo("alpha-voice");
      assertThat(List.of(uk.getAttempts(0).getGateway(), uk.getAttempts(1).getGateway()))
          .containsExactlyInAnyOrder("sbc1.alpha-voice.example:5060", "sbc2.alpha-voice.example:5060");
      assertThat(uk.getAttempts(0).getSipUri()).isEqualTo("sip:442079460958@" + uk.getAttempts(0).getGateway());

      // The platform's block of German premium-rate numbers holds for acme too.
      SelectResponse premium =
          server.select().select(SelectRequest.newBuilder().setCustomerId(DemoData.CUSTOMER).setDestination("+49 900 1234567").build());
      assertThat(premium.getAttemptsList()).isEmpty();
      assertThat(premium.getBlocked().getSipCode()).isEqualTo(403);
      assertThat(premium.getBlocked().getReason()).contains("Germany premium rate (0900) blocked");
    }
  }

  @Test
  void summaryCountsWhatWasLoaded() {
    try (TestServer server = TestServer.start()) {
      DemoData.Summary summary = server.injector().getInstance(DemoData.class).loadIfEmpty();

      assertThat(summary).isEqualTo(new DemoData.Summary(4, 7, 2, 12, 1));
      assertThat(providers(server.admin())).hasSize(4);
    }
  }
}
