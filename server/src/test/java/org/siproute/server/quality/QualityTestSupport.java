package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.RoutingTestServer;

/** What the quality tests share: servers with a chosen clock, reports, status, waiting. */
final class QualityTestSupport {
  static final Instant START = Instant.parse("2030-03-04T10:00:00Z");

  private QualityTestSupport() {}

  static MutableClock clock() {
    return new MutableClock(START);
  }

  /** A server on a fresh H2 database with these quality settings and a long dial idle timeout. */
  static RoutingTestServer server(QualityConfig quality, MutableClock clock) {
    return server(RoutingTestServer.freshH2Url(), quality, Duration.ofSeconds(120), clock);
  }

  static RoutingTestServer server(String url, QualityConfig quality, Duration dialIdleTimeout, MutableClock clock) {
    ServerConfig config =
        RoutingTestServer.config(url).withQuality(quality).withDialIdleTimeout(dialIdleTimeout);
    return RoutingTestServer.start(config, clock);
  }

  /** Providers p0, p1, ... with default routes for "49" at priorities 0, 1, ... */
  static void providersFor49(RoutingTestServer server, String... ids) {
    for (int i = 0; i < ids.length; i++) {
      RoutingFixtures.provider(server.admin, ids[i]);
      RoutingFixtures.route(server.admin, RoutingFixtures.routeTo(ids[i], "", "49", i));
    }
  }

  static SelectRequest call49() {
    return RoutingFixtures.call("acme", "+49 30 1234567").build();
  }

  static List<String> order(RoutingTestServer server) {
    return server.select.select(call49()).getAttemptsList().stream().map(Attempt::getProviderId).toList();
  }

  static List<String> reasonsOf(RoutingTestServer server, String providerId) {
    return server.select.select(call49().toBuilder().setExplain(true).build()).getAttemptsList().stream()
        .filter(a -> a.getProviderId().equals(providerId))
        .findFirst()
        .orElseThrow()
        .getReasonsList();
  }

  static ProviderStatus status(RoutingTestServer server, String providerId) {
    return server.admin.getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId(providerId).build());
  }

  static void report(RoutingTestServer server, String providerId, int callingCode, int sipCode) {
    server.select.reportOutcome(
        ReportOutcomeRequest.newBuilder().setProviderId(providerId).setCallingCode(callingCode).setSipCode(sipCode).build());
  }

  static void reportFailure(RoutingTestServer server, String providerId, AttemptFailure failure) {
    server.select.reportOutcome(
        ReportOutcomeRequest.newBuilder().setProviderId(providerId).setCallingCode(49).setFailure(failure).build());
  }

  /** Waits (bounded) for something other threads make true; fails naming it otherwise. */
  static void eventually(String what, BooleanSupplier condition) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - until > 0) {
        assertThat(condition.getAsBoolean()).as(what).isTrue();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
