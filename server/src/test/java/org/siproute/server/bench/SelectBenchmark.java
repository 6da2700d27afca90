package org.siproute.server.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.api.RouteSelectService;

/**
 * The Select path without the network ({@link RouteSelectService#decide}): request validation,
 * number parsing, the engine and the response in proto form (PRIORITY). Against EngineBenchmark
 * it shows what the edge and the service layer add; against the server CPU per request under
 * load, what gRPC and netty add.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectBenchmark {
  private RouteSelectService select;
  private SelectRequest[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    EngineFixture fixture = EngineFixture.get();
    fixture.strategy("PRIORITY");
    select = fixture.injector.getInstance(RouteSelectService.class);
    Random random = new Random(11);
    requests = new SelectRequest[1 << 14];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = SelectRequest.newBuilder().setCustomerId(BenchData.customer(random, fixture.size))
          .setDestination("+" + BenchData.number(random)).build();
    }
  }

  @Benchmark
  public SelectResponse select() {
    return select.decide(requests[next++ & (requests.length - 1)]);
  }
}
