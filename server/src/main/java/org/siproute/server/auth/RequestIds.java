package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.siproute.server.store.RequestAnswerRepository;
import org.siproute.server.store.Store;

/**
 * Answers of requests that carried a request_id, kept in the database for {@link #RETENTION}
 * so that a retry gets the first answer on any instance and nothing is applied twice. The
 * answers are opaque bytes here (the edge's wire form); what identifies a request, and what
 * counts as the same one, is the edge's {@link RequestRecord}.
 */
public final class RequestIds {
  /** How long an answer is given to retries. */
  public static final Duration RETENTION = Duration.ofHours(24);
  /** Expired answers are swept at most this often per instance. */
  private static final long SWEEP_INTERVAL_MS = 60_000;

  private final Store store;
  private final Clock clock;
  private final AtomicLong lastSweepMs = new AtomicLong(Long.MIN_VALUE);

  @Inject
  RequestIds(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A stored answer: what identifies its request, and the answer's bytes. */
  public record Answer(String fingerprint, byte[] bytes) {}

  /** The answer stored under {@code requestId} within the last 24 hours, if there is one. */
  public Optional<Answer> find(String requestId) {
    long cutoff = clock.millis() - RETENTION.toMillis();
    sweep(cutoff);
    return store.read(db -> new RequestAnswerRepository(db).find(requestId))
        .filter(stored -> stored.createMs() >= cutoff)
        .map(stored -> new Answer(stored.fingerprint(), stored.answer()));
  }

  /**
   * Inside a write's transaction: stores the answer to {@code result} under the caller's
   * request_id, if the call carries one (and is not validate_only). When a concurrent call with
   * the same id stored its answer first, the insert fails with a unique-key violation and the
   * whole write is rolled back.
   */
  public void record(DSLContext tx, Caller caller, Object result) {
    RequestRecord request = caller.request();
    if (request == null || caller.validateOnly()) {
      return;
    }
    long now = clock.millis();
    RequestAnswerRepository answers = new RequestAnswerRepository(tx);
    answers.deleteExpired(request.id(), now - RETENTION.toMillis());
    answers.insert(request.id(), request.fingerprint().get(), request.answer().apply(result), now);
  }

  /**
   * For work that writes nothing to the database (an outcome report): stores the answer in a
   * transaction of its own, before the work is done. False when the id has an answer already
   * (a concurrent retry claimed it first): then the work must not be done.
   */
  public boolean claim(Caller caller, Object result) {
    try {
      store.transaction(
          tx -> {
            record(tx, caller, result);
            return null;
          });
      return true;
    } catch (IntegrityConstraintViolationException taken) {
      return false;
    }
  }

  /**
   * Deletes expired answers, at most once a minute per instance, as a statement of its own:
   * never inside a write, whose locks it would widen.
   */
  private void sweep(long cutoffMs) {
    long last = lastSweepMs.get();
    long now = clock.millis();
    if (now - last < SWEEP_INTERVAL_MS || !lastSweepMs.compareAndSet(last, now)) {
      return;
    }
    store.read(db -> new RequestAnswerRepository(db).deleteOlderThan(cutoffMs));
  }
}
