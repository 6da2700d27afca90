package org.siproute.server.testing;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ImportSellRatesRequest;
import org.siproute.proto.v1.ImportSellRatesResponse;
import org.siproute.proto.v1.RouteAdminGrpc;

/** Runs ImportRates (a client stream) as one blocking call. */
public final class RateImports {
  private RateImports() {}

  /** Streams {@code messages}, completes, and returns the answer; throws the refusal if any. */
  public static ImportRatesResponse run(Channel channel, ImportRatesRequest... messages) {
    return run(channel, List.of(messages));
  }

  public static ImportRatesResponse run(Channel channel, List<ImportRatesRequest> messages) {
    OneReply<ImportRatesResponse> answer = new OneReply<>();
    StreamObserver<ImportRatesRequest> requests = RouteAdminGrpc.newStub(channel).importRates(answer);
    for (ImportRatesRequest message : messages) {
      if (answer.isDone()) {
        break; // refused early: the server has already closed the call
      }
      requests.onNext(message);
    }
    requests.onCompleted();
    return answer.get();
  }

  /** Runs ImportSellRates like {@link #run(Channel, List)}. */
  public static ImportSellRatesResponse runSell(Channel channel, List<ImportSellRatesRequest> messages) {
    OneReply<ImportSellRatesResponse> answer = new OneReply<>();
    StreamObserver<ImportSellRatesRequest> requests = RouteAdminGrpc.newStub(channel).importSellRates(answer);
    for (ImportSellRatesRequest message : messages) {
      if (answer.isDone()) {
        break;
      }
      requests.onNext(message);
    }
    requests.onCompleted();
    return answer.get();
  }

  /** Sends {@code messages}, then cancels the call instead of completing it. */
  public static void abandon(Channel channel, ImportRatesRequest... messages) {
    OneReply<ImportRatesResponse> closed = new OneReply<>();
    StreamObserver<ImportRatesRequest> requests = RouteAdminGrpc.newStub(channel).importRates(closed);
    for (ImportRatesRequest message : messages) {
      requests.onNext(message);
    }
    requests.onError(new IllegalStateException("the client gives up"));
    try {
      closed.get();
    } catch (StatusRuntimeException cancelled) {
      // how a call the client gives up on ends
    }
  }
}
