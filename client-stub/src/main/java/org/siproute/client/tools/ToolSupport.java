package org.siproute.client.tools;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** What the CSV tools (rate decks, route tables) share: option values, timing, one-answer streams. */
final class ToolSupport {
  private ToolSupport() {}

  /** The value of the option at {@code i - 1}; IllegalArgumentException when it has none. */
  static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /** The option at {@code i - 1} as a duration ("90s", "30m", "0.5s"); IllegalArgumentException when it is none. */
  static Duration duration(String[] args, int i) {
    String text = value(args, i);
    try {
      return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(args[i - 1] + " needs a duration such as 90s or 30m, not '" + text + "'");
    }
  }

  static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** The response observer of a client-streaming import: completes {@code done} with its one answer. */
  static <R> StreamObserver<R> answerTo(CompletableFuture<R> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(R value) {
        done.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
