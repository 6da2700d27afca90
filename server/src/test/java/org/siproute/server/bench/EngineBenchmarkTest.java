package org.siproute.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * In-process engine figures: data generation, snapshot builds, heap with the data set, and the
 * JMH benchmark of RoutingEngine.plan per strategy with the GC profiler. JMH runs in this JVM
 * (forks 0) so that the data set is built once; few, short iterations (quick: 1 x 0.5 s warm-up,
 * 1 x 1 s measured; full: 3 x 2 s, 5 x 2 s). Prints figures; asserts only that it ran.
 */
@Tag("benchmark")
class EngineBenchmarkTest {
  @Test
  void engineAtDataSize() throws Exception {
    boolean full = "full".equals(System.getProperty("bench.mode", "quick"));
    BenchReport.header("Engine in-process (H2 in memory)");
    EngineFixture f = EngineFixture.get();
    BenchReport.line("data set: %d providers, %d customers, %d routes (%d scheduled), %d rate prefixes; generated in %d ms",
        f.size.providers(), f.size.customers(), f.written.routes(), f.written.scheduledRoutes(), f.written.rates(), f.written.millis());
    BenchReport.line("heap used after GC, data set + in-memory H2 database: %d MiB", EngineFixture.heapUsedAfterGcMiB());
    for (long[] r : f.rebuildMillis(full ? 3 : 1)) {
      BenchReport.line("snapshot rebuild from H2: full (routes + rates) %d ms, routes only (rate decks kept) %d ms", r[0], r[1]);
    }

    Options options = new OptionsBuilder()
        .include(EngineBenchmark.class.getName())
        .include(SelectBenchmark.class.getName())
        .forks(0)
        .warmupIterations(full ? 3 : 1)
        .warmupTime(full ? TimeValue.seconds(2) : TimeValue.milliseconds(500))
        .measurementIterations(full ? 5 : 1)
        .measurementTime(TimeValue.seconds(full ? 2 : 1))
        .timeUnit(TimeUnit.NANOSECONDS)
        .addProfiler(GCProfiler.class)
        .shouldDoGC(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).isNotEmpty();
    for (RunResult run : results) {
      Result<?> primary = run.getPrimaryResult();
      Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
      String strategy = run.getParams().getParam("strategy");
      BenchReport.line("JMH %-28s %8.0f ± %5.0f ns/decision, %6.0f bytes/decision",
          strategy == null ? "RouteSelectService.decide PRIORITY" : "RoutingEngine.plan " + strategy, primary.getScore(), primary.getScoreError(),
          alloc == null ? Double.NaN : alloc.getScore());
    }
    EngineFixture.release();
  }
}
