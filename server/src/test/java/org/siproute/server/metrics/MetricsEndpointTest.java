package org.siproute.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** What `curl http://host:metrics-port/metrics` shows after real traffic. */
class MetricsEndpointTest {

  @Test
  void metricsPortServesRpcDecisionFailoverSnapshotCallAndDatabaseSeries() throws Exception {
    int metricsPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      metricsPort = socket.getLocalPort();
    }
    try (TestServer server = TestServer.builder().loopback().flags("--metrics-port", String.valueOf(metricsPort)).start()) {
      SiprouteClient client = server.client();
      for (String p : List.of("p0", "p1")) {
        client.admin().createProvider(CreateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId(p).setName(p).setHostname(p + ".example")).build());
        client.admin().createRoute(CreateRouteRequest.newBuilder()
            .setRoute(Route.newBuilder().setProviderId(p).setPrefix("49").setPriority(Integer.parseInt(p.substring(1)))).build());
      }
      client.select("acme", "+4930123456");
      client.select("acme", "+1 212 555 0100"); // no route
      try (DialSession call = client.dial("acme", "4930123456", "m-1")) {
        call.report(503);
        call.report(200);
        call.hangUp(Duration.ofSeconds(3));
      }

      String body = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();

      assertThat(body).contains("siproute_rpc_duration_seconds_bucket{code=\"OK\",method=\"siproute.v1.RouteSelect/Select\",le=\"0.001\"}")
          .contains("siproute_rpc_duration_seconds_count{code=\"OK\",method=\"siproute.v1.RouteAdmin/CreateProvider\"} 2");
      assertThat(body).contains("siproute_decisions_total{result=\"routed\",strategy=\"PRIORITY\"} 2")
          .contains("siproute_decisions_total{result=\"no_route\",strategy=\"PRIORITY\"} 1");
      assertThat(body).contains("siproute_failovers_total{code=\"503\",provider=\"p0\"} 1")
          .contains("siproute_attempt_results_total{code=\"200\",provider=\"p1\"} 1");
      assertThat(body).containsPattern("siproute_snapshot_revision [1-9]")
          .contains("siproute_snapshot_age_seconds")
          .contains("siproute_snapshot_build_seconds")
          .contains("siproute_dial_streams_open")
          .contains("siproute_provider_circuit_state{provider=\"p0\"} 0")
          .contains("siproute_provider_active_calls{provider=\"p1\"}")
          .contains("siproute_db_pool_connections{state=\"active\"}");
      assertThat(body).as("no secrets in metrics").doesNotContain(TestKeys.ADMIN_KEY);
    }
  }
}
