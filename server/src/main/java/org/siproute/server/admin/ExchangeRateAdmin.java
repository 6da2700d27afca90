package org.siproute.server.admin;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.siproute.server.auth.AuditChange;
import org.siproute.server.auth.AuditJson;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.Caller;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.ExchangeRate;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.Violations;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.store.ExchangeRateRepository;
import org.siproute.server.store.RoutingChanges;
import org.siproute.server.store.Store;

/**
 * Exchange rates into the platform currency: set like any other admin write (one transaction
 * that records the audit event and bumps the routing revision, visible to local decisions when
 * it returns), listed as stored.
 */
@Singleton
public final class ExchangeRateAdmin {
  private final Store store;
  private final SnapshotRefresher snapshots;
  private final AuditRecorder audit;
  private final AuditJson json;
  private final String platformCurrency;

  @Inject
  ExchangeRateAdmin(Store store, SnapshotRefresher snapshots, AuditRecorder audit, AuditJson json, ServerConfig config) {
    this.store = store;
    this.snapshots = snapshots;
    this.audit = audit;
    this.json = json;
    this.platformCurrency = config.currency();
  }

  /** The currency every exchange rate is in (server setting --currency). */
  public String platformCurrency() {
    return platformCurrency;
  }

  public List<ExchangeRate> list() {
    return store.read(db -> new ExchangeRateRepository(db).all(false));
  }

  /**
   * Sets the given currencies' rates ({@code platformMicros} 0 removes one), leaving the others
   * as they are; returns every rate afterwards. The rates' checks of a single field are the
   * edge's; the one against the platform currency, which only the core knows, is here, named
   * by {@code path}[index].
   */
  public List<ExchangeRate> set(Caller caller, List<ExchangeRate> changes, String path) {
    Violations v = new Violations();
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).currency().equals(platformCurrency)) {
        v.add(path + "[" + i + "].currency",
            "is the platform currency (--currency " + platformCurrency + "), always worth " + ExchangeRate.ONE);
      }
    }
    v.throwIfAny();
    Store.Written<List<ExchangeRate>> written =
        store.write(
            new RoutingChanges().exchangeRates(),
            tx -> {
              ExchangeRateRepository rates = new ExchangeRateRepository(tx);
              List<ExchangeRate> before = rates.all(true);
              long now = store.nowMs();
              for (ExchangeRate change : changes) {
                if (change.platformMicros() == 0) {
                  rates.remove(change.currency());
                } else {
                  rates.put(new ExchangeRate(change.currency(), change.platformMicros(), now));
                }
              }
              List<ExchangeRate> after = rates.all(false);
              audit.record(
                  tx,
                  caller,
                  AuditChange.updated(
                      ResourceType.EXCHANGE_RATES, platformCurrency, "",
                      json.exchangeRates(platformCurrency, before), json.exchangeRates(platformCurrency, after)));
              return after;
            });
    snapshots.awaitRevision(written.revision());
    return written.value();
  }
}
