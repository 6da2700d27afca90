package org.siproute.server.auth;

import com.google.protobuf.util.Timestamps;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.ListApiKeysRequest;
import org.siproute.proto.v1.ListApiKeysResponse;
import org.siproute.server.admin.AdminValidator;
import org.siproute.server.admin.Ids;
import org.siproute.server.admin.PageToken;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.Violations;

/**
 * CreateApiKey, ListApiKeys and DeleteApiKey. Key writes run in their own transaction with the
 * key revision bump and the audit event, and not through the routing store: a new key must not
 * make every instance rebuild its routing snapshot.
 */
public final class ApiKeyService {
  private final DSLContext db;
  private final Clock clock;
  private final ApiKeyCache cache;
  private final AuditRecorder audit;

  @Inject
  ApiKeyService(DSLContext db, Clock clock, ApiKeyCache cache, AuditRecorder audit) {
    this.db = db;
    this.clock = clock;
    this.cache = cache;
    this.audit = audit;
  }

  public CreateApiKeyResponse create(CreateApiKeyRequest request) {
    Principal caller = AuthContext.principal();
    caller.checkAdmin("create API keys");
    ApiKey in = request.getApiKey();
    Violations v = new Violations();
    Optional<Role> role = Role.fromProto(in.getRole());
    if (role.isEmpty()) {
      v.add("api_key.role", "must be ADMIN, CUSTOMER or ROUTER");
    } else if (role.get() == Role.CUSTOMER) {
      AdminValidator.customerId(v, "api_key.customer_id", in.getCustomerId(), false);
    } else if (!in.getCustomerId().isEmpty()) {
      v.add("api_key.customer_id", "must be empty for " + role.get() + " keys; only CUSTOMER keys are bound to a customer");
    }
    if (in.getName().isEmpty()) {
      v.add("api_key.name", "is required");
    } else if (in.getName().length() > 200 || !in.getName().chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      v.add("api_key.name", "must be at most 200 printable characters");
    }
    v.throwIfAny();
    String secret = ApiKeySecrets.newSecret();
    ApiKeyRepository.StoredKey key =
        new ApiKeyRepository.StoredKey(
            Ids.newId(),
            ApiKeySecrets.sha256Hex(secret),
            role.get().name(),
            in.getCustomerId(),
            in.getName(),
            caller.keyId(),
            clock.millis(),
            Optional.empty());
    ApiKey created = toProto(key);
    db.transaction(
        configuration -> {
          ApiKeyRepository keys = new ApiKeyRepository(configuration.dsl());
          keys.insert(key);
          keys.bumpRevision(clock.millis());
          audit.record(configuration.dsl(), AuditChange.created(AuditChange.API_KEY, key.id(), key.customerId(), created));
        });
    reloadCache();
    return CreateApiKeyResponse.newBuilder().setApiKey(created).setSecret(secret).build();
  }

  public ListApiKeysResponse list(ListApiKeysRequest request) {
    AuthContext.principal().checkAdmin("list API keys");
    int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
    String query = "api_keys:" + (request.getShowRevoked() ? "all" : "active");
    List<String> after = PageToken.decode(request.getPageToken(), query, 1);
    List<ApiKeyRepository.StoredKey> page =
        new ApiKeyRepository(db).page(after.isEmpty() ? "" : after.get(0), size + 1, request.getShowRevoked());
    ListApiKeysResponse.Builder out = ListApiKeysResponse.newBuilder();
    page.stream().limit(size).map(ApiKeyService::toProto).forEach(out::addApiKeys);
    if (page.size() > size) {
      out.setNextPageToken(PageToken.encode(query, List.of(page.get(size - 1).id())));
    }
    return out.build();
  }

  public void delete(DeleteApiKeyRequest request) {
    AuthContext.principal().checkAdmin("revoke API keys");
    Violations v = new Violations();
    AdminValidator.resourceId(v, "id", request.getId());
    v.throwIfAny();
    db.transaction(
        configuration -> {
          ApiKeyRepository keys = new ApiKeyRepository(configuration.dsl());
          ApiKeyRepository.StoredKey current =
              keys.findForUpdate(request.getId())
                  .filter(key -> !key.revoked())
                  .orElseThrow(() -> ServiceException.notFound("API key", request.getId()));
          long now = clock.millis();
          keys.revoke(current.id(), now);
          keys.bumpRevision(now);
          audit.record(
              configuration.dsl(),
              AuditChange.deleted(AuditChange.API_KEY, current.id(), current.customerId(), toProto(current)));
        });
    reloadCache();
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

  private static ApiKey toProto(ApiKeyRepository.StoredKey key) {
    ApiKey.Builder b =
        ApiKey.newBuilder()
            .setId(key.id())
            .setCustomerId(key.customerId())
            .setName(key.name())
            .setCreateTime(Timestamps.fromMillis(key.createMs()))
            .setCreatedBy(key.createdBy());
    Role.fromStored(key.role()).ifPresent(role -> b.setRole(role.toProto()));
    key.revokeMs().ifPresent(ms -> b.setRevokeTime(Timestamps.fromMillis(ms)));
    return b.build();
  }
}
