package org.siproute.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.Main;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.Database;
import org.siproute.server.testing.TestDatabase;

/**
 * Issue #11's numbers on MariaDB: 100 000 default-route prefixes (about 220 000 routes) to 20
 * carriers with 1 000 000 rates. Two server processes on one database: the time single admin
 * writes take on the first (they return once its decisions see them), how long until the
 * second sees them, the first full load and the heap after it, and Select latency at 5 000/s
 * while the snapshot is loaded whole. {@code -Dbench.scale=0.1} runs a tenth of the data;
 * {@code -Dbench.serverFlags="-XX:+UseZGC"} adds JVM flags to both servers, to compare collectors.
 * The second instance is stopped before the reload unless {@code
 * -Dbench.reloadWithSecondInstance=true}: on one machine it would reload alongside the first.
 */
@Tag("benchmark")
class SnapshotBenchmarkTest {
  private static final String KEY = "bench-admin-key-0123456789abcdef0123456789";
  private static final Pattern LOADED = Pattern.compile("routing snapshot r\\d+ loaded in (\\d+) ms( \\([^)]*\\))?");
  private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));
  /** 20 carriers, about 2.2 routes per prefix, 50 000 rates each; no customer routes. */
  private static final BenchData.Size SIZE =
      new BenchData.Size(20, 1, (int) (220_000 * SCALE), 0, (int) (50_000 * SCALE));
  private static final int POLL_MS = 1_000;
  private static final boolean RELOAD_ALONE = !Boolean.getBoolean("bench.reloadWithSecondInstance");

  @Test
  void writesReloadsAndConvergenceAtIssue11Scale() throws Exception {
    String serverUrl = System.getProperty(TestDatabase.MYSQL_URL, "").isBlank()
        ? "jdbc:mysql://127.0.0.1:3306/?user=root" : System.getProperty(TestDatabase.MYSQL_URL);
    BenchReport.header("issue 11: incremental snapshot, MariaDB, scale " + SCALE);
    try (TestDatabase scratch = TestDatabase.mariaDb(serverUrl)) {
      ServerConfig config = ServerConfig.defaults().withDatabase(scratch.url(), "", "").withAdminKey(KEY);
      Injector injector = Main.create(config, Clock.systemUTC());
      DSLContext db = injector.getInstance(DSLContext.class);
      try {
        BenchData.Written written = BenchData.generate(db, SIZE, 11);
        int prefixes = db.fetchCount(db.selectDistinct(org.siproute.db.jooq.Tables.ROUTE.PREFIX).from(org.siproute.db.jooq.Tables.ROUTE));
        BenchReport.line("data set: %,d prefixes, %,d routes, %,d rates, %d providers; written in %d ms; load %s",
            prefixes, written.routes(), written.rates(), SIZE.providers(), written.millis(), BenchReport.loadAverage());
        run(scratch.url(), db);
      } finally {
        injector.getInstance(Database.class).close();
      }
    }
  }

  private void run(String url, DSLContext db) throws Exception {
    Files.createDirectories(BenchReport.DIR);
    Process a = null;
    Process b = null;
    ManagedChannel channelA = null;
    ManagedChannel channelB = null;
    try {
      Path logA = BenchReport.DIR.resolve("snapshot-a.log");
      a = start(url, logA, "a");
      int portA = GrpcLoadBenchmarkTest.awaitPort(logA, a);
      Matcher loaded = LOADED.matcher(Files.readString(logA));
      boolean found = loaded.find();
      BenchReport.line("instance A: first full load %s ms%s (target < 3 000); load %s", found ? loaded.group(1) : "?",
          found && loaded.group(2) != null ? loaded.group(2) : "", BenchReport.loadAverage());
      BenchReport.line("instance A: %s (target < 512 MiB)", GrpcLoadBenchmarkTest.memory(a.pid()));
      Path logB = BenchReport.DIR.resolve("snapshot-b.log");
      b = start(url, logB, "b");
      int portB = GrpcLoadBenchmarkTest.awaitPort(logB, b);
      channelA = channel(portA);
      channelB = channel(portB);
      RouteAdminGrpc.RouteAdminBlockingStub admin = RouteAdminGrpc.newBlockingStub(channelA);
      RouteSelectGrpc.RouteSelectBlockingStub selectA = RouteSelectGrpc.newBlockingStub(channelA);
      RouteSelectGrpc.RouteSelectBlockingStub selectB = RouteSelectGrpc.newBlockingStub(channelB);

      singleWrites(admin, selectA);
      secondInstance(admin, selectB);
      if (RELOAD_ALONE) {
        // B would reload the same full snapshot at the same moment, with its own loaders, its own
        // collector and its own MariaDB streams, on the same two cores: in a deployment each
        // instance has its own machine, so what A's decisions meet during the reload is measured
        // with A alone (-Dbench.reloadWithSecondInstance=true keeps B running, as before).
        channelB.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        channelB = null;
        b.destroy();
        if (!b.waitFor(60, TimeUnit.SECONDS)) {
          b.destroyForcibly();
        }
        b = null;
        BenchReport.line("instance B stopped before the reload: A reloads alone, as on a machine of its own");
      } else {
        BenchReport.line("instance B kept running: it reloads at the same time as A, on the same cores");
      }
      if (Files.isExecutable(H2LOAD)) {
        reloadUnderH2load(portA, selectA, db);
      } else {
        reloadUnderLoad(channelA, selectA, db);
      }
      BenchReport.line("instance A at the end: %s", GrpcLoadBenchmarkTest.memory(a.pid()));
    } finally {
      for (ManagedChannel c : new ManagedChannel[] {channelA, channelB}) {
        if (c != null) {
          c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
      for (Process p : new Process[] {a, b}) {
        if (p != null) {
          p.destroy();
          if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
    }
  }

  private static final Path H2LOAD = Path.of("/usr/bin/h2load");

  /**
   * The reload under 5 000 Select/s sent by h2load (C): the grpc-java open loop of {@link
   * #reloadUnderLoad} shares the two cores with the server and the loader, and its own stalls
   * count as latency. Five h2load processes at 1 000/s each (h2load sends a connection's due
   * requests every 10 ms, so fewer processes make bigger bursts); latency is from each request's
   * send. gRPC errors are HTTP 200 too, so the refusals are read from the server's log.
   */
  private static void reloadUnderH2load(int port, RouteSelectGrpc.RouteSelectBlockingStub blocking, DSLContext db)
      throws Exception {
    Random random = new Random(99);
    SelectRequest request = SelectRequest.newBuilder().setCustomerId("c").setDestination("+" + BenchData.number(random)).build();
    Path body = BenchReport.DIR.resolve("reload-select.grpc");
    Files.write(body, TransportBench.grpcFrame(request));
    int processes = 5;
    double rate = 5_000;
    runH2load(port, body, processes, rate, 10, "warmup");
    List<Process> load = startH2load(port, body, processes, rate, 40, "reload");
    HostStalls stalls = HostStalls.start();
    Thread.sleep(5_000);
    long before = revision(blocking, request);
    long started = System.nanoTime();
    long windowStartMicros = System.currentTimeMillis() * 1000;
    Instant windowStart = Instant.now();
    BenchData.bumpRevision(db, true);
    long revision;
    do {
      Thread.sleep(5);
      revision = revision(blocking, request);
    } while (revision == before && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(35));
    long visibleMs = (System.nanoTime() - started) / 1_000_000;
    long windowEndMicros = System.currentTimeMillis() * 1000;
    Instant windowEnd = Instant.now();
    for (Process p : load) {
      p.waitFor(60, TimeUnit.SECONDS);
    }
    String hostStalls = stalls.stop();
    Histogram window = new Histogram(3_600_000_000L, 3);
    Histogram outside = new Histogram(3_600_000_000L, 3);
    Histogram whole = new Histogram(3_600_000_000L, 3);
    for (int k = 0; k < processes; k++) {
      for (String line : Files.readAllLines(h2loadLog("reload", k))) {
        String[] f = line.split("\t");
        if (f.length < 3) {
          continue;
        }
        long sent = Long.parseLong(f[0]);
        long micros = Long.parseLong(f[2]);
        whole.recordValue(Math.min(micros, 3_600_000_000L));
        if (sent >= windowStartMicros && sent <= windowEndMicros) {
          window.recordValue(Math.min(micros, 3_600_000_000L));
        } else {
          outside.recordValue(Math.min(micros, 3_600_000_000L));
        }
      }
    }
    BenchReport.line("reload run (h2load, %d processes, %,.0f /s, latency from each send): whole run %d answers, p50 %.3f ms,"
        + " p99 %.3f ms, max %.3f ms", processes, rate, whole.getTotalCount(), whole.getValueAtPercentile(50) / 1e3,
        whole.getValueAtPercentile(99) / 1e3, whole.getMaxValue() / 1e3);
    BenchReport.line("full reload under %,.0f Select/s (h2load): new snapshot in service %d ms after the revision moved (includes up"
        + " to %d ms of poll); sent during it: %d, p50 %.3f ms, p99 %.3f ms (target <= 5), p99.9 %.3f ms, max %.3f ms; load %s",
        rate, visibleMs, POLL_MS, window.getTotalCount(), window.getValueAtPercentile(50) / 1e3,
        window.getValueAtPercentile(99) / 1e3, window.getValueAtPercentile(99.9) / 1e3, window.getMaxValue() / 1e3,
        BenchReport.loadAverage());
    BenchReport.line("the same run outside the reload (before it and after it): %d answers, p50 %.3f ms, p99 %.3f ms,"
        + " p99.9 %.3f ms, max %.3f ms: what the reload's figures compare with on this machine", outside.getTotalCount(),
        outside.getValueAtPercentile(50) / 1e3, outside.getValueAtPercentile(99) / 1e3,
        outside.getValueAtPercentile(99.9) / 1e3, outside.getMaxValue() / 1e3);
    BenchReport.line("host stalls during that run: %s", hostStalls);
    BenchReport.line("instance A during that reload: %s; its log's overload lines: %s", gcPauses("a", windowStart, windowEnd),
        Files.readAllLines(BenchReport.DIR.resolve("snapshot-a.log")).stream()
            .filter(l -> l.contains("overloaded: refused")).map(l -> l.substring(l.indexOf("refused"))).toList());
  }

  /**
   * A thread of this JVM that sleeps 1 ms at a time and notes each time it wakes 5 ms late or
   * more: stalls of the whole machine (the virtual CPUs not running, or the kernel busy) that
   * every process meets, the server and h2load alike, whatever the server does. This JVM is
   * otherwise idle meanwhile, but for a revision probe every 5 ms.
   */
  private static final class HostStalls {
    private final List<long[]> stalls = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::run, "host-stall-probe");

    static HostStalls start() {
      HostStalls probe = new HostStalls();
      probe.thread.setDaemon(true);
      probe.thread.start();
      return probe;
    }

    private void run() {
      long last = System.nanoTime();
      while (running) {
        LockSupport.parkNanos(1_000_000);
        long now = System.nanoTime();
        long late = now - last - 1_000_000;
        if (late >= 5_000_000) {
          synchronized (stalls) {
            stalls.add(new long[] {last - startedNanos, late});
          }
        }
        last = now;
      }
    }

    /** Stops it; what it saw, in one line. */
    String stop() throws InterruptedException {
      running = false;
      thread.join();
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      synchronized (stalls) {
        if (stalls.isEmpty()) {
          return String.format(Locale.ROOT, "none of 5 ms or more in %.0f s", seconds);
        }
        long longest = stalls.stream().mapToLong(st -> st[1]).max().orElse(0);
        long total = stalls.stream().mapToLong(st -> st[1]).sum();
        long[] gaps = new long[stalls.size() - 1];
        for (int i = 1; i < stalls.size(); i++) {
          gaps[i - 1] = stalls.get(i)[0] - stalls.get(i - 1)[0];
        }
        Arrays.sort(gaps);
        return String.format(Locale.ROOT,
            "a 1 ms sleep woke 5 ms or more late %d times in %.0f s (%.0f ms in all, longest %.1f ms; median time from"
                + " one to the next %.0f ms)",
            stalls.size(), seconds, total / 1e6, longest / 1e6, gaps.length == 0 ? 0 : gaps[gaps.length / 2] / 1e6);
      }
    }
  }

  private static Path h2loadLog(String name, int k) {
    return BenchReport.DIR.resolve("h2load-" + name + "." + k + ".log");
  }

  private static void runH2load(int port, Path body, int processes, double rate, int seconds, String name) throws Exception {
    for (Process p : startH2load(port, body, processes, rate, seconds, name)) {
      p.waitFor(seconds + 30L, TimeUnit.SECONDS);
    }
  }

  private static List<Process> startH2load(int port, Path body, int processes, double rate, int seconds, String name)
      throws Exception {
    List<Process> started = new ArrayList<>();
    for (int k = 0; k < processes; k++) {
      Path log = h2loadLog(name, k);
      Files.deleteIfExists(log);
      started.add(new ProcessBuilder(
              H2LOAD.toString(), "-c", "2", "-m", "100", "-t", "1", "--rps", Long.toString(Math.round(rate / processes / 2)),
              "-D", Integer.toString(seconds), "--log-file", log.toString(),
              "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", "authorization: Bearer " + KEY,
              "-d", body.toString(), "http://127.0.0.1:" + port + "/siproute.v1.RouteSelect/Select")
          .redirectErrorStream(true).redirectOutput(BenchReport.DIR.resolve("h2load-" + name + "." + k + ".txt").toFile())
          .start());
      Thread.sleep(2);
    }
    return started;
  }

  private static Path gcLog(String name) {
    return BenchReport.DIR.resolve("snapshot-" + name + "-gc.log");
  }

  private static final Pattern GC_PAUSE =
      Pattern.compile("^\\[([^\\]]+)\\].*(Pause [^(]*(?:\\([^)]*\\) ?)*).* ([0-9.]+)ms$");

  /** The GC pauses of a server process between two instants, from its log: count, sum, longest. */
  static String gcPauses(String name, Instant from, Instant to) throws Exception {
    java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    int count = 0;
    double sum = 0;
    double longest = 0;
    String longestLine = "";
    for (String line : Files.readAllLines(gcLog(name))) {
      Matcher m = GC_PAUSE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Instant at = java.time.OffsetDateTime.parse(m.group(1), format).toInstant();
      if (at.isBefore(from) || at.isAfter(to)) {
        continue;
      }
      double ms = Double.parseDouble(m.group(3));
      count++;
      sum += ms;
      if (ms > longest) {
        longest = ms;
        longestLine = line.substring(line.indexOf("Pause"));
      }
    }
    return String.format("%d GC pauses, %.1f ms in all, longest %.1f ms (%s)", count, sum, longest, longestLine);
  }

  private static Process start(String url, Path log, String name) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Xlog:gc:file=" + gcLog(name).toAbsolutePath() + ":time",
        "-cp", System.getProperty("java.class.path"), "org.siproute.server.Main",
        "--port", "0", "--db-url", url, "--admin-key", KEY, "--poll-interval", POLL_MS + "ms"));
    // -Dbench.serverFlags="-XX:+UseZGC ..." adds JVM flags to both servers, to compare collectors;
    // after -Xmx1g, so that a heap size given there wins.
    String extra = System.getProperty("bench.serverFlags", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(2, List.of(extra.split("\\s+")));
    }
    if (Boolean.getBoolean("bench.jfr")) {
      Path jfr = BenchReport.DIR.resolve("snapshot-" + name + ".jfr");
      command.add(1, "-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
    }
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static ManagedChannel channel(int port) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + KEY);
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
  }

  /** Creates, updates and deletes of routes and providers on A, each timed to its answer. */
  private static void singleWrites(RouteAdminGrpc.RouteAdminBlockingStub admin, RouteSelectGrpc.RouteSelectBlockingStub select) {
    Random random = new Random(5);
    int routes = 100;
    int providers = 30;
    List<Long> all = new ArrayList<>();
    List<Route> created = new ArrayList<>();
    // Warm-up of the write path (JIT), not reported.
    for (int i = 0; i < 20; i++) {
      Route r = admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route(random, "warm")).build());
      admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(r.getId()).build());
    }
    all.addAll(timed("CreateRoute", routes, i -> created.add(admin.createRoute(
        CreateRouteRequest.newBuilder().setRoute(route(random, "bench " + i)).build()))));
    // Read-your-writes: decisions on A see each route as soon as its write returned.
    Route last = created.get(created.size() - 1);
    assertThat(select.select(SelectRequest.newBuilder().setCustomerId("c").setDestination(last.getPrefix() + "123").build())
        .getAttemptsList()).anyMatch(at -> at.getRouteId().equals(last.getId()));
    all.addAll(timed("UpdateRoute", routes, i -> created.set(i, admin.updateRoute(UpdateRouteRequest.newBuilder()
        .setRoute(created.get(i).toBuilder().setPriority(5).setDisabled(i % 2 == 0))
        .setUpdateMask(FieldMask.newBuilder().addPaths("priority").addPaths("disabled")).build()))));
    all.addAll(timed("DeleteRoute", routes, i -> admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(created.get(i).getId()).build())));
    all.addAll(timed("CreateProvider", providers, i -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(
        Provider.newBuilder().setId("bench-" + i).setName("bench " + i).setHostname("bench" + i + ".example").setTransport(Transport.UDP)).build())));
    all.addAll(timed("UpdateProvider", providers, i -> admin.updateProvider(UpdateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId("bench-" + i).setWeight(3))
        .setUpdateMask(FieldMask.newBuilder().addPaths("weight")).build())));
    all.addAll(timed("DeleteProvider", providers, i -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId("bench-" + i).build())));
    report("all single writes", all);
  }

  /** A default route for a fresh 8-digit prefix under a country code, to one of the carriers. */
  private static Route.Builder route(Random random, String name) {
    String cc = Integer.toString(BenchData.COUNTRY_CODES[random.nextInt(BenchData.COUNTRY_CODES.length)]);
    StringBuilder prefix = new StringBuilder(cc);
    while (prefix.length() < 9) {
      prefix.append(random.nextInt(10));
    }
    return Route.newBuilder().setCustomerId("").setPrefix(prefix.toString()).setProviderId("p" + random.nextInt(SIZE.providers()))
        .setPriority(1).setName(name);
  }

  private interface Step {
    void run(int i);
  }

  private static List<Long> timed(String what, int n, Step step) {
    List<Long> micros = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long started = System.nanoTime();
      step.run(i);
      micros.add((System.nanoTime() - started) / 1_000);
    }
    report(what, micros);
    return micros;
  }

  private static void report(String what, List<Long> micros) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    BenchReport.line("%s x%d on A, read-your-writes: p50 %.1f ms, p99 %.1f ms, max %.1f ms (targets p50 < 20, p99 < 50); load %s",
        what, sorted.length, percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3, sorted[sorted.length - 1] / 1e3,
        BenchReport.loadAverage());
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** How long after a write returns on A instance B decides by it (B polls every second). */
  private static void secondInstance(RouteAdminGrpc.RouteAdminBlockingStub admin, RouteSelectGrpc.RouteSelectBlockingStub selectB)
      throws InterruptedException {
    Random random = new Random(6);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Route r = admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route(random, "seen by b " + i)).build());
      long written = System.nanoTime();
      SelectRequest call = SelectRequest.newBuilder().setCustomerId("c").setDestination(r.getPrefix() + "123").build();
      Supplier<Boolean> seen = () -> selectB.select(call).getAttemptsList().stream().anyMatch(at -> at.getRouteId().equals(r.getId()));
      while (!seen.get()) {
        if (System.nanoTime() - written > TimeUnit.SECONDS.toNanos(30)) {
          throw new AssertionError("instance B never saw route " + r.getId());
        }
        Thread.sleep(2);
      }
      millis.add((System.nanoTime() - written) / 1_000_000);
      Thread.sleep(random.nextInt(POLL_MS)); // writes at random points of B's poll cycle
    }
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    BenchReport.line("instance B sees a write on A after: p50 %d ms, max %d ms (poll interval %d ms; target <= poll + 50 = %d ms); all: %s; load %s",
        percentile(sorted, 50), sorted[sorted.length - 1], POLL_MS, POLL_MS + 50, Arrays.toString(sorted), BenchReport.loadAverage());
  }

  /** The revision a Select is decided at; retried while the instance is overloaded. */
  private static long revision(RouteSelectGrpc.RouteSelectBlockingStub blocking, SelectRequest request) throws InterruptedException {
    while (true) {
      try {
        return blocking.select(request).getRevision();
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.RESOURCE_EXHAUSTED) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  /** A full load (the revision moved without a log entry) while A serves 5 000 Select/s. */
  private static void reloadUnderLoad(ManagedChannel channel, RouteSelectGrpc.RouteSelectBlockingStub blocking, DSLContext db)
      throws Exception {
    Random random = new Random(99);
    SelectRequest[] requests = new SelectRequest[1 << 15];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = SelectRequest.newBuilder().setCustomerId("c").setDestination("+" + BenchData.number(random)).build();
    }
    OpenLoop select = new OpenLoop(RouteSelectGrpc.newStub(channel), requests, OpenLoop.Kind.SELECT);
    select.run(5_000, 10); // warm-up (JIT), not reported
    double rate = 5_000;
    // Long enough for the whole reload on a loaded machine: the window below ends with it.
    double seconds = 60;
    Thread load = new Thread(() -> {
      try {
        BenchReport.line("reload run, whole %.0f s at %,.0f /s: %s", seconds, rate, select.run(rate, seconds).row());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    load.start();
    Thread.sleep(3_000);
    long before = revision(blocking, requests[0]);
    select.recorder.getIntervalHistogram(); // start the window
    long started = System.nanoTime();
    Instant windowStart = Instant.now();
    // Moved without a log entry: a gap, so A loads its snapshot whole (routes and every deck).
    BenchData.bumpRevision(db, true);
    long revision;
    do {
      Thread.sleep(5);
      revision = revision(blocking, requests[0]);
    } while (revision == before && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
    long visibleMs = (System.nanoTime() - started) / 1_000_000;
    Histogram window = select.recorder.getIntervalHistogram();
    Instant windowEnd = Instant.now();
    load.join();
    BenchReport.line("full reload under %,.0f Select/s: new snapshot in service %d ms after the revision moved (includes up to %d ms"
        + " of poll); during it: %d decisions, p50 %.3f ms, p99 %.3f ms (target <= 5), p99.9 %.3f ms, max %.3f ms; load %s",
        rate, visibleMs, POLL_MS, window.getTotalCount(), window.getValueAtPercentile(50) / 1e6, window.getValueAtPercentile(99) / 1e6,
        window.getValueAtPercentile(99.9) / 1e6, window.getMaxValue() / 1e6, BenchReport.loadAverage());
    BenchReport.line("instance A during that reload: %s", gcPauses("a", windowStart, windowEnd));
  }
}
