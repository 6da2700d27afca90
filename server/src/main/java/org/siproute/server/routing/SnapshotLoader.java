package org.siproute.server.routing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.siproute.server.store.ExchangeRateRepository;
import org.siproute.server.store.PolicyRepository;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;

/** Reads the whole configuration from the store and feeds it to a {@link SnapshotBuilder}. */
final class SnapshotLoader {
  private final Store store;
  private final String platformCurrency;

  SnapshotLoader(Store store, String platformCurrency) {
    this.store = store;
    this.platformCurrency = platformCurrency;
  }

  /**
   * The share of a core each of the two loading threads may use while an older snapshot serves
   * decisions ({@link LoadPace}): together 0.3 of a core, and the database streaming the rows to
   * them about as much again, leaving the rest of a small machine to the transport threads. At
   * 0.3 each, a reload under 5 000 Select/s on two cores took 1 s less but its Select p99 was
   * 19-95 ms (median 32, six runs) against 12-48 ms (median 17, six runs) at 0.15
   * (server/docs/benchmarks.md).
   */
  static final double RELOAD_CORE_SHARE = 0.15;

  /** When the rate decks of the load in progress were built (System.nanoTime). */
  private volatile long decksBuiltNanos;
  /** How long the parts of the last load took, for the log. */
  private volatile String lastParts = "";

  /**
   * Builds a snapshot of the current revision. The rate decks of {@code previous} are kept when
   * no rate changed since it was built: they are the bulk of the data. The first load (no
   * {@code previous}) runs at full speed; a reload is paced, as decisions go on meanwhile.
   */
  Snapshot load(Snapshot previous) {
    long started = System.nanoTime();
    boolean paced = previous != null;
    SnapshotBuilder builder = new SnapshotBuilder();
    if (previous != null) {
      builder.reloading(previous);
    }
    // Read the revisions first: a write that lands during the load makes the next poll rebuild
    // again, never the other way round.
    Store.Revisions revisions = store.revisions();
    builder.revisions(revisions.revision(), revisions.ratesRevision());
    boolean decksKept = previous != null && previous.ratesRevision == revisions.ratesRevision();
    // The rate decks (the bulk of the rows) load and are built on a thread of their own while
    // routes load here: the two feed separate parts of the builder, and join before it builds.
    FutureTask<Void> decks =
        new FutureTask<>(
            () -> {
              LoadPace pace = paced ? LoadPace.forThisThread(RELOAD_CORE_SHARE) : LoadPace.FULL_SPEED;
              // Every deck in one statement each, streamed: bulk work.
              Store.bulk(
                  () ->
                      store.read(
                          db -> {
                            new RateRepository(db).forEach(paced(pace, builder.rateSink()));
                            RateRepository.sellRates(db).forEach(paced(pace, builder.sellRateSink()));
                            return null;
                          }));
              builder.finishRateDecks();
              decksBuiltNanos = System.nanoTime();
              return null;
            });
    if (decksKept) {
      builder.rateDecksOf(previous);
    } else {
      Thread thread = new Thread(decks, "routing-snapshot-decks");
      thread.setDaemon(true);
      thread.start();
    }
    LoadPace routePace = paced ? LoadPace.forThisThread(RELOAD_CORE_SHARE) : LoadPace.FULL_SPEED;
    try {
      store.read(db -> new ProviderRepository(db).all()).forEach(builder::provider);
      Store.bulk(
          () ->
              store.read(
                  db -> {
                    new RouteRepository(db).forEach(
                        builder.previousRoutes(),
                        route -> {
                          routePace.row();
                          builder.route(route);
                        });
                    return null;
                  }));
      store.read(db -> new PolicyRepository(db).all()).forEach(builder::policy);
      builder.platformCurrency(platformCurrency);
      store.read(db -> new ExchangeRateRepository(db).all(false)).forEach(builder::exchangeRate);
    } catch (RuntimeException e) {
      decks.cancel(true);
      throw e;
    }
    long routesReadNanos = System.nanoTime();
    if (!decksKept) {
      try {
        decks.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading rate decks", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
    long joinedNanos = System.nanoTime();
    Snapshot snapshot = builder.build();
    lastParts =
        "routes read in " + millis(routesReadNanos - started) + " ms, rate decks "
            + (decksKept ? "kept" : "read in " + millis(decksBuiltNanos - started) + " ms")
            + ", built in " + millis(System.nanoTime() - joinedNanos) + " ms";
    return snapshot;
  }

  /**
   * How long the parts of the last load took: the routes (with providers and policies) and the
   * rate decks load side by side, then the snapshot is built; the longer of the two first parts
   * is where a slow load spends its time.
   */
  String lastParts() {
    return lastParts;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  private static RateRepository.LineSink paced(LoadPace pace, RateRepository.LineSink sink) {
    if (pace == LoadPace.FULL_SPEED) {
      return sink;
    }
    return (owner, prefix, price, currency, validFrom, validUntil, connectFee, first, next) -> {
      pace.row();
      sink.accept(owner, prefix, price, currency, validFrom, validUntil, connectFee, first, next);
    };
  }
}
