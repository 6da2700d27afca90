package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.siproute.server.testing.Refusals.refused;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.admin.AdminService;
import org.siproute.server.api.RouteSelectService;
import org.siproute.server.auth.Caller;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Transport;
import org.siproute.server.store.CallDeadline;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OneReply;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * Deadlines are honoured: work whose caller's deadline has passed is not done, and database
 * statements of an admin call are cancelled when the call's deadline passes, so that a write
 * the caller has given up on is never committed later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadlineTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterAll
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  /** Runs {@code work} as a call whose deadline passed a moment ago. */
  private <T> T pastDeadline(Supplier<T> work) {
    Context.CancellableContext expired =
        Context.current().withDeadline(Deadline.after(-1, TimeUnit.MILLISECONDS), scheduler);
    try {
      return expired.call(work::get);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      expired.cancel(null);
    }
  }

  @Test
  void aSelectWhoseDeadlineHasPassedIsNotComputed() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      RouteSelectService select = server.instance(RouteSelectService.class);
      SelectRequest call = SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

      OneReply<SelectResponse> onTime = new OneReply<>();
      select.select(call, onTime);
      OneReply<SelectResponse> late = new OneReply<>();
      pastDeadline(() -> {
        select.select(call, late);
        return null;
      });

      assertThat(onTime.get()).isInstanceOf(SelectResponse.class);
      StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, late::get);
      assertThat(refusal).as("no plan for a caller past its deadline").isNotNull();
      assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
  }

  @Test
  void anAdminWriteWhoseDeadlineHasPassedWritesNothing() {
    try (TestServer server = TestServer.start()) {
      AdminService admin = server.instance(AdminService.class);
      org.siproute.server.domain.Provider late =
          new org.siproute.server.domain.Provider(
              "late", "Late", "late.example", Transport.UDP, "", "", Map.of(), false, 0, 0, Map.of(), 0, 0, 0, NumberFormat.E164_DIGITS, List.of(), 0);

      // The deadline reaches the core as a plain value, as the edge sets it around every call.
      ServiceException refusal =
          catchThrowableOfType(
              ServiceException.class,
              () -> CallDeadline.after(-TimeUnit.MILLISECONDS.toNanos(1))
                  .run(() -> admin.createProvider(Caller.internal("test"), late)));

      assertThat(refusal).isNotNull();
      assertThat(refusal.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
      refused(Status.Code.NOT_FOUND, () -> server.admin().getProvider(GetProviderRequest.newBuilder().setId("late").build()));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aWriteWhoseDeadlinePassesWhileItWaitsForALockIsCancelledNotCommittedLater(TestDatabase.Kind kind) throws Exception {
    TestDatabase database = kind.open();
    if (kind == TestDatabase.Kind.H2) {
      // H2 gives up waiting for a lock after 2 s by itself, which would hide what is tested.
      // (With a long lock wait, H2 notices the cancelled statement when the lock is free;
      // MariaDB at once. Either way the write must not commit.)
      database.execute("SET DEFAULT_LOCK_TIMEOUT 60000");
    }
    // Query timeouts far above the deadline: only the deadline can end the statement's wait.
    try (TestServer server =
        TestServer.builder()
            .database(database)
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withDbTimeouts(Duration.ofMinutes(1), Duration.ofMinutes(1))))
            .start()) {
      Provider stored =
          server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("locked").setWeight(1)).build());

      try (Connection other = DriverManager.getConnection(database.url())) {
        // Another writer holds the provider's row...
        other.setAutoCommit(false);
        try (PreparedStatement lock = other.prepareStatement("SELECT id FROM provider WHERE id = ? FOR UPDATE")) {
          lock.setString(1, "locked");
          lock.executeQuery().close();
        }
        // ...while an update, whose caller allows it 1.5 s, waits for it.
        refused(
            Status.Code.DEADLINE_EXCEEDED,
            () -> server.admin()
                .withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                .updateProvider(UpdateProviderRequest.newBuilder().setProvider(stored.toBuilder().setWeight(7)).build()));
        // The other writer finishes long after the deadline (and after the whole second the
        // statement timeout rounds it up to).
        Thread.sleep(3000);
        other.rollback();
      }

      Thread.sleep(1000); // an update still waiting would now get the row and commit
      Provider after = server.admin().getProvider(GetProviderRequest.newBuilder().setId("locked").build());
      assertThat(after.getWeight()).as("weight written by a call that had given up").isEqualTo(1);
      assertThat(after.getEtag()).isEqualTo(stored.getEtag());
    }
  }
}
