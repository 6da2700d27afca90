package org.siproute.server.testing;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.siproute.proto.v1.ExportRoutesRequest;
import org.siproute.proto.v1.ExportRoutesResponse;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;

/** Runs ImportRoutes (a client stream) and ExportRoutes (a server stream) as blocking calls. */
public final class RouteImports {
  private RouteImports() {}

  /** Streams {@code messages}, completes, and returns the answer; throws the refusal if any. */
  public static ImportRoutesResponse run(Channel channel, List<ImportRoutesRequest> messages) {
    OneReply<ImportRoutesResponse> answer = new OneReply<>();
    StreamObserver<ImportRoutesRequest> requests = RouteAdminGrpc.newStub(channel).importRoutes(answer);
    for (ImportRoutesRequest message : messages) {
      if (answer.isDone()) {
        break; // refused early: the server has already closed the call
      }
      requests.onNext(message);
    }
    requests.onCompleted();
    return answer.get();
  }

  /** Every route of {@code customerId} ("" = the default routes), as ExportRoutes streams them. */
  public static List<Route> export(Channel channel, String customerId) {
    List<Route> routes = new ArrayList<>();
    RouteAdminGrpc.newBlockingStub(channel)
        .exportRoutes(ExportRoutesRequest.newBuilder().setCustomerId(customerId).build())
        .forEachRemaining((ExportRoutesResponse chunk) -> routes.addAll(chunk.getRoutesList()));
    return routes;
  }
}
