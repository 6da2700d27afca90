package org.siproute.server.auth;

import static org.siproute.db.jooq.Tables.API_KEY;
import static org.siproute.db.jooq.Tables.API_KEY_REVISION;

import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.ApiKeyRecord;

/** API key rows and the key revision, inside the caller's transaction or outside of any. */
final class ApiKeyRepository {
  private final DSLContext db;

  ApiKeyRepository(DSLContext db) {
    this.db = db;
  }

  /** A key as stored: its hash, never its secret. */
  record StoredKey(
      String id,
      String secretSha256,
      String role,
      String customerId,
      String name,
      String createdBy,
      long createMs,
      Optional<Long> revokeMs) {

    boolean revoked() {
      return revokeMs.isPresent();
    }
  }

  void insert(StoredKey key) {
    db.insertInto(API_KEY)
        .set(API_KEY.ID, key.id())
        .set(API_KEY.SECRET_SHA256, key.secretSha256())
        .set(API_KEY.ROLE, key.role())
        .set(API_KEY.CUSTOMER_ID, key.customerId())
        .set(API_KEY.NAME, key.name())
        .set(API_KEY.CREATED_BY, key.createdBy())
        .set(API_KEY.CREATE_MS, key.createMs())
        .set(API_KEY.REVOKE_MS, key.revokeMs().orElse(null))
        .execute();
  }

  Optional<StoredKey> findForUpdate(String id) {
    return db.selectFrom(API_KEY).where(API_KEY.ID.eq(id)).forUpdate().fetchOptional().map(ApiKeyRepository::toKey);
  }

  /** Marks an active key revoked; false if it is already revoked or gone. */
  boolean revoke(String id, long nowMs) {
    return db.update(API_KEY)
            .set(API_KEY.REVOKE_MS, nowMs)
            .where(API_KEY.ID.eq(id))
            .and(API_KEY.REVOKE_MS.isNull())
            .execute()
        == 1;
  }

  List<StoredKey> page(String afterId, int limit, boolean showRevoked) {
    Condition revoked = showRevoked ? DSL.trueCondition() : API_KEY.REVOKE_MS.isNull();
    return db.selectFrom(API_KEY)
        .where(API_KEY.ID.gt(afterId))
        .and(revoked)
        .orderBy(API_KEY.ID)
        .limit(limit)
        .fetch(ApiKeyRepository::toKey);
  }

  List<StoredKey> active() {
    return db.selectFrom(API_KEY).where(API_KEY.REVOKE_MS.isNull()).fetch(ApiKeyRepository::toKey);
  }

  long revision() {
    return db.select(API_KEY_REVISION.REVISION)
        .from(API_KEY_REVISION)
        .where(API_KEY_REVISION.ID.eq(1))
        .fetchSingle()
        .value1();
  }

  /** Tells every instance's key cache to reload; part of every key write's transaction. */
  void bumpRevision(long nowMs) {
    db.update(API_KEY_REVISION)
        .set(API_KEY_REVISION.REVISION, API_KEY_REVISION.REVISION.plus(1))
        .set(API_KEY_REVISION.UPDATE_MS, nowMs)
        .where(API_KEY_REVISION.ID.eq(1))
        .execute();
  }

  private static StoredKey toKey(ApiKeyRecord r) {
    return new StoredKey(
        r.getId(),
        r.getSecretSha256(),
        r.getRole(),
        r.getCustomerId(),
        r.getName(),
        r.getCreatedBy(),
        r.getCreateMs(),
        Optional.ofNullable(r.getRevokeMs()));
  }
}
