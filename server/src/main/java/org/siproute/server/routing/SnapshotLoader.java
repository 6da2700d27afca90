package org.siproute.server.routing;

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
   * Builds a snapshot of the current revision. The rate decks of {@code previous} are kept when
   * no rate changed since it was built: they are the bulk of the data.
   */
  Snapshot load(Snapshot previous) {
    SnapshotBuilder builder = new SnapshotBuilder();
    // Read the revisions first: a write that lands during the load makes the next poll rebuild
    // again, never the other way round.
    Store.Revisions revisions = store.revisions();
    builder.revisions(revisions.revision(), revisions.ratesRevision());
    store.read(db -> new ProviderRepository(db).all()).forEach(builder::provider);
    store.read(db -> new RouteRepository(db).all()).forEach(builder::route);
    store.read(db -> new PolicyRepository(db).all()).forEach(builder::policy);
    builder.platformCurrency(platformCurrency);
    store.read(db -> new ExchangeRateRepository(db).all(false)).forEach(builder::exchangeRate);
    if (previous != null && previous.ratesRevision == revisions.ratesRevision()) {
      builder.rateDecksOf(previous);
    } else {
      // Every deck in one statement: bulk work.
      Store.bulk(
          () ->
              store.read(
                  db -> {
                    new RateRepository(db).forEach((provider, rate) -> builder.rate(rate));
                    RateRepository.sellRates(db).forEach(builder::sellRate);
                    return null;
                  }));
    }
    return builder.build();
  }
}
