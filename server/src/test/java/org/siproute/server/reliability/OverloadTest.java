package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.util.Durations;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.api.RpcExecution;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.Refusals;
import org.siproute.server.testing.TestServer;

/**
 * Overload protection over a real loopback port: decisions and admin calls beyond their
 * in-flight bounds are refused at once with RESOURCE_EXHAUSTED and a RetryInfo delay, the
 * refusal holds no place, and a freed place serves the next call.
 */
class OverloadTest {
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void decisionsBeyondTheBoundAreRefusedAtOnceWithRetryInfoAndAFreedPlaceServesTheNext() throws Exception {
    int limit = 3;
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withMaxDecisionsInFlight(limit)))
            .start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      RpcExecution execution = server.instance(RpcExecution.class);

      // Select calls started on the server whose request has not arrived: they are not work yet
      // and hold no place (HTTP/2 clients open streams ahead of their messages).
      List<PendingSelect> pending = new ArrayList<>();
      for (int i = 0; i < limit + 1; i++) {
        pending.add(PendingSelect.start(server.channel()));
      }
      assertThat(server.select().select(CALL).getAttempts(0).getProviderId())
          .as("streams without their request do not fill the bound")
          .isEqualTo("alpha");
      assertThat(execution.decisionsInFlight()).isZero();

      // Their requests arrive, but not the end of their streams: each now holds a place.
      for (int i = 0; i < limit; i++) {
        pending.get(i).sendRequest(CALL);
      }
      until(() -> execution.decisionsInFlight() == limit);

      long before = System.nanoTime();
      StatusRuntimeException refused = Refusals.refused(Status.Code.RESOURCE_EXHAUSTED, () -> server.select().select(CALL));
      long refusedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
      assertThat(refused.getStatus().getDescription()).contains("overloaded").contains(limit + " decisions in flight");
      assertThat(retryDelay(refused)).as("RetryInfo").isEqualTo(Duration.ofMillis(100));
      assertThat(refusedAfterMs).as("refused at once, not queued").isLessThan(2_000);
      assertThat(execution.decisionsInFlight()).as("a refused call holds no place").isEqualTo(limit);

      // A call started earlier is refused when its request arrives while the bound is full.
      PendingSelect late = pending.get(limit);
      late.sendRequest(CALL);
      late.finish();
      ExecutionException lateRefusal = assertThrows(
          ExecutionException.class, () -> late.result().get(10, TimeUnit.SECONDS));
      assertThat(Status.fromThrowable(lateRefusal.getCause()).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(execution.decisionsInFlight()).isEqualTo(limit);

      // One held call ends its stream and is answered; its place serves the next call.
      PendingSelect first = pending.get(0);
      first.finish();
      assertThat(first.result().get(10, TimeUnit.SECONDS).getAttemptsList()).hasSize(1);
      until(() -> execution.decisionsInFlight() == limit - 1);
      assertThat(server.select().select(CALL).getAttempts(0).getProviderId()).isEqualTo("alpha");

      // A caller that gives up gives its place back too.
      pending.get(1).call.cancel("caller gave up", null);
      until(() -> execution.decisionsInFlight() == limit - 2);
      pending.get(2).finish();
      assertThat(pending.get(2).result().get(10, TimeUnit.SECONDS).getAttemptsCount()).isEqualTo(1);
      until(() -> execution.decisionsInFlight() == 0);
    }
  }

  @Test
  void adminCallsBeyondTheBoundAreRefusedAtOnceWithRetryInfoWhileDecisionsGoOn() throws Exception {
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withAdminCalls(1, 1)))
            .start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      RpcExecution execution = server.instance(RpcExecution.class);
      assertThat(execution.adminCallsInFlight()).as("answered calls have given their places back").isZero();

      // A rate import that has started and sends nothing more holds the one admin place.
      ClientCall<ImportRatesRequest, ImportRatesResponse> importing =
          server.channel().newCall(RouteAdminGrpc.getImportRatesMethod(), CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
      CompletableFuture<Status> importEnded = new CompletableFuture<>();
      importing.start(
          new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
              importEnded.complete(status);
            }
          },
          new Metadata());
      importing.request(1);
      until(() -> execution.adminCallsInFlight() == 1);
      assertThat(importEnded).as("the import holds its place, it was not refused").isNotDone();

      eventually(
              () -> {
                StatusRuntimeException refused =
                    Refusals.refused(Status.Code.RESOURCE_EXHAUSTED, () -> server.admin().listProviders(ListProvidersRequest.getDefaultInstance()));
                assertThat(refused.getStatus().getDescription()).contains("1 admin calls in flight");
                assertThat(retryDelay(refused)).isEqualTo(Duration.ofSeconds(1));
              });
      // Decisions run on the transport threads and are not held up by admin calls.
      assertThat(server.select().select(CALL).getAttempts(0).getProviderId()).isEqualTo("alpha");

      importing.cancel("done", null);
      assertThat(importEnded.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
      eventually(
              () -> assertThat(server.admin().listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersList())
                  .hasSize(1));
    }
  }

  @Test
  void aClientCallingOneAfterAnotherNeverFindsThePlaceOfItsLastAnsweredCallStillTaken() throws Exception {
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withAdminCalls(1, 1).withMaxDecisionsInFlight(1)))
            .start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      // A place is freed when the server closes the call, before the answer reaches the client.
      // Freed only when gRPC later reports the call complete, some of these would be refused.
      for (int i = 0; i < 200; i++) {
        assertThat(server.admin().listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersCount()).isEqualTo(1);
        assertThat(server.select().select(CALL).getAttemptsCount()).isEqualTo(1);
      }
    }
  }

  private static void until(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(end);
      Thread.sleep(10);
    }
  }

  /** Runs {@code check} until it passes, for at most 10 s. */
  private static void eventually(ThrowingRunnable check) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | StatusRuntimeException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static Duration retryDelay(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        return Duration.ofMillis(Durations.toMillis(detail.unpack(RetryInfo.class).getRetryDelay()));
      }
    }
    throw new AssertionError("no RetryInfo in " + status);
  }

  /** A Select call started on the server whose request, and end, are sent only when the test says so. */
  private static final class PendingSelect {
    final ClientCall<SelectRequest, SelectResponse> call;
    private final CompletableFuture<SelectResponse> result = new CompletableFuture<>();

    private PendingSelect(Channel channel) {
      // As a client stream on the client's side: grpc-java sends the headers of a unary call only
      // with its message and its end, and the test needs the call started on the server without
      // them.
      this.call =
          channel.newCall(
              RouteSelectGrpc.getSelectMethod().toBuilder().setType(MethodDescriptor.MethodType.CLIENT_STREAMING).build(),
              CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
    }

    static PendingSelect start(Channel channel) {
      PendingSelect pending = new PendingSelect(channel);
      pending.call.start(
          new ClientCall.Listener<>() {
            private SelectResponse response;

            @Override
            public void onMessage(SelectResponse message) {
              response = message;
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              if (status.isOk()) {
                pending.result.complete(response);
              } else {
                pending.result.completeExceptionally(status.asRuntimeException(trailers));
              }
            }
          },
          new Metadata());
      pending.call.request(1);
      // The headers go out now; the server starts the call and waits for its request.
      return pending;
    }

    /** Sends the request, not the end of the stream: the server has the request and waits. */
    void sendRequest(SelectRequest request) {
      call.sendMessage(request);
    }

    void finish() {
      call.halfClose();
    }

    CompletableFuture<SelectResponse> result() {
      return result;
    }
  }
}
