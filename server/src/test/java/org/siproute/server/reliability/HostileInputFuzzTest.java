package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.select.DialSessions;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.Refusals;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * Hostile input on every rpc of RouteAdmin and RouteSelect: thousands of random and malformed
 * requests (see {@link RequestFuzzer}), sent with admin, customer, router and unknown keys,
 * client streams and Dial streams of random length and order, half-closed or cancelled. For
 * each call: no UNKNOWN or INTERNAL (or any unexpected) status, no hang, no SQL, driver or Java
 * names in what the client sees, an error small enough for gRPC's 8 KiB metadata limit, and
 * not a single row written by a refused request. Afterwards the server is healthy: health
 * SERVING, no Dial session or import thread left, and ordinary calls work.
 *
 * <p>Seeded: {@code -Dsiproute.fuzz.seed=N} repeats a run (the seed is in every failure
 * message); {@code -Dsiproute.fuzz.requests=N} runs more.
 */
class HostileInputFuzzTest {
  private static final long SEED = Long.getLong("siproute.fuzz.seed", 20_260_305L);
  private static final int H2_REQUESTS = Integer.getInteger("siproute.fuzz.requests", 10_500);
  /** MariaDB round trips cost more; this run is for what only MariaDB refuses (lengths, charsets). */
  private static final int MARIADB_REQUESTS = Integer.getInteger("siproute.fuzz.mariadb.requests", 2_100);
  /** gRPC's default limit for the metadata a client accepts: an error must fit in it. */
  private static final int MAX_ERROR_BYTES = 8 * 1024;

  private static final Set<Status.Code> REFUSALS =
      EnumSet.of(
          Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS,
          Status.Code.FAILED_PRECONDITION, Status.Code.ABORTED, Status.Code.PERMISSION_DENIED,
          Status.Code.UNAUTHENTICATED, Status.Code.RESOURCE_EXHAUSTED);

  private static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private record Rpc(MethodDescriptor<?, ?> method, MethodDescriptor<byte[], byte[]> raw, Descriptor request, Descriptor response) {}

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void noRequestGetsAnUnexpectedStatusLeaksInternalsOrWritesWhenRefused(TestDatabase.Kind kind) throws Exception {
    int requests = kind == TestDatabase.Kind.H2 ? H2_REQUESTS : MARIADB_REQUESTS;
    TestDatabase database = kind.open();
    try (TestServer server = TestServer.start(database);
        DatabaseFingerprint fingerprint = new DatabaseFingerprint(database.url())) {
      RequestFuzzer.Pools pools = new RequestFuzzer.Pools();
      List<Channel> callers = seed(server, pools);
      List<Rpc> rpcs = rpcs(RouteAdminGrpc.getServiceDescriptor(), RouteSelectGrpc.getServiceDescriptor());
      RequestFuzzer fuzzer = new RequestFuzzer(new Random(SEED), pools);

      List<String> failures = new ArrayList<>();
      Map<String, Integer> perRpc = new TreeMap<>();
      Map<Status.Code, Integer> perStatus = new TreeMap<>();
      Map<String, Long> millisPerRpc = new TreeMap<>();
      long generationNanos = 0;
      long started = System.nanoTime();
      List<Long> before = fingerprint.read();
      for (int i = 0; i < requests; i++) {
        Rpc rpc = rpcs.get(i % rpcs.size());
        long requestStarted = System.nanoTime();
        Channel caller = callers.get(pickCaller(fuzzer));
        List<byte[]> messages = messages(fuzzer, rpc);
        generationNanos += System.nanoTime() - requestStarted;
        boolean cancel = rpc.method().getType() != MethodDescriptor.MethodType.UNARY && fuzzer.cancelsStream();

        RawCalls.Outcome outcome = RawCalls.call(caller, rpc.raw(), messages, cancel);
        Status status = outcome.status();
        perRpc.merge(rpc.method().getBareMethodName(), 1, Integer::sum);
        perStatus.merge(status.getCode(), 1, Integer::sum);

        List<String> problems = new ArrayList<>();
        boolean expected =
            status.isOk() || REFUSALS.contains(status.getCode()) || (cancel && status.getCode() == Status.Code.CANCELLED);
        if (!expected || outcome.hung()) {
          problems.add("status " + status.getCode() + ": " + status.getDescription());
        }
        if (!status.isOk()) {
          problems.addAll(Refusals.internalsShown(status.asRuntimeException(outcome.trailers())).stream()
              .map(leak -> "shows internals ('" + leak + "'): " + abbreviate(status.getDescription()))
              .toList());
          int errorBytes = String.valueOf(status.getDescription()).length() + detailsLength(outcome.trailers());
          if (errorBytes > MAX_ERROR_BYTES) {
            problems.add("error of " + errorBytes + " bytes, over gRPC's " + MAX_ERROR_BYTES + " byte metadata limit");
          }
          List<Long> after = fingerprint.read();
          if (!after.equals(before)) {
            problems.add("refused with " + status.getCode() + " but wrote to the database");
            before = after;
          }
        } else {
          before = fingerprint.read(); // an accepted write moves it
          for (byte[] response : outcome.responses()) {
            try {
              pools.learn(DynamicMessage.parseFrom(rpc.response(), response));
            } catch (InvalidProtocolBufferException e) {
              problems.add("answered with a message that does not parse");
            }
          }
        }
        millisPerRpc.merge(rpc.method().getBareMethodName(), (System.nanoTime() - requestStarted) / 1_000_000, Long::sum);
        for (String problem : problems) {
          if (failures.size() < 25) {
            failures.add("seed " + SEED + ", request #" + i + " " + rpc.method().getBareMethodName()
                + (cancel ? " (cancelled)" : "") + ": " + problem + "\n    sent: " + describe(rpc, messages));
          }
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf("fuzz on %s: %d requests in %d s, seed %d%n  per rpc: %s%n  per status: %s%n  ms per rpc: %s%n  generating: %d ms%n",
          kind, requests, took.toSeconds(), SEED, perRpc, perStatus, millisPerRpc, generationNanos / 1_000_000);

      assertThat(failures).as("problems (seed %d)", SEED).isEmpty();
      assertThat(perRpc.keySet()).as("every rpc was fuzzed").hasSize(rpcs.size());
      assertThat(perRpc.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(requests / rpcs.size()));
      assertHealthy(server);
    }
  }

  /** Data to aim at, and channels of the four kinds of caller. */
  private static List<Channel> seed(TestServer server, RequestFuzzer.Pools pools) {
    var admin = server.admin();
    for (int i = 0; i < 5; i++) {
      String id = "p" + i;
      admin.createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider(id)).build());
      pools.providerIds.add(id);
    }
    pools.routeIds.add(Fixtures.createRoute(admin, Fixtures.route("", "49", "p0")).getId());
    pools.routeIds.add(
        admin.createRoute(
                CreateRouteRequest.newBuilder()
                    .setRoute(
                        Fixtures.route("acme", "4930", "p1")
                            .setSchedule(
                                Schedule.newBuilder()
                                    .setTimeZone("Europe/Berlin")
                                    .addWindows(TimeWindow.newBuilder().addDays(1).setStartTime("08:00").setEndTime("18:00"))))
                    .build())
            .getId());
    admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId("acme").setStrategy(Strategy.LEAST_COST).setMaxAttempts(3))
            .build());
    RateImports.run(
        server.channel(),
        ImportRatesRequest.newBuilder()
            .setProviderId("p0")
            .addRates(Rate.newBuilder().setPrefix("49").setPriceMicros(5000).setCurrency("EUR"))
            .addRates(Rate.newBuilder().setPrefix("4930").setPriceMicros(4000).setCurrency("EUR"))
            .build());
    Channel customer = server.channel(newKey(server, pools, Role.CUSTOMER, "acme"));
    Channel router = server.channel(newKey(server, pools, Role.ROUTER, ""));
    Channel stranger = server.channel("sr_" + "A".repeat(43));
    return List.of(server.channel(), customer, router, stranger);
  }

  private static String newKey(TestServer server, RequestFuzzer.Pools pools, Role role, String customer) {
    CreateApiKeyResponse created =
        server.admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setApiKey(ApiKey.newBuilder().setRole(role).setCustomerId(customer).setName("fuzz " + role))
                    .build());
    pools.protectedKeyIds.add(created.getApiKey().getId());
    return created.getSecret();
  }

  /** Mostly the admin (who reaches the most code), sometimes a customer, a router, a stranger. */
  private static int pickCaller(RequestFuzzer fuzzer) {
    int roll = fuzzer.pick(100);
    return roll < 75 ? 0 : roll < 87 ? 1 : roll < 95 ? 2 : 3;
  }

  private static List<byte[]> messages(RequestFuzzer fuzzer, Rpc rpc) {
    List<byte[]> messages = new ArrayList<>();
    if (rpc.method().getType() == MethodDescriptor.MethodType.UNARY) {
      // Now and then a broken client sends no request, or two, on a unary call.
      int roll = fuzzer.pick(100);
      int count = roll < 3 ? 0 : roll < 6 ? 2 : 1;
      for (int i = 0; i < count; i++) {
        messages.add(fuzzer.request(rpc.request()));
      }
      return messages;
    }
    int n = fuzzer.streamLength();
    for (int i = 0; i < n; i++) {
      if (i == 0 && rpc.method().getType() == MethodDescriptor.MethodType.BIDI_STREAMING && fuzzer.pick(2) == 0) {
        // Half of the Dial streams start properly, so that later messages meet a live call.
        messages.add(
            DialRequest.newBuilder()
                .setStart(DialStart.newBuilder().setRequest(SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567")))
                .build()
                .toByteArray());
      } else {
        messages.add(fuzzer.request(rpc.request()));
      }
    }
    return messages;
  }

  private static List<Rpc> rpcs(ServiceDescriptor... services) {
    List<Rpc> rpcs = new ArrayList<>();
    for (ServiceDescriptor service : services) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        var schema = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor()).getMethodDescriptor();
        rpcs.add(new Rpc(method, RawCalls.raw(method), schema.getInputType(), schema.getOutputType()));
      }
    }
    return rpcs;
  }

  private static void assertHealthy(TestServer server) throws InterruptedException {
    var health = HealthGrpc.newBlockingStub(server.channel());
    for (String service : List.of("", "siproute.v1.RouteAdmin", "siproute.v1.RouteSelect")) {
      assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
          .as("health of '%s' after the fuzz", service)
          .isEqualTo(ServingStatus.SERVING);
    }
    DialSessions sessions = server.injector().getInstance(DialSessions.class);
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while ((sessions.openSessions() > 0 || importThreads() > 0) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(sessions.openSessions()).as("Dial sessions left open").isZero();
    assertThat(importThreads()).as("rate import threads left running").isZero();
    // Ordinary calls still work (for a customer with a policy of its own: the fuzz may have
    // changed the platform default to anything valid).
    String provider = Fixtures.createProvider(server.admin()).getId();
    Fixtures.createRoute(server.admin(), Fixtures.route("fuzz-after", "4420", provider).setPriority(0));
    server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId("fuzz-after").setStrategy(Strategy.PRIORITY).setMaxAttempts(3))
            .build());
    assertThat(RouteSelectGrpc.newBlockingStub(server.channel())
            .select(SelectRequest.newBuilder().setCustomerId("fuzz-after").setDestination("+44 20 7946 0958").build())
            .getAttemptsCount())
        .isPositive();
  }

  private static long importThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("rate-import-")).count();
  }

  private static int detailsLength(Metadata trailers) {
    byte[] details = trailers == null ? null : trailers.get(STATUS_DETAILS);
    return details == null ? 0 : details.length;
  }

  private static String describe(Rpc rpc, List<byte[]> messages) {
    List<String> parts = new ArrayList<>();
    for (byte[] message : messages) {
      try {
        parts.add(abbreviate(TextFormat.printer().shortDebugString(DynamicMessage.parseFrom(rpc.request(), message))));
      } catch (InvalidProtocolBufferException e) {
        parts.add("unparseable " + message.length + " bytes " + HexFormat.of().formatHex(message, 0, Math.min(40, message.length)));
      }
    }
    return parts.isEmpty() ? "(no message)" : String.join(" | ", parts);
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
  }
}
