package org.siproute.server.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.siproute.server.routing.Plan;
import org.siproute.server.routing.RoutingEngine;

/** RoutingEngine.plan per strategy on the generated data set: one decision per invocation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBenchmark {
  @Param({"PRIORITY", "LEAST_COST", "QUALITY", "WEIGHTED"})
  public String strategy;

  private RoutingEngine engine;
  private RoutingEngine.Call[] calls;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    EngineFixture fixture = EngineFixture.get();
    fixture.strategy(strategy);
    engine = fixture.engine;
    calls = fixture.calls(1 << 14, 7);
  }

  @Benchmark
  public Plan plan() {
    return engine.plan(calls[next++ & (calls.length - 1)]);
  }
}
