package org.siproute.server.bench;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.Transport;

/**
 * The Java half of server/bench/run-transport-bench.sh (see server/docs/benchmarks.md): the
 * script starts and stops the servers, runs h2load and measures server CPU; this class does
 * what needs a real gRPC client. Every subcommand talks to 127.0.0.1 only.
 *
 * <ul>
 *   <li>{@code prepare PORT DIR}: seeds a fresh siproute (admin key in SIPROUTE_ADMIN_KEY) with
 *       one provider and one route, creates a ROUTER key, proves a Select through it answers
 *       OK with one attempt, and writes the h2load bodies (gRPC length-prefixed messages) and
 *       the key to DIR.
 *   <li>{@code h2load-log RATE ORIGIN_EPOCH_MS FILE...}: latency percentiles (whole run, and per
 *       minute from ORIGIN unless it is 0) and how far h2load fell behind its schedule, from the
 *       {@code --log-file}s of h2load {@code --rps} processes side by side at RATE requests/s in
 *       all ({@link H2loadLog}).
 *   <li>{@code storm PORT KEY RATE SECONDS DEADLINE_MS}: callers that give up: every Select with
 *       a DEADLINE_MS deadline.
 *   <li>{@code overload-probe PORT KEY RATE RAMP PRE OVER POST DEADLINE_MS}: RATE calls/s with
 *       a deadline through PRE, OVER and POST seconds (after RAMP s at half the rate), while the
 *       script's h2load overloads the server during OVER: the OK fraction during the overload
 *       and the time until latency is back after it.
 *   <li>{@code jfr-top FILE [N]}: where the CPU samples of a JFR recording are, by top frame,
 *       by method anywhere on the stack, and by thread.
 * </ul>
 *
 * <p>Lines starting {@code RESULT} are read by the script; the rest is for people.
 */
public final class TransportBench {
  static final String CUSTOMER = "bench";
  static final String DESTINATION = "+4930123456789";
  static final String PROVIDER = "bench-carrier";

  private TransportBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: prepare|h2load-log|storm|overload-probe|jfr-top ...");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "prepare" -> prepare(Integer.parseInt(rest[0]), Path.of(rest[1]));
      case "h2load-log" -> h2loadLog(rest);
      case "storm" -> storm(rest);
      case "overload-probe" -> overloadProbe(rest);
      case "jfr-top" -> jfrTop(Path.of(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 25);
      default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
    }
  }

  static SelectRequest selectRequest() {
    return SelectRequest.newBuilder().setCustomerId(CUSTOMER).setDestination(DESTINATION).build();
  }

  /** A message as gRPC frames it on the wire: uncompressed flag, 4-byte big-endian length, bytes. */
  static byte[] grpcFrame(com.google.protobuf.MessageLite message) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(0);
    out.writeInt(message.getSerializedSize());
    message.writeTo(out);
    out.flush();
    return bytes.toByteArray();
  }

  static ManagedChannel channel(int port, String key) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .directExecutor()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
  }

  private static void prepare(int port, Path dir) throws Exception {
    String adminKey = System.getenv("SIPROUTE_ADMIN_KEY");
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalStateException("SIPROUTE_ADMIN_KEY is not set");
    }
    Files.createDirectories(dir);
    ManagedChannel admin = channel(port, adminKey);
    String routerKey;
    try {
      RouteAdminGrpc.RouteAdminBlockingStub stub = RouteAdminGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS);
      stub.createProvider(CreateProviderRequest.newBuilder()
          .setProvider(Provider.newBuilder()
              .setId(PROVIDER)
              .setName("Benchmark carrier")
              .setHostname("sip.bench-carrier.example:5060")
              .setTransport(Transport.UDP))
          .build());
      stub.createRoute(CreateRouteRequest.newBuilder()
          .setRoute(Route.newBuilder().setCustomerId(CUSTOMER).setPrefix("49").setProviderId(PROVIDER).setName("bench"))
          .build());
      // A call service holds a ROUTER key, not the admin key: authenticate the way it would.
      routerKey = stub.createApiKey(CreateApiKeyRequest.newBuilder()
              .setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("transport benchmark"))
              .build())
          .getSecret();
    } finally {
      admin.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    SelectRequest request = selectRequest();
    ManagedChannel router = channel(port, routerKey);
    try {
      // New keys and routes reach the serving path after a key refresh and a snapshot poll.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      SelectResponse response = null;
      StatusRuntimeException last = null;
      while (System.nanoTime() < deadline) {
        try {
          response = RouteSelectGrpc.newBlockingStub(router).withDeadlineAfter(5, TimeUnit.SECONDS).select(request);
          if (response.getAttemptsCount() == 1) {
            break;
          }
        } catch (StatusRuntimeException e) {
          last = e;
        }
        Thread.sleep(100);
      }
      if (response == null || response.getAttemptsCount() != 1) {
        throw new IllegalStateException("Select of the seeded route never answered with one attempt: "
            + (response != null ? response : last));
      }
      System.out.printf("prepare: Select %s -> %s (1 attempt: %s), revision %d%n", CUSTOMER, DESTINATION,
          response.getAttempts(0).getProviderId(), response.getRevision());
    } finally {
      router.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    byte[] select = grpcFrame(request);
    byte[] health = grpcFrame(HealthCheckRequest.getDefaultInstance());
    if (!SelectRequest.parseFrom(Arrays.copyOfRange(select, 5, select.length)).equals(request)
        || ByteBuffer.wrap(select, 1, 4).getInt() != select.length - 5) {
      throw new IllegalStateException("the Select body does not round-trip");
    }
    Files.write(dir.resolve("select.grpc"), select);
    Files.write(dir.resolve("health.grpc"), health);
    Files.writeString(dir.resolve("router.key"), routerKey);
    System.out.printf("prepare: bodies select.grpc (%d bytes) and health.grpc (%d bytes) in %s%n", select.length, health.length, dir);
  }

  private static OpenLoop loop(ManagedChannel channel, long deadlineMillis, long maxInFlight) {
    return new OpenLoop(RouteSelectGrpc.newStub(channel), new SelectRequest[] {selectRequest()}, OpenLoop.Kind.SELECT)
        .withDeadline(deadlineMillis)
        .withMaxInFlight(maxInFlight);
  }

  /** CPU time of this JVM so far, in nanoseconds. */
  private static long ownCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static void h2loadLog(String[] a) throws IOException {
    double rate = Double.parseDouble(a[0]);
    long originMillis = Long.parseLong(a[1]);
    List<Path> files = Arrays.stream(a, 2, a.length).map(Path::of).toList();
    H2loadLog.read(files, rate, originMillis).print(System.out,
        files.size() == 1 ? "h2load log " + files.get(0).getFileName() : "h2load logs of " + files.size() + " processes");
  }

  private static void storm(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    double rate = Double.parseDouble(a[2]);
    double seconds = Double.parseDouble(a[3]);
    long deadlineMillis = Long.parseLong(a[4]);
    ManagedChannel channel = channel(port, a[1]);
    try {
      // A cold client sends far below its rate: warm it up with calls that do not give up.
      loop(channel, 0, OpenLoop.MAX_IN_FLIGHT).run(Math.min(rate / 4, 2_000), 10);
      OpenLoop.CallLog log = loop(channel, deadlineMillis, Long.MAX_VALUE)
          .runPhases(List.of(new OpenLoop.Phase("storm", rate, seconds)));
      Summary s = Summary.of(log, 0, log.calls());
      System.out.printf("storm: %,.0f Select/s for %.0f s, each with a %d ms deadline (after 10 s at %,.0f/s without one, to warm the client up)%n",
          rate, seconds, deadlineMillis, Math.min(rate / 4, 2_000));
      System.out.printf("  %s%n", s.describe());
      System.out.printf("  sender behind schedule at the end: %.0f ms (achieved send rate %,.0f /s)%n",
          log.sendBehindNanos[0] / 1e6, log.calls() / (seconds + log.sendBehindNanos[0] / 1e9));
      System.out.printf(Locale.ROOT, "RESULT storm sent=%d ok=%d failed=%d%n", log.calls(), s.ok, s.failed());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * The measuring part of the overload run: RATE calls/s throughout, each with a deadline, while
   * the script's h2load carries the load (the rest of half the capacity before and after, of the
   * overload during it). A low RATE is enough to measure, and leaves the CPU to the server. The
   * probe's calls share the fate of h2load's (the server cannot tell them apart), so their OK
   * fraction is the goodput fraction; they also show when latency is back after the overload.
   */
  private static void overloadProbe(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    double rate = Double.parseDouble(a[2]);
    double ramp = Double.parseDouble(a[3]);
    double pre = Double.parseDouble(a[4]);
    double over = Double.parseDouble(a[5]);
    double post = Double.parseDouble(a[6]);
    long deadlineMillis = Long.parseLong(a[7]);
    // A cold client at full rate falls behind its own schedule: warm it up gently first.
    List<OpenLoop.Phase> phases = List.of(
        new OpenLoop.Phase("ramp (25 %)", rate / 2, ramp),
        new OpenLoop.Phase("before", rate, pre),
        new OpenLoop.Phase("overload", rate, over),
        new OpenLoop.Phase("after", rate, post));
    ManagedChannel channel = channel(port, a[1]);
    OpenLoop.CallLog log;
    long wallStart = System.currentTimeMillis() + 1;
    long overStart = (long) ((ramp + pre) * 1e9);
    long overEnd = (long) ((ramp + pre + over) * 1e9);
    System.out.printf(Locale.ROOT, "SCHEDULE overload_epoch_ms=%d-%d%n", wallStart + overStart / 1_000_000, wallStart + overEnd / 1_000_000);
    System.out.flush();
    long cpu = ownCpuNanos();
    try {
      log = loop(channel, deadlineMillis, Long.MAX_VALUE).runPhases(phases);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    long clientCpu = ownCpuNanos() - cpu;
    System.out.printf("probe: %,.0f Select/s throughout (after %.0f s at half that), every call with a %d ms deadline, one connection%n",
        rate, ramp, deadlineMillis);
    Summary before = null;
    Summary during = null;
    for (int p = 0; p < phases.size(); p++) {
      Summary s = Summary.of(log, log.firstOf(p), log.endOf(p));
      before = p == 1 ? s : before;
      during = p == 2 ? s : during;
      System.out.printf("  %-9s %4.0f s (probe behind its schedule by %.0f ms at the end): %s%n", phases.get(p).name(),
          phases.get(p).seconds(), log.sendBehindNanos[p] / 1e6, s.describe());
    }
    // The base load's h2load processes start with the "before" phase, and the probe's first
    // windows then are slow whatever the server does: the threshold comes from the settled rest.
    int settled = log.firstOf(1);
    long settledFrom = log.intendedNanos(settled) + (long) (Math.min(2, pre / 2) * 1e9);
    while (settled < log.endOf(1) && log.intendedNanos(settled) < settledFrom) {
      settled++;
    }
    Summary settledBefore = Summary.of(log, settled, log.endOf(1));
    System.out.printf("  before, settled (its last %.0f s): %s%n", pre - Math.min(2, pre / 2), settledBefore.describe());
    double thresholdMs = Math.max(10, 2 * settledBefore.p(99));
    long window = 100_000_000L;
    double medianThresholdMs = Math.max(2, 2 * settledBefore.p(50));
    List<long[]> windows = new ArrayList<>(); // {start offset from the overload's end, calls, failed, p99 ns, p50 ns}
    for (int i = log.firstOf(3); i < log.endOf(3); ) {
      long windowStart = log.intendedNanos(i);
      int j = i;
      Histogram h = new Histogram(3_600_000_000_000L, 2);
      long failed = 0;
      while (j < log.endOf(3) && log.intendedNanos(j) < windowStart + window) {
        if (log.code(j) == 0) {
          h.recordValue(Math.max(0, Math.min(log.latencyNanos(j), h.getHighestTrackableValue())));
        } else {
          failed++;
        }
        j++;
      }
      windows.add(new long[] {windowStart - overEnd, j - i, failed, h.getValueAtPercentile(99), h.getValueAtPercentile(50)});
      i = j;
    }
    // Recovered: the first full second (ten windows in a row) of healthy windows begins.
    int recoveredFrom = firstHealthySecond(windows, win -> win[3] / 1e6 <= thresholdMs);
    // Speed back: the same, judged by the median. On this shared machine a single stall of the
    // server's or the probe's process (GC, a neighbour) sets a window's p99 even at half load, so
    // the p99 criterion above says as much about the machine as about the overload's aftermath.
    int medianFrom = firstHealthySecond(windows, win -> win[4] / 1e6 <= medianThresholdMs);
    String recovery = fromOverloadEnd(windows, recoveredFrom, post);
    String medianRecovery = fromOverloadEnd(windows, medianFrom, post);
    long slowAfter = windows.stream().filter(w -> w[3] / 1e6 > thresholdMs).count();
    System.out.printf("  recovery: ten 100 ms windows in a row of probe calls all OK with p99 <= %.1f ms (10 ms or twice the p99"
        + " before, settled, whichever is more) %s%n", thresholdMs, recovery);
    System.out.printf("  speed back: ten 100 ms windows in a row all OK with p50 <= %.1f ms (2 ms or twice the p50 before, settled)"
        + " %s; windows after the overload over the p99 bound: %d of %d%n", medianThresholdMs, medianRecovery, slowAfter,
        windows.size());
    System.out.println("  timeline of the probe (500 ms windows by intended send time: sent, OK, failed, p99 of OK in ms):");
    for (int p = 1; p < phases.size(); p++) {
      for (int i = log.firstOf(p); i < log.endOf(p); ) {
        long windowStart = log.intendedNanos(i);
        int j = i;
        long failed = 0;
        Histogram h = new Histogram(3_600_000_000_000L, 2);
        while (j < log.endOf(p) && log.intendedNanos(j) < windowStart + 500_000_000L) {
          if (log.code(j) == 0) {
            h.recordValue(Math.max(0, Math.min(log.latencyNanos(j), h.getHighestTrackableValue())));
          } else {
            failed++;
          }
          j++;
        }
        System.out.printf("    %+6.1f s %-9s sent %5d ok %5d failed %5d p99 %9.1f%n", (windowStart - overStart) / 1e9,
            phases.get(p).name(), j - i, h.getTotalCount(), failed, h.getValueAtPercentile(99) / 1e6);
        i = j;
      }
    }
    System.out.printf("  probe client CPU %.1f µs per call%n", clientCpu / 1e3 / log.calls());
    double okFraction = (log.endOf(2) - log.firstOf(2)) == 0 ? 0 : (double) during.ok / (log.endOf(2) - log.firstOf(2));
    System.out.printf(Locale.ROOT, "RESULT overload_probe ok_fraction=%.4f recovery_ms=%s median_recovery_ms=%s%n", okFraction,
        recoveredFrom < 0 ? "none" : Long.toString(windows.get(recoveredFrom)[0] / 1_000_000),
        medianFrom < 0 ? "none" : Long.toString(windows.get(medianFrom)[0] / 1_000_000));
  }

  /**
   * The index of the first of ten 100 ms windows in a row (a full second) with no failed call
   * and {@code fastEnough}; -1 if there is none. A window is {start, calls, failed, p99, p50}.
   */
  private static int firstHealthySecond(List<long[]> windows, java.util.function.Predicate<long[]> fastEnough) {
    for (int w = 0, healthy = 0; w < windows.size(); w++) {
      long[] win = windows.get(w);
      healthy = win[2] > 0 || !fastEnough.test(win) ? 0 : healthy + 1;
      if (healthy == 10) {
        return w - 9;
      }
    }
    return -1;
  }

  /** When the healthy second found by {@link #firstHealthySecond} began, in words. */
  private static String fromOverloadEnd(List<long[]> windows, int first, double postSeconds) {
    return first < 0
        ? String.format("never within the %.0f s after the overload", postSeconds)
        : String.format("from %d ms after the overload's end", windows.get(first)[0] / 1_000_000);
  }

  /** Outcome of a range of calls of a {@link OpenLoop.CallLog}: OK latencies and failures by code. */
  private static final class Summary {
    final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    final Map<String, Long> failures = new TreeMap<>();
    long ok;

    static Summary of(OpenLoop.CallLog log, int from, int to) {
      Summary s = new Summary();
      log.calls();
      for (int i = from; i < to; i++) {
        int code = log.code(i);
        if (code == 0) {
          s.ok++;
          s.latency.recordValue(Math.max(0, Math.min(log.latencyNanos(i), s.latency.getHighestTrackableValue())));
        } else {
          String name = code == OpenLoop.NOT_SENT ? "NOT_SENT (client in-flight cap)"
              : code == OpenLoop.CallLog.UNANSWERED ? "UNANSWERED (no reply 10 s after the last send)"
              : Status.fromCodeValue(code).getCode().name();
          s.failures.merge(name, 1L, Long::sum);
        }
      }
      return s;
    }

    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    double p(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    String describe() {
      return String.format("%,d OK (p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, max %.3f ms), %,d failed%s", ok, p(50), p(90), p(99), p(99.9),
          latency.getMaxValue() / 1e6, failed(), failures.isEmpty() ? "" : " " + failures);
    }
  }

  /** Counts JFR execution samples by top frame, by method anywhere on the stack, and by thread. */
  private static void jfrTop(Path file, int n) throws IOException {
    Map<String, Long> top = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> areas = new LinkedHashMap<>();
    String[][] areaPrefixes = {
      {"org.siproute (siproute; in the floor, its one handler)", "org.siproute."},
      {"thread hand-off (ThreadPoolExecutor, SynchronousQueue, LockSupport)", "java.util.concurrent.ThreadPoolExecutor",
          "java.util.concurrent.SynchronousQueue", "java.util.concurrent.locks.LockSupport"},
      {"protobuf", "com.google.protobuf."},
      {"HPACK (netty Http2 headers)", "io.grpc.netty.shaded.io.netty.handler.codec.http2.Hpack"},
      {"logging (slf4j, JUL)", "org.slf4j.", "java.util.logging."},
      {"prometheus metrics", "io.prometheus."},
    };
    long total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      total++;
      List<RecordedFrame> frames = stack.getFrames();
      top.merge(name(frames.get(0)), 1L, Long::sum);
      java.util.Set<String> seen = new java.util.HashSet<>();
      java.util.Set<String> seenAreas = new java.util.HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = name(frame);
        if (seen.add(method)) {
          inclusive.merge(method, 1L, Long::sum);
        }
        for (String[] area : areaPrefixes) {
          for (int i = 1; i < area.length; i++) {
            if (method.startsWith(area[i]) && seenAreas.add(area[0])) {
              areas.merge(area[0], 1L, Long::sum);
            }
          }
        }
      }
      String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
    }
    System.out.printf("JFR %s: %d execution samples (Java code only: no GC, JIT or native frames)%n", file, total);
    print("by thread (digits as N)", threads, total, n);
    System.out.println("by area, anywhere on the stack (a sample may count in several)");
    for (Map.Entry<String, Long> e : areas.entrySet()) {
      System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey());
    }
    print("top frames (self)", top, total, n);
    print("methods anywhere on the stack (inclusive)", inclusive, total, n);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Long> counts, long total, int n) {
    System.out.println(title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> System.out.printf("  %5.1f %%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey()));
  }
}
