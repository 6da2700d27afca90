package org.siproute.server.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Supplier;
import org.siproute.proto.v1.ExportRoutesResponse;
import org.siproute.server.domain.Route;

/**
 * Sends one ExportRoutes answer: the owner's routes, read at once as one consistent view, go
 * out in chunks only as fast as the client reads them (gRPC flow control: a chunk is written
 * while the call is ready, the rest when it says it is ready again), so a slow reader of
 * 220 000 routes holds them as domain records, never as queued wire messages.
 */
final class RouteExportStream {
  /** Routes per message: about 100 KB for typical routes, under 4 MiB for the largest. */
  static final int ROUTES_PER_MESSAGE = 1_000;

  private final ServerCallStreamObserver<ExportRoutesResponse> call;
  private final List<Route> routes;
  private int next;
  private boolean done;

  private RouteExportStream(ServerCallStreamObserver<ExportRoutesResponse> call, List<Route> routes) {
    this.call = call;
    this.routes = routes;
  }

  /** Reads the routes ({@code read}, within the call's deadline) and streams them. */
  static void send(StreamObserver<ExportRoutesResponse> out, Supplier<List<Route>> read) {
    ServerCallStreamObserver<ExportRoutesResponse> call = (ServerCallStreamObserver<ExportRoutesResponse>) out;
    List<Route> routes;
    try {
      routes = Rpcs.withinDeadline(read);
    } catch (RuntimeException e) {
      out.onError(Rpcs.withinDeadline(() -> StatusMapper.toStatus(e)));
      return;
    }
    RouteExportStream export = new RouteExportStream(call, routes);
    call.setOnCancelHandler(export::cancelled);
    call.setOnReadyHandler(export::drain);
    export.drain();
  }

  private synchronized void drain() {
    while (!done && call.isReady() && next < routes.size()) {
      int end = Math.min(routes.size(), next + ROUTES_PER_MESSAGE);
      ExportRoutesResponse.Builder chunk = ExportRoutesResponse.newBuilder();
      for (Route r : routes.subList(next, end)) {
        chunk.addRoutes(ProtoMapper.route(r));
      }
      next = end;
      call.onNext(chunk.build());
    }
    if (!done && next >= routes.size()) {
      done = true;
      call.onCompleted();
    }
  }

  private synchronized void cancelled() {
    done = true;
  }
}
