package org.siproute.server.testing;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.RouteAdminGrpc;

/** Runs ImportRates (a client stream) as one blocking call. */
public final class RateImports {
  private RateImports() {}

  /** Streams {@code messages}, completes, and returns the answer; throws the refusal if any. */
  public static ImportRatesResponse run(Channel channel, ImportRatesRequest... messages) {
    return run(channel, List.of(messages));
  }

  public static ImportRatesResponse run(Channel channel, List<ImportRatesRequest> messages) {
    CompletableFuture<ImportRatesResponse> answer = new CompletableFuture<>();
    StreamObserver<ImportRatesRequest> requests =
        RouteAdminGrpc.newStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .importRates(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ImportRatesResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    answer.complete(null);
                  }
                });
    for (ImportRatesRequest message : messages) {
      if (answer.isDone()) {
        break; // refused early: the server has already closed the call
      }
      requests.onNext(message);
    }
    requests.onCompleted();
    return await(answer);
  }

  /** Sends {@code messages}, then cancels the call instead of completing it. */
  public static void abandon(Channel channel, ImportRatesRequest... messages) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    StreamObserver<ImportRatesRequest> requests =
        RouteAdminGrpc.newStub(channel)
            .importRates(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ImportRatesResponse value) {}

                  @Override
                  public void onError(Throwable t) {
                    closed.complete(null);
                  }

                  @Override
                  public void onCompleted() {
                    closed.complete(null);
                  }
                });
    for (ImportRatesRequest message : messages) {
      requests.onNext(message);
    }
    requests.onError(new IllegalStateException("the client gives up"));
    await(closed);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException sre) {
        throw sre;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("ImportRates did not answer", e);
    }
  }
}
