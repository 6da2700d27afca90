package org.siproute.server.error;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs the body of a unary rpc and maps whatever it throws through {@link StatusMapper}. */
public final class Rpcs {
  private Rpcs() {}

  public static <T> void unary(StreamObserver<T> responses, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (Throwable t) {
      responses.onError(StatusMapper.toStatus(t));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}
