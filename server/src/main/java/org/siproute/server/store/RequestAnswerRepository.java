package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.REQUEST_ANSWER;

import java.util.Optional;
import org.jooq.DSLContext;

/** Stored answers of requests with a request_id, inside the caller's transaction or outside of any. */
public final class RequestAnswerRepository {
  /** An answer as stored: what identifies its request, the answer's bytes, when it was stored. */
  public record Stored(String fingerprint, byte[] answer, long createMs) {}

  private final DSLContext db;

  public RequestAnswerRepository(DSLContext db) {
    this.db = db;
  }

  public Optional<Stored> find(String requestId) {
    return db.select(REQUEST_ANSWER.FINGERPRINT, REQUEST_ANSWER.ANSWER, REQUEST_ANSWER.CREATE_MS)
        .from(REQUEST_ANSWER)
        .where(REQUEST_ANSWER.REQUEST_ID.eq(requestId))
        .fetchOptional(r -> new Stored(r.value1(), r.value2(), r.value3()));
  }

  /** Stores an answer; a unique-key violation when the id has one already. */
  public void insert(String requestId, String fingerprint, byte[] answer, long nowMs) {
    db.insertInto(REQUEST_ANSWER)
        .set(REQUEST_ANSWER.REQUEST_ID, requestId)
        .set(REQUEST_ANSWER.FINGERPRINT, fingerprint)
        .set(REQUEST_ANSWER.ANSWER, answer)
        .set(REQUEST_ANSWER.CREATE_MS, nowMs)
        .execute();
  }

  /** Deletes the answer of {@code requestId} if it was stored before {@code cutoffMs}. */
  public void deleteExpired(String requestId, long cutoffMs) {
    db.deleteFrom(REQUEST_ANSWER)
        .where(REQUEST_ANSWER.REQUEST_ID.eq(requestId))
        .and(REQUEST_ANSWER.CREATE_MS.lt(cutoffMs))
        .execute();
  }

  /** Deletes every answer stored before {@code cutoffMs}; how many. */
  public int deleteOlderThan(long cutoffMs) {
    return db.deleteFrom(REQUEST_ANSWER).where(REQUEST_ANSWER.CREATE_MS.lt(cutoffMs)).execute();
  }
}
