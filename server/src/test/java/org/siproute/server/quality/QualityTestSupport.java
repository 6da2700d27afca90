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
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.TestServer;

/** What the quality tests share: servers with a chosen clock, reports, status, waiting. */
final class QualityTestSupport {
  static final Instant START = Instant.parse("2030-03-04T10:00:00Z");

  private QualityTestSupport() {}

  static MutableClock clock() {
    return new MutableClock(START);
  }

  /** A server on a fresh H2 database with these quality settings and a long dial idle timeout. */
  static TestServer server(QualityConfig quality, MutableClock clock) {
    return serverWith(quality, clock).start();
  }

  /** {@link #server(QualityConfig, MutableClock)} to adjust further before it starts. */
  static TestServer.Builder serverWith(QualityConfig quality, MutableClock clock) {
    return TestServer.builder()
        .clock(clock)
        .config(c -> c.withQuality(quality).withDialIdleTimeout(Duration.ofSeconds(120)));
  }

  /** Providers p0, p1, ... with default routes for "49" at priorities 0, 1, ... */
  static void providersFor49(TestServer server, String... ids) {
    for (int i = 0; i < ids.length; i++) {
      RoutingFixtures.provider(server.admin(), ids[i]);
      RoutingFixtures.route(server.admin(), RoutingFixtures.routeTo(ids[i], "", "49", i));
    }
  }

  static SelectRequest call49() {
    return RoutingFixtures.call("acme", "+49 30 1234567").build();
  }

  static List<String> order(TestServer server) {
    return server.select().select(call49()).getAttemptsList().stream().map(Attempt::getProviderId).toList();
  }

  static List<String> reasonsOf(TestServer server, String providerId) {
    return server.select().select(call49().toBuilder().setExplain(true).build()).getAttemptsList().stream()
        .filter(a -> a.getProviderId().equals(providerId))
        .findFirst()
        .orElseThrow()
        .getReasonsList();
  }

  static ProviderStatus status(TestServer server, String providerId) {
    return server.admin().getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId(providerId).build());
  }

  static void report(TestServer server, String providerId, int callingCode, int sipCode) {
    server.select().reportOutcome(
        ReportOutcomeRequest.newBuilder().setProviderId(providerId).setCallingCode(callingCode).setSipCode(sipCode).build());
  }

  static void reportFailure(TestServer server, String providerId, AttemptFailure failure) {
    server.select().reportOutcome(
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
