package org.siproute.server.testing;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Receives the one answer of a call made with an asynchronous stub (a client stream such as
 * ImportRates, the first answer of reflection, a unary call on a service object), for a test to
 * wait for.
 */
public final class OneReply<T> implements StreamObserver<T> {
  private final CompletableFuture<T> reply = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    reply.complete(value);
  }

  @Override
  public void onError(Throwable t) {
    reply.completeExceptionally(t);
  }

  /** Without an answer, the reply is null. */
  @Override
  public void onCompleted() {
    reply.complete(null);
  }

  public boolean isDone() {
    return reply.isDone();
  }

  /** The answer (waits up to 60 s); a refusal is thrown as the StatusRuntimeException it is. */
  public T get() {
    try {
      return reply.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException refusal) {
        throw refusal;
      }
      throw new IllegalStateException("the call failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 60 s", e);
    }
  }
}
