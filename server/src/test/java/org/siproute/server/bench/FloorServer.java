package org.siproute.server.bench;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor of the transport benchmark (server/bench/run-transport-bench.sh): the least a
 * grpc-java 1.83 server can do per unary call. One service, {@code grpc.health.v1.Health/Check},
 * answered on the netty event loop ({@code directExecutor}: no hand-off to another thread), with
 * a response built once; no interceptor, no auth, no metrics. Whatever siproute spends above
 * this per call is its own.
 *
 * <p>The benchmark must not count errors as calls, and h2load counts every HTTP 200 (a gRPC
 * error is one too). So the calls answered SERVING are counted here and served, as one line of
 * text, at {@code http://127.0.0.1:<counter port>/}, off the gRPC path.
 *
 * <p>Usage: {@code FloorServer <port> [max read bytes]} (0 picks a free port; without a read bound,
 * Netty's default reads). Prints {@code floor listening on
 * 127.0.0.1:<port> counter 127.0.0.1:<counter port>} once it accepts calls; stops on SIGTERM.
 */
public final class FloorServer {
  private static final HealthCheckResponse SERVING =
      HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build();

  private FloorServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int maxReadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    LongAdder answered = new LongAdder();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
    if (maxReadBytes > 0) {
      // The same read bound as siproute's --max-read-bytes, to tell what it does to any grpc-java server.
      AdaptiveRecvByteBufAllocator reads = new AdaptiveRecvByteBufAllocator(64, Math.min(2048, maxReadBytes), maxReadBytes);
      reads.maxMessagesPerRead(1);
      builder.withChildOption(ChannelOption.RCVBUF_ALLOCATOR, reads);
    }
    Server server =
        builder
            .directExecutor()
            .addService(
                new HealthGrpc.HealthImplBase() {
                  @Override
                  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
                    response.onNext(SERVING);
                    response.onCompleted();
                    answered.increment();
                  }
                })
            .build()
            .start();
    HttpServer counter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    counter.createContext(
        "/",
        exchange -> {
          byte[] body = ("floor_check_ok " + answered.sum() + "\n").getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    counter.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  counter.stop(0);
                  server.shutdownNow();
                  try {
                    server.awaitTermination(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  System.out.println("floor stopped; Check answered SERVING " + answered.sum() + " times");
                },
                "floor-shutdown"));
    System.out.println(
        "floor listening on 127.0.0.1:" + server.getPort() + " counter 127.0.0.1:" + counter.getAddress().getPort());
    server.awaitTermination();
  }
}
