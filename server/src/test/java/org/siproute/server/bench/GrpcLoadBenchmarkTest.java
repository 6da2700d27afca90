package org.siproute.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.Main;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.Database;
import org.siproute.server.testing.TestDatabase;

/**
 * The server as a separate process on MariaDB with the generated data set, driven over gRPC
 * by the open-loop load generator in this JVM (client and server share the machine). Reports
 * snapshot build, memory, Select and Dial latency per rate, the highest rate with p99 under
 * 1 ms, server CPU per decision, p99 during a full rebuild, and the time for a route change to
 * reach decisions. Needs a MariaDB / MySQL server: -Dsiproute.mysql.url (default
 * jdbc:mysql://127.0.0.1:3306/?user=root); a scratch database is created and dropped.
 */
@Tag("benchmark")
class GrpcLoadBenchmarkTest {
  private static final String KEY = "bench-admin-key-0123456789abcdef0123456789";
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final Pattern LISTENING = Pattern.compile("siproute listening on [^:]+:(\\d+)");
  private static final Pattern LOADED = Pattern.compile("routing snapshot r\\d+ loaded in (\\d+) ms");

  private static double idleCpuMicrosPerSecond;
  private final boolean full = "full".equals(System.getProperty("bench.mode", "quick"));
  private final BenchData.Size size = BenchData.Size.forMode(System.getProperty("bench.mode", "quick"));

  @Test
  void serverUnderLoad() throws Exception {
    String serverUrl = System.getProperty(TestDatabase.MYSQL_URL, "").isBlank()
        ? "jdbc:mysql://127.0.0.1:3306/?user=root" : System.getProperty(TestDatabase.MYSQL_URL);
    BenchReport.header("gRPC server process, load generator in the test JVM");
    TestDatabase database;
    String label;
    try {
      database = TestDatabase.mariaDb(serverUrl);
      label = "MariaDB";
    } catch (RuntimeException e) {
      // No MariaDB here (a fresh clone): an H2 file database both processes can open.
      String name = "h2-" + java.util.UUID.randomUUID();
      String url = "jdbc:h2:file:" + BenchReport.DIR.resolve(name).toAbsolutePath().resolve("siproute")
          + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=TRUE";
      label = "H2 file (no MariaDB at " + serverUrl + ": " + e.getClass().getSimpleName() + ")";
      runOn(url, label);
      return;
    }
    try (TestDatabase scratch = database) {
      runOn(scratch.url(), label);
    }
  }

  private void runOn(String url, String label) throws Exception {
    ServerConfig config = ServerConfig.defaults().withDatabase(url, url.startsWith("jdbc:h2") ? "sa" : "", "").withAdminKey(KEY);
    Injector injector = Main.create(config, Clock.systemUTC());
    DSLContext db = injector.getInstance(DSLContext.class);
    BenchData.Written written = BenchData.generate(db, size, 42);
    BenchReport.line("data set into %s: %d routes (%d scheduled), %d rate prefixes, %d customers, %d providers; %d ms",
        label, written.routes(), written.scheduledRoutes(), written.rates(), size.customers(), size.providers(), written.millis());
    try {
      runAgainst(url, db);
    } finally {
      injector.getInstance(Database.class).close();
    }
  }

  private void runAgainst(String url, DSLContext db) throws Exception {
    Files.createDirectories(BenchReport.DIR);
    Path log = BenchReport.DIR.resolve("server-" + (full ? "full" : "quick") + ".log");
    Path jfr = BenchReport.DIR.resolve("server-" + (full ? "full" : "quick") + ".jfr");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g",
        "-cp", System.getProperty("java.class.path"),
        "org.siproute.server.Main",
        "--port", "0", "--db-url", url, "--admin-key", KEY));
    if (Boolean.getBoolean("bench.jfr")) {
      // Profiling costs server CPU (about 0.1 core idle with settings=profile): only when asked.
      command.add(1, "-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
    }
    if (url.startsWith("jdbc:h2")) {
      command.addAll(List.of("--db-user", "sa"));
    }
    Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long pid = server.pid();
    ManagedChannel channel = null;
    try {
      int port = awaitPort(log, server);
      String logText = Files.readString(log);
      Matcher loaded = LOADED.matcher(logText);
      BenchReport.line("server pid %d on port %d; first snapshot build (MariaDB, routes + rates): %s ms", pid, port,
          loaded.find() ? loaded.group(1) : "?");
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + KEY);
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor()
          .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
      RouteSelectGrpc.RouteSelectStub stub = RouteSelectGrpc.newStub(channel);
      RouteSelectGrpc.RouteSelectBlockingStub blocking = RouteSelectGrpc.newBlockingStub(channel);
      Random random = new Random(99);
      SelectRequest[] requests = new SelectRequest[1 << 15];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = SelectRequest.newBuilder().setCustomerId(BenchData.customer(random, size))
            .setDestination("+" + BenchData.number(random)).build();
      }
      SelectResponse probe = blocking.select(requests[0]);
      BenchReport.line("probe Select: %d attempts, revision %d", probe.getAttemptsCount(), probe.getRevision());

      OpenLoop select = new OpenLoop(stub, requests, OpenLoop.Kind.SELECT);
      OpenLoop dial = new OpenLoop(stub, requests, OpenLoop.Kind.DIAL);
      select.run(full ? 5_000 : 3_000, full ? 15 : 2); // warm-up (JIT), not reported
      dial.run(1_000, full ? 5 : 1);
      BenchReport.line("memory after warm-up: %s", memory(pid));
      long idleBefore = cpuTicks(pid);
      long idleStarted = System.nanoTime();
      Thread.sleep(full ? 3_000 : 2_000);
      idleCpuMicrosPerSecond = (cpuTicks(pid) - idleBefore) * (1e6 / CLOCK_TICKS_PER_SECOND) / ((System.nanoTime() - idleStarted) / 1e9);
      BenchReport.line("server CPU while idle (revision poll every 1 s, GC%s): %.0f µs per second", Boolean.getBoolean("bench.jfr") ? ", JFR recording" : "", idleCpuMicrosPerSecond);

      double seconds = full ? 8 : 2;
      BenchReport.line("%nOpen-loop steps (%.1f s each; latency in ms from the intended send time; CPU = server process CPU time / completed)", seconds);
      BenchReport.line("| kind | target /s | achieved /s | p50 | p90 | p99 | p99.9 | max | errors | server CPU µs/req | load avg |");
      BenchReport.line("|---|---|---|---|---|---|---|---|---|---|---|");
      double[] selectRates = full ? new double[] {2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 40_000, 60_000}
          : new double[] {2_000, 5_000, 10_000, 20_000};
      double best = search(select, pid, selectRates, seconds);
      if (full && best < 40_000) {
        step(select, pid, 40_000, seconds); // the target rate, for the record
      }
      BenchReport.line("Select: highest rate with p99 < 1 ms and no errors: %,.0f /s", best);
      double[] dialRates = full ? new double[] {500, 1_000, 2_000, 4_000, 8_000} : new double[] {500, 1_000};
      double bestDial = search(dial, pid, dialRates, seconds);
      BenchReport.line("Dial (start, 503, 503, 200, ended: 4 round trips per stream): highest rate with stream p99 < 1 ms: %,.0f streams/s", bestDial);

      rebuildUnderLoad(select, blocking, requests[0], db, Math.max(2_000, best / 2));
      routeChange(channel, blocking, db);
      BenchReport.line("memory at the end: %s", memory(pid));
    } finally {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      server.destroy(); // SIGTERM: the server stops cleanly and JFR writes its recording
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      BenchReport.line("server log: %s%s", log, Boolean.getBoolean("bench.jfr") ? "; JFR recording: " + jfr : "");
    }
  }

  /** Steps up through {@code rates} until p99 reaches 1 ms (or errors); in full mode, bisects once more. */
  private double search(OpenLoop loop, long pid, double[] rates, double seconds) throws Exception {
    double best = 0;
    double failed = 0;
    for (double rate : rates) {
      if (passes(step(loop, pid, rate, seconds))) {
        best = rate;
      } else {
        failed = rate;
        break;
      }
    }
    for (int i = 0; full && failed > 0 && i < 2; i++) {
      double mid = Math.round((best + failed) / 2 / 500) * 500.0;
      if (mid <= best || mid >= failed) {
        break;
      }
      if (passes(step(loop, pid, mid, seconds))) {
        best = mid;
      } else {
        failed = mid;
      }
    }
    return best;
  }

  private static boolean passes(OpenLoop.Result r) {
    return r.errors() == 0 && r.p(99) < 1.0 && r.achievedRate() >= 0.95 * r.targetRate();
  }

  private static OpenLoop.Result step(OpenLoop loop, long pid, double rate, double seconds) throws Exception {
    long cpuBefore = cpuTicks(pid);
    long started = System.nanoTime();
    OpenLoop.Result r = loop.run(rate, seconds);
    long cpuTicks = cpuTicks(pid) - cpuBefore;
    double cpuMicros = cpuTicks * (1e6 / CLOCK_TICKS_PER_SECOND);
    double idleMicros = idleCpuMicrosPerSecond * (System.nanoTime() - started) / 1e9;
    double cpuMicrosPerRequest = r.completed() == 0 ? Double.NaN : cpuMicros / r.completed();
    double netMicrosPerRequest = r.completed() == 0 ? Double.NaN : Math.max(0, cpuMicros - idleMicros) / r.completed();
    BenchReport.line("%s %.1f (%.1f above idle) | %s |", r.row(), cpuMicrosPerRequest, netMicrosPerRequest,
        BenchReport.loadAverage().split(" ")[0]);
    return r;
  }

  /** A full rebuild (routes and every rate deck) while Select runs at {@code rate}; p99 over the rebuild window. */
  private void rebuildUnderLoad(OpenLoop select, RouteSelectGrpc.RouteSelectBlockingStub blocking, SelectRequest probe,
      DSLContext db, double rate) throws Exception {
    double seconds = full ? 20 : 7; // quick: 2 s before the write, up to 1 s poll, about 2.5 s rebuild
    Thread load = new Thread(() -> {
      try {
        OpenLoop.Result all = select.run(rate, seconds);
        BenchReport.line("rebuild run, whole %.0f s at %,.0f /s: %s", seconds, rate, all.row());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    load.start();
    Thread.sleep(2_000);
    long before = blocking.select(probe).getRevision();
    select.recorder.getIntervalHistogram(); // start the window
    long started = System.nanoTime();
    BenchData.bumpRevision(db, true);
    long revision;
    do {
      Thread.sleep(5);
      revision = blocking.select(probe).getRevision();
    } while (revision == before && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
    long visibleMs = (System.nanoTime() - started) / 1_000_000;
    Histogram window = select.recorder.getIntervalHistogram();
    load.join();
    BenchReport.line("full rebuild under load (%,.0f Select/s): new snapshot (routes + %,d rates, from the database) in service %d ms after the"
        + " write (includes up to 1 s: the default --poll-interval); during it: %d decisions, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms",
        rate, size.rates(), visibleMs, window.getTotalCount(), window.getValueAtPercentile(99) / 1e6,
        window.getValueAtPercentile(99.9) / 1e6, window.getMaxValue() / 1e6);
  }

  /** One route change through the admin API: time until the server's decisions see it (the write waits for that). */
  private void routeChange(ManagedChannel channel, RouteSelectGrpc.RouteSelectBlockingStub blocking, DSLContext db) {
    RouteAdminGrpc.RouteAdminBlockingStub admin = RouteAdminGrpc.newBlockingStub(channel);
    var row = db.select(org.siproute.db.jooq.Tables.ROUTE.ID, org.siproute.db.jooq.Tables.ROUTE.CUSTOMER_ID,
            org.siproute.db.jooq.Tables.ROUTE.PREFIX)
        .from(org.siproute.db.jooq.Tables.ROUTE)
        .where(org.siproute.db.jooq.Tables.ROUTE.CUSTOMER_ID.ne("")
            .and(org.siproute.db.jooq.Tables.ROUTE.SCHEDULE_TIME_ZONE.isNull()))
        .limit(1).fetchOne();
    String routeId = row.value1();
    String number = (row.value3() + "000000000000").substring(0, 12);
    SelectRequest call = SelectRequest.newBuilder().setCustomerId(row.value2()).setDestination(number).build();
    for (int i = 0; i < (full ? 5 : 2); i++) {
      boolean disable = i % 2 == 0;
      long started = System.nanoTime();
      admin.updateRoute(UpdateRouteRequest.newBuilder()
          .setRoute(Route.newBuilder().setId(routeId).setDisabled(disable))
          .setUpdateMask(FieldMask.newBuilder().addPaths("disabled")).build());
      long writeMs = (System.nanoTime() - started) / 1_000_000;
      boolean present = blocking.select(call).getAttemptsList().stream().anyMatch(a -> a.getRouteId().equals(routeId));
      long visibleMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(present).as("route %s in the plan after disabled=%s", routeId, disable).isEqualTo(!disable);
      BenchReport.line("route change (disabled=%s) through UpdateRoute: write returned after %d ms, next Select sees it: %d ms after the write began",
          disable, writeMs, visibleMs);
    }
  }

  static int awaitPort(Path log, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("server exited: " + Files.readString(log));
      }
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server did not start within 5 minutes");
  }

  /** utime + stime of a process, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Heap used after a full GC (jcmd), committed heap and RSS of the server process. */
  static String memory(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(pid), "GC.run");
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
    String heap = m.find() ? String.format("heap used after full GC %d MiB (committed %d MiB)",
        Long.parseLong(m.group(2)) >> 10, Long.parseLong(m.group(1)) >> 10) : "heap n/a";
    String rss = "n/a";
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MiB";
      }
    }
    return heap + ", RSS " + rss;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }
}
