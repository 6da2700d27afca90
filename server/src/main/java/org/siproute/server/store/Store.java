package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.ROUTING_REVISION;

import java.time.Clock;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Transactions, the one way the core reaches the database: work gets a {@link DSLContext}
 * bound to its transaction (jOOQ's nested configuration) and hands it to repositories. Every
 * write of the routing configuration runs in one transaction that also bumps the routing
 * revision and logs what it changed ({@link RoutingChanges}), so readers of the revision (the
 * routing snapshot of every instance) see each committed write exactly once, and can patch
 * their snapshot with just what it changed.
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

  /** Both revisions: of everything, and of the rate decks alone. */
  public record Revisions(long revision, long ratesRevision) {}

  /**
   * Runs {@code work} in one transaction that leaves the routing revision alone: for writes
   * that do not change routing (API keys), which must not make every instance rebuild its
   * snapshot.
   */
  public <T> T transaction(Work<T> work) {
    return dsl.transactionResult(configuration -> work.run(configuration.dsl()));
  }

  /**
   * Runs {@code work} in a transaction that is rolled back at its end, and returns what it
   * produced: a write's dry run (validate_only). The work runs as it would for real, with its
   * locks and the database's own constraint checks, but nothing of it is committed; the
   * revisions do not move.
   */
  public <T> T rolledBack(Work<T> work) {
    try {
      dsl.transaction(
          configuration -> {
            throw new RolledBack(work.run(configuration.dsl()));
          });
    } catch (RolledBack done) {
      @SuppressWarnings("unchecked")
      T value = (T) done.value;
      return value;
    }
    throw new IllegalStateException("a dry run's transaction ended without its result");
  }

  /** Carries a dry run's result out of its transaction, which it makes jOOQ roll back. */
  private static final class RolledBack extends RuntimeException {
    private final transient Object value;

    RolledBack(Object value) {
      super(null, null, false, false);
      this.value = value;
    }
  }

  /**
   * Runs {@code work} and the revision bump in one transaction, logged as a change of
   * everything: every instance loads its whole snapshot. For writes that cannot say what they
   * changed; the others name it with {@link #write(RoutingChanges, Work)}.
   */
  public <T> Written<T> write(Work<T> work) {
    return write(new RoutingChanges(), work);
  }

  /**
   * Runs {@code work}, the revision bump and the change log's entries for {@code changes}
   * (which {@code work} may still add to) in one transaction.
   */
  public <T> Written<T> write(RoutingChanges changes, Work<T> work) {
    return write(changes, work, false);
  }

  /** Like {@link #write(RoutingChanges, Work)}, for work that changes rate decks. */
  public <T> Written<T> writeRates(RoutingChanges changes, Work<T> work) {
    return write(changes, work, true);
  }

  private <T> Written<T> write(RoutingChanges changes, Work<T> work, boolean ratesChanged) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          T value = work.run(tx);
          // Bumped last, so the single revision row is locked only for the end of the work;
          // the lock also orders the log: revisions commit in the order they are numbered.
          var update =
              tx.update(ROUTING_REVISION)
                  .set(ROUTING_REVISION.REVISION, ROUTING_REVISION.REVISION.plus(1))
                  .set(ROUTING_REVISION.UPDATE_MS, clock.millis());
          if (ratesChanged) {
            update = update.set(ROUTING_REVISION.RATES_REVISION, ROUTING_REVISION.RATES_REVISION.plus(1));
          }
          update.where(ROUTING_REVISION.ID.eq(1)).execute();
          long revision = revisions(tx).revision();
          new ChangeLogRepository(tx).insert(changes.entries(revision));
          return new Written<>(value, revision);
        });
  }

  /**
   * Runs {@code work} on this thread with the bulk statement timeout instead of the query
   * timeout: for statements that move a whole rate deck (up to millions of rows). Works inside
   * a transaction too, for just the statements it wraps.
   */
  public static <T> T bulk(java.util.function.Supplier<T> work) {
    return StatementTimeouts.bulk(work);
  }

  /** Runs {@code work} outside any write transaction. */
  public <T> T read(java.util.function.Function<DSLContext, T> work) {
    return work.apply(dsl);
  }

  /** The current routing revision. */
  public long revision() {
    return revisions().revision();
  }

  /** The current routing revisions. */
  public Revisions revisions() {
    return revisions(dsl);
  }

  /**
   * Moves the routing revision {@code count} numbers forward without a change, so that numbers
   * below the new one are never given to a write again; returns the revision it moved from.
   */
  static long skipRevisions(DSLContext db, int count) {
    long before = revisions(db).revision();
    db.update(ROUTING_REVISION)
        .set(ROUTING_REVISION.REVISION, ROUTING_REVISION.REVISION.plus(count))
        .where(ROUTING_REVISION.ID.eq(1))
        .execute();
    return before;
  }

  private static Revisions revisions(DSLContext db) {
    Record2<Long, Long> r =
        db.select(ROUTING_REVISION.REVISION, ROUTING_REVISION.RATES_REVISION)
            .from(ROUTING_REVISION)
            .where(ROUTING_REVISION.ID.eq(1))
            .fetchSingle();
    return new Revisions(r.value1(), r.value2());
  }

  public long nowMs() {
    return clock.millis();
  }
}
