package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.siproute.server.domain.ApiKey;
import org.siproute.server.domain.Ids;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.store.ApiKeyRepository;
import org.siproute.server.store.Store;

/**
 * CreateApiKey, ListApiKeys and DeleteApiKey, for ADMIN callers. Key writes run in their own
 * transaction with the key revision bump and the audit event, and leave the routing revision
 * alone: a new key must not make every instance rebuild its routing snapshot.
 */
public final class ApiKeyService {
  private final Store store;
  private final Clock clock;
  private final ApiKeyCache cache;
  private final AuditRecorder audit;
  private final AuditJson json;
  private final RequestIds requestIds;

  @Inject
  ApiKeyService(Store store, Clock clock, ApiKeyCache cache, AuditRecorder audit, AuditJson json, RequestIds requestIds) {
    this.store = store;
    this.clock = clock;
    this.cache = cache;
    this.audit = audit;
    this.json = json;
    this.requestIds = requestIds;
  }

  /** A key just made, and its secret: shown this once, never stored. */
  public record Created(ApiKey key, String secret) {}

  /** Creates a key of a checked {@code role} and {@code customerId} (empty unless CUSTOMER). */
  public Created create(Caller caller, Role role, String customerId, String name) {
    caller.principal().checkAdmin("create API keys");
    String secret = ApiKeySecrets.newSecret();
    ApiKey key =
        new ApiKey(
            Ids.newId(),
            ApiKeySecrets.sha256Hex(secret),
            role.name(),
            customerId,
            name,
            caller.principal().keyId(),
            clock.millis(),
            Optional.empty());
    Created created =
        transaction(
            caller,
            tx -> {
              ApiKeyRepository keys = new ApiKeyRepository(tx);
              keys.insert(key);
              keys.bumpRevision(clock.millis());
              audit.record(tx, caller, AuditChange.created(ResourceType.API_KEY, key.id(), key.customerId(), json.apiKey(key)));
              return new Created(key, secret);
            });
    reloadCache();
    return created;
  }

  /** Up to {@code limit} keys with ids after {@code afterId}, in id order. */
  public List<ApiKey> list(Caller caller, String afterId, int limit, boolean showRevoked) {
    caller.principal().checkAdmin("list API keys");
    return store.read(db -> new ApiKeyRepository(db).page(afterId, limit, showRevoked));
  }

  /** Revokes an active key; NOT_FOUND when there is none with this id. */
  public void revoke(Caller caller, String id) {
    caller.principal().checkAdmin("revoke API keys");
    transaction(
        caller,
        tx -> {
          ApiKeyRepository keys = new ApiKeyRepository(tx);
          ApiKey current =
              keys.findForUpdate(id)
                  .filter(key -> !key.revoked())
                  .orElseThrow(() -> ServiceException.notFound(ResourceType.API_KEY, id));
          long now = clock.millis();
          keys.revoke(current.id(), now);
          keys.bumpRevision(now);
          audit.record(
              tx, caller, AuditChange.deleted(ResourceType.API_KEY, current.id(), current.customerId(), json.apiKey(current)));
          return null;
        });
    reloadCache();
  }

  /**
   * Runs a key write: committed with the answer to the caller's request_id, if any, or for a
   * caller that only validates, rolled back.
   */
  private <T> T transaction(Caller caller, Store.Work<T> work) {
    if (caller.validateOnly()) {
      return store.rolledBack(work);
    }
    return store.transaction(
        tx -> {
          T value = work.run(tx);
          requestIds.record(tx, caller, value);
          return value;
        });
  }

  /**
   * Makes the write effective on this instance before the call returns. Should the reload
   * fail, the write is still committed and the next poll picks it up.
   */
  private void reloadCache() {
    try {
      cache.reload();
    } catch (RuntimeException e) {
      // The poller retries within the key refresh interval.
    }
  }
}
