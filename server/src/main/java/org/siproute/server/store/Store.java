package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.ROUTING_REVISION;

import java.time.Clock;
import org.jooq.DSLContext;

/**
 * Transactions over the routing configuration. Every write runs in one transaction that also
 * bumps the routing revision, so readers of the revision (the routing snapshot of every
 * instance) see each committed write exactly once.
 */
public final class Store {
  private final DSLContext dsl;
  private final Clock clock;

  public Store(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
    this.clock = clock;
  }

  /** Work done inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(DSLContext tx) throws Exception;
  }

  /** The result of a committed write and the revision it produced. */
  public record Written<T>(T value, long revision) {}

  /** Runs {@code work} and the revision bump in one transaction. */
  public <T> Written<T> write(Work<T> work) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          T value = work.run(tx);
          // Bumped last, so the single revision row is locked only for the end of the work.
          tx.update(ROUTING_REVISION)
              .set(ROUTING_REVISION.REVISION, ROUTING_REVISION.REVISION.plus(1))
              .set(ROUTING_REVISION.UPDATE_MS, clock.millis())
              .where(ROUTING_REVISION.ID.eq(1))
              .execute();
          long revision =
              tx.select(ROUTING_REVISION.REVISION)
                  .from(ROUTING_REVISION)
                  .where(ROUTING_REVISION.ID.eq(1))
                  .fetchSingle()
                  .value1();
          return new Written<>(value, revision);
        });
  }

  /** Runs {@code work} outside any write transaction. */
  public <T> T read(java.util.function.Function<DSLContext, T> work) {
    return work.apply(dsl);
  }

  /** The current routing revision. */
  public long revision() {
    return dsl.select(ROUTING_REVISION.REVISION)
        .from(ROUTING_REVISION)
        .where(ROUTING_REVISION.ID.eq(1))
        .fetchSingle()
        .value1();
  }

  public long nowMs() {
    return clock.millis();
  }
}
