package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.API_KEY;
import static org.siproute.db.jooq.Tables.API_KEY_REVISION;

import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.ApiKeyRecord;
import org.siproute.server.domain.ApiKey;

/** API key rows and the key revision, inside the caller's transaction or outside of any. */
public final class ApiKeyRepository {
  private final DSLContext db;

  public ApiKeyRepository(DSLContext db) {
    this.db = db;
  }

  public void insert(ApiKey key) {
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

  public Optional<ApiKey> findForUpdate(String id) {
    return db.selectFrom(API_KEY).where(API_KEY.ID.eq(id)).forUpdate().fetchOptional().map(ApiKeyRepository::toKey);
  }

  /** Marks an active key revoked; false if it is already revoked or gone. */
  public boolean revoke(String id, long nowMs) {
    return db.update(API_KEY)
            .set(API_KEY.REVOKE_MS, nowMs)
            .where(API_KEY.ID.eq(id))
            .and(API_KEY.REVOKE_MS.isNull())
            .execute()
        == 1;
  }

  public List<ApiKey> page(String afterId, int limit, boolean showRevoked) {
    Condition revoked = showRevoked ? DSL.trueCondition() : API_KEY.REVOKE_MS.isNull();
    return db.selectFrom(API_KEY)
        .where(API_KEY.ID.gt(afterId))
        .and(revoked)
        .orderBy(API_KEY.ID)
        .limit(limit)
        .fetch(ApiKeyRepository::toKey);
  }

  public List<ApiKey> active() {
    return db.selectFrom(API_KEY).where(API_KEY.REVOKE_MS.isNull()).fetch(ApiKeyRepository::toKey);
  }

  public long revision() {
    return db.select(API_KEY_REVISION.REVISION)
        .from(API_KEY_REVISION)
        .where(API_KEY_REVISION.ID.eq(1))
        .fetchSingle()
        .value1();
  }

  /** Tells every instance's key cache to reload; part of every key write's transaction. */
  public void bumpRevision(long nowMs) {
    db.update(API_KEY_REVISION)
        .set(API_KEY_REVISION.REVISION, API_KEY_REVISION.REVISION.plus(1))
        .set(API_KEY_REVISION.UPDATE_MS, nowMs)
        .where(API_KEY_REVISION.ID.eq(1))
        .execute();
  }

  private static ApiKey toKey(ApiKeyRecord r) {
    return new ApiKey(
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
