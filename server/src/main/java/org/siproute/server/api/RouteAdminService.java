package org.siproute.server.api;

import com.google.protobuf.Empty;
import com.google.protobuf.util.Timestamps;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ExportRoutesRequest;
import org.siproute.proto.v1.ExportRoutesResponse;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListApiKeysRequest;
import org.siproute.proto.v1.ListApiKeysResponse;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListAuditEventsResponse;
import org.siproute.proto.v1.ListProviderStatusRequest;
import org.siproute.proto.v1.ListProviderStatusResponse;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListProvidersResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRatesResponse;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.ListRoutesResponse;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.ExchangeRateAdmin;
import org.siproute.server.admin.PolicyField;
import org.siproute.proto.v1.ImportSellRatesRequest;
import org.siproute.proto.v1.ImportSellRatesResponse;
import org.siproute.proto.v1.ListSellRatesRequest;
import org.siproute.proto.v1.ListSellRatesResponse;
import org.siproute.proto.v1.ListExchangeRatesRequest;
import org.siproute.proto.v1.ListExchangeRatesResponse;
import org.siproute.proto.v1.SetExchangeRatesRequest;
import org.siproute.proto.v1.SetExchangeRatesResponse;
import org.siproute.server.admin.ProviderField;
import org.siproute.server.admin.RouteField;
import org.siproute.server.auth.ApiKeyService;
import org.siproute.server.auth.AuditLog;
import org.siproute.server.auth.Caller;
import org.siproute.server.auth.Role;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Ids;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;
import org.siproute.server.quality.ProviderStatuses;
import org.siproute.server.store.AuditRepository;

/**
 * The RouteAdmin gRPC service: each rpc checks its request and turns it into domain values
 * ({@link AdminValidator}, {@link UpdateMasks}, {@link PageToken}), asks the core, and answers
 * in wire form ({@link ProtoMapper}). What the core refuses becomes a status in {@link Rpcs}.
 */
public final class RouteAdminService extends RouteAdminGrpc.RouteAdminImplBase {
  private static final Set<String> AUDITED_TYPES = auditedTypes();

  private final AdminService admin;
  private final ApiKeyService apiKeys;
  private final AuditLog auditLog;
  private final ProviderStatuses providerStatuses;
  private final ExchangeRateAdmin exchangeRates;
  private final Idempotency idempotency;
  private final int maxImportRoutes;

  @Inject
  RouteAdminService(
      AdminService admin,
      ApiKeyService apiKeys,
      AuditLog auditLog,
      ProviderStatuses providerStatuses,
      ExchangeRateAdmin exchangeRates,
      Idempotency idempotency,
      ServerConfig config) {
    this.exchangeRates = exchangeRates;
    this.admin = admin;
    this.apiKeys = apiKeys;
    this.auditLog = auditLog;
    this.providerStatuses = providerStatuses;
    this.idempotency = idempotency;
    this.maxImportRoutes = config.limits().maxImportRoutes();
  }

  /** A route owner named by a request: a customer id, or "" for the default routes. */
  private static String owner(String customerId) {
    Violations v = new Violations();
    AdminValidator.customerId(v, "customer_id", customerId, true);
    v.throwIfAny();
    return customerId;
  }

  // ---- providers ----

  @Override
  public void createProvider(CreateProviderRequest request, StreamObserver<Provider> out) {
    Rpcs.unary(out, () -> {
      Provider in = request.getProvider();
      Provider named = in.getId().isEmpty() ? in.toBuilder().setId(Ids.newId()).build() : in;
      var provider = AdminValidator.provider(named, "provider");
      return idempotency.once(
          caller(request.getValidateOnly()),
          request.getRequestId(),
          request,
          Provider.getDefaultInstance(),
          c -> admin.createProvider(c, provider),
          ProtoMapper::provider,
          UnaryOperator.identity());
    });
  }

  @Override
  public void getProvider(GetProviderRequest request, StreamObserver<Provider> out) {
    Rpcs.unary(out, () -> ProtoMapper.provider(admin.getProvider(id("id", request.getId()))));
  }

  @Override
  public void listProviders(ListProvidersRequest request, StreamObserver<ListProvidersResponse> out) {
    Rpcs.unary(out, () -> {
      int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
      List<String> after = PageToken.decode(request.getPageToken(), "providers", 1);
      var page =
          PageToken.page(admin.listProviders(first(after), size + 1), size, "providers", p -> List.of(p.id()));
      return ListProvidersResponse.newBuilder()
          .addAllProviders(page.items().stream().map(ProtoMapper::provider).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  @Override
  public void updateProvider(UpdateProviderRequest request, StreamObserver<Provider> out) {
    Rpcs.unary(out, () -> {
      Provider in = request.getProvider();
      String id = id("provider.id", in.getId());
      var patch = AdminValidator.providerPatch(in, "provider", UpdateMasks.fields(request.getUpdateMask(), in, ProviderField.class));
      return ProtoMapper.provider(admin.updateProvider(caller(request.getValidateOnly()), id, in.getEtag(), patch));
    });
  }

  @Override
  public void deleteProvider(DeleteProviderRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      admin.deleteProvider(caller(request.getValidateOnly()), id("id", request.getId()), request.getEtag());
      return Empty.getDefaultInstance();
    });
  }

  // ---- routes ----

  @Override
  public void createRoute(CreateRouteRequest request, StreamObserver<Route> out) {
    Rpcs.unary(out, () -> {
      var route = AdminValidator.route(request.getRoute(), "route");
      return idempotency.once(
          caller(request.getValidateOnly()),
          request.getRequestId(),
          request,
          Route.getDefaultInstance(),
          c -> admin.createRoute(c, route),
          ProtoMapper::route,
          UnaryOperator.identity());
    });
  }

  @Override
  public StreamObserver<ImportRoutesRequest> importRoutes(StreamObserver<ImportRoutesResponse> out) {
    return RouteImportStream.open(admin, idempotency, maxImportRoutes, out);
  }

  @Override
  public void exportRoutes(ExportRoutesRequest request, StreamObserver<ExportRoutesResponse> out) {
    RouteExportStream.send(out, () -> admin.exportRoutes(AuthContext.caller(), owner(request.getCustomerId())));
  }

  @Override
  public void getRoute(GetRouteRequest request, StreamObserver<Route> out) {
    Rpcs.unary(out, () -> ProtoMapper.route(admin.getRoute(AuthContext.caller(), id("id", request.getId()))));
  }

  @Override
  public void listRoutes(ListRoutesRequest request, StreamObserver<ListRoutesResponse> out) {
    Rpcs.unary(out, () -> {
      var caller = AuthContext.caller();
      String customerId = admin.routeListCustomer(caller, request.getDefaultOnly(), request.getCustomerId());
      Violations v = new Violations();
      AdminValidator.customerId(v, "customer_id", customerId, true);
      if (request.getDefaultOnly() && !customerId.isEmpty()) {
        v.add("default_only", "cannot be combined with customer_id");
      }
      v.throwIfAny();
      Optional<String> scope =
          request.getDefaultOnly() ? Optional.of("") : customerId.isEmpty() ? Optional.empty() : Optional.of(customerId);
      int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
      String query = "routes:" + (request.getDefaultOnly() ? "default" : "customer=" + customerId);
      List<String> after = PageToken.decode(request.getPageToken(), query, 1);
      var page = PageToken.page(admin.listRoutes(caller, scope, first(after), size + 1), size, query, r -> List.of(r.id()));
      return ListRoutesResponse.newBuilder()
          .addAllRoutes(page.items().stream().map(ProtoMapper::route).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  @Override
  public void updateRoute(UpdateRouteRequest request, StreamObserver<Route> out) {
    Rpcs.unary(out, () -> {
      Route in = request.getRoute();
      String id = id("route.id", in.getId());
      var patch = AdminValidator.routePatch(in, "route", UpdateMasks.fields(request.getUpdateMask(), in, RouteField.class));
      return ProtoMapper.route(admin.updateRoute(caller(request.getValidateOnly()), id, in.getEtag(), in.getCustomerId(), patch));
    });
  }

  @Override
  public void deleteRoute(DeleteRouteRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      admin.deleteRoute(caller(request.getValidateOnly()), id("id", request.getId()), request.getEtag());
      return Empty.getDefaultInstance();
    });
  }

  // ---- rates ----

  @Override
  public StreamObserver<ImportRatesRequest> importRates(StreamObserver<ImportRatesResponse> out) {
    return RateImportStream.rates(admin, idempotency, out);
  }

  @Override
  public void listRates(ListRatesRequest request, StreamObserver<ListRatesResponse> out) {
    Rpcs.unary(out, () -> {
      Violations v = new Violations();
      AdminValidator.resourceId(v, "provider_id", request.getProviderId());
      if (!request.getPrefix().matches("[0-9]{0,15}")) {
        v.add("prefix", "must be 0 to 15 digits");
      }
      v.throwIfAny();
      int size = PageToken.pageSize(request.getPageSize(), 1000, 10_000);
      String query = "rates:" + request.getProviderId() + ":" + request.getPrefix();
      List<String> after = PageToken.decode(request.getPageToken(), query, 2);
      long afterValidFrom = after.isEmpty() ? Long.MIN_VALUE : number(after.get(1));
      var page =
          PageToken.page(
              admin.listRates(request.getProviderId(), request.getPrefix(), first(after), afterValidFrom, size + 1),
              size,
              query,
              r -> List.of(r.prefix(), Long.toString(r.validFromMs())));
      return ListRatesResponse.newBuilder()
          .addAllRates(page.items().stream().map(ProtoMapper::rate).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  // ---- sell rates ----

  @Override
  public StreamObserver<ImportSellRatesRequest> importSellRates(StreamObserver<ImportSellRatesResponse> out) {
    return RateImportStream.sellRates(admin, idempotency, out);
  }

  @Override
  public void listSellRates(ListSellRatesRequest request, StreamObserver<ListSellRatesResponse> out) {
    Rpcs.unary(out, () -> {
      Violations v = new Violations();
      AdminValidator.customerId(v, "customer_id", request.getCustomerId(), false);
      if (!request.getPrefix().matches("[0-9]{0,15}")) {
        v.add("prefix", "must be 0 to 15 digits");
      }
      v.throwIfAny();
      int size = PageToken.pageSize(request.getPageSize(), 1000, 10_000);
      String query = "sell-rates:" + request.getCustomerId() + ":" + request.getPrefix();
      List<String> after = PageToken.decode(request.getPageToken(), query, 2);
      long afterValidFrom = after.isEmpty() ? Long.MIN_VALUE : number(after.get(1));
      var page =
          PageToken.page(
              admin.listSellRates(
                  AuthContext.caller(), request.getCustomerId(), request.getPrefix(), first(after), afterValidFrom, size + 1),
              size,
              query,
              r -> List.of(r.prefix(), Long.toString(r.validFromMs())));
      return ListSellRatesResponse.newBuilder()
          .addAllRates(page.items().stream().map(r -> ProtoMapper.sellRate(request.getCustomerId(), r)).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  // ---- exchange rates ----

  @Override
  public void setExchangeRates(SetExchangeRatesRequest request, StreamObserver<SetExchangeRatesResponse> out) {
    Rpcs.unary(out, () -> {
      var changes = AdminValidator.exchangeRates(request.getRatesList(), "rates");
      var after = exchangeRates.set(AuthContext.caller(), changes, "rates");
      return SetExchangeRatesResponse.newBuilder()
          .setPlatformCurrency(exchangeRates.platformCurrency())
          .addAllRates(after.stream().map(ProtoMapper::exchangeRate).toList())
          .build();
    });
  }

  @Override
  public void listExchangeRates(ListExchangeRatesRequest request, StreamObserver<ListExchangeRatesResponse> out) {
    Rpcs.unary(out, () ->
        ListExchangeRatesResponse.newBuilder()
            .setPlatformCurrency(exchangeRates.platformCurrency())
            .addAllRates(exchangeRates.list().stream().map(ProtoMapper::exchangeRate).toList())
            .build());
  }

  // ---- policies ----

  @Override
  public void getRoutingPolicy(GetRoutingPolicyRequest request, StreamObserver<RoutingPolicy> out) {
    Rpcs.unary(out, () ->
        ProtoMapper.policy(admin.getRoutingPolicy(AuthContext.caller(), customerId("customer_id", request.getCustomerId(), true))));
  }

  @Override
  public void updateRoutingPolicy(UpdateRoutingPolicyRequest request, StreamObserver<RoutingPolicy> out) {
    Rpcs.unary(out, () -> {
      RoutingPolicy in = request.getPolicy();
      String customerId = customerId("policy.customer_id", in.getCustomerId(), true);
      var patch = AdminValidator.policyPatch(in, "policy", UpdateMasks.fields(request.getUpdateMask(), in, PolicyField.class));
      return ProtoMapper.policy(admin.updateRoutingPolicy(caller(request.getValidateOnly()), customerId, in.getEtag(), patch));
    });
  }

  @Override
  public void deleteRoutingPolicy(DeleteRoutingPolicyRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      admin.deleteRoutingPolicy(
          caller(request.getValidateOnly()), customerId("customer_id", request.getCustomerId(), false), request.getEtag());
      return Empty.getDefaultInstance();
    });
  }

  // ---- API keys and audit ----

  @Override
  public void createApiKey(CreateApiKeyRequest request, StreamObserver<CreateApiKeyResponse> out) {
    Rpcs.unary(out, () -> {
      var in = request.getApiKey();
      Violations v = new Violations();
      Role role = ProtoMapper.role(in.getRole());
      if (role == null) {
        v.add("api_key.role", "must be ADMIN, CUSTOMER or ROUTER");
      } else if (role == Role.CUSTOMER) {
        AdminValidator.customerId(v, "api_key.customer_id", in.getCustomerId(), false);
      } else if (!in.getCustomerId().isEmpty()) {
        v.add("api_key.customer_id", "must be empty for " + role + " keys; only CUSTOMER keys are bound to a customer");
      }
      if (in.getName().isEmpty()) {
        v.add("api_key.name", "is required");
      } else if (in.getName().length() > 200 || !in.getName().chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
        v.add("api_key.name", "must be at most 200 printable characters");
      }
      v.throwIfAny();
      Caller caller = caller(request.getValidateOnly());
      CreateApiKeyResponse answer =
          idempotency.once(
              caller,
              request.getRequestId(),
              request,
              CreateApiKeyResponse.getDefaultInstance(),
              c -> apiKeys.create(c, role, in.getCustomerId(), in.getName()),
              created ->
                  CreateApiKeyResponse.newBuilder()
                      .setApiKey(ProtoMapper.apiKey(created.key()))
                      .setSecret(created.secret())
                      .build(),
              // The secret is never stored: a retry gets the key without it.
              response -> response.toBuilder().clearSecret().build());
      // A key that validate_only did not create has no secret to show.
      return caller.validateOnly() ? answer.toBuilder().clearSecret().build() : answer;
    });
  }

  @Override
  public void listApiKeys(ListApiKeysRequest request, StreamObserver<ListApiKeysResponse> out) {
    Rpcs.unary(out, () -> {
      int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
      String query = "api_keys:" + (request.getShowRevoked() ? "all" : "active");
      List<String> after = PageToken.decode(request.getPageToken(), query, 1);
      var page =
          PageToken.page(
              apiKeys.list(AuthContext.caller(), first(after), size + 1, request.getShowRevoked()), size, query, k -> List.of(k.id()));
      return ListApiKeysResponse.newBuilder()
          .addAllApiKeys(page.items().stream().map(ProtoMapper::apiKey).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  @Override
  public void deleteApiKey(DeleteApiKeyRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      apiKeys.revoke(caller(request.getValidateOnly()), id("id", request.getId()));
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void listAuditEvents(ListAuditEventsRequest request, StreamObserver<ListAuditEventsResponse> out) {
    Rpcs.unary(out, () -> {
      Violations v = new Violations();
      boundedText(v, "actor", request.getActor());
      if (!request.getResourceType().isEmpty() && !AUDITED_TYPES.contains(request.getResourceType())) {
        v.add("resource_type", "must be empty or one of " + String.join(", ", AUDITED_TYPES));
      }
      boundedText(v, "resource_id", request.getResourceId());
      AdminValidator.customerId(v, "customer_id", request.getCustomerId(), true);
      if (request.hasStartTime() && !Timestamps.isValid(request.getStartTime())) {
        v.add("start_time", "is not a valid timestamp");
      }
      if (request.hasEndTime() && !Timestamps.isValid(request.getEndTime())) {
        v.add("end_time", "is not a valid timestamp");
      }
      v.throwIfAny();
      OptionalLong from =
          request.hasStartTime() ? OptionalLong.of(Timestamps.toMillis(request.getStartTime())) : OptionalLong.empty();
      OptionalLong until =
          request.hasEndTime() ? OptionalLong.of(Timestamps.toMillis(request.getEndTime())) : OptionalLong.empty();
      int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
      String query =
          String.join(
              ",", "audit", request.getActor(), request.getResourceType(), request.getResourceId(), request.getCustomerId(),
              from.isPresent() ? Long.toString(from.getAsLong()) : "", until.isPresent() ? Long.toString(until.getAsLong()) : "");
      List<String> after = PageToken.decode(request.getPageToken(), query, 1);
      long beforeId = after.isEmpty() ? Long.MAX_VALUE : number(after.get(0));
      var filter =
          new AuditRepository.Filter(
              request.getActor(), request.getResourceType(), request.getResourceId(), request.getCustomerId(), from, until);
      var page =
          PageToken.page(
              auditLog.list(AuthContext.caller(), filter, beforeId, size + 1), size, query, e -> List.of(Long.toString(e.id())));
      return ListAuditEventsResponse.newBuilder()
          .addAllAuditEvents(page.items().stream().map(ProtoMapper::auditEvent).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  // ---- provider status (quality feedback) ----

  @Override
  public void getProviderStatus(GetProviderStatusRequest request, StreamObserver<ProviderStatus> out) {
    Rpcs.unaryInMemory(out, () ->
        ProtoMapper.providerStatus(providerStatuses.get(id("provider_id", request.getProviderId()))));
  }

  @Override
  public void listProviderStatus(ListProviderStatusRequest request, StreamObserver<ListProviderStatusResponse> out) {
    Rpcs.unaryInMemory(out, () -> {
      int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
      List<String> after = PageToken.decode(request.getPageToken(), "provider-status", 1);
      var page =
          PageToken.page(
              providerStatuses.page(first(after), size + 1), size, "provider-status", s -> List.of(s.providerId()));
      return ListProviderStatusResponse.newBuilder()
          .addAllStatuses(page.items().stream().map(ProtoMapper::providerStatus).toList())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  // ---- shared checks ----

  /** The caller of this rpc; one that only validates when the request says validate_only. */
  private static Caller caller(boolean validateOnly) {
    return AuthContext.caller().validatingOnly(validateOnly);
  }

  /** {@code id}, refused unless it is a valid resource id. */
  private static String id(String field, String id) {
    Violations v = new Violations();
    AdminValidator.resourceId(v, field, id);
    v.throwIfAny();
    return id;
  }

  private static String customerId(String field, String id, boolean emptyAllowed) {
    Violations v = new Violations();
    AdminValidator.customerId(v, field, id, emptyAllowed);
    v.throwIfAny();
    return id;
  }

  /** The first part of a page token's key; "" (before every key) for the first page. */
  private static String first(List<String> after) {
    return after.isEmpty() ? "" : after.get(0);
  }

  /** A number from a page token: refused as a token this list never returned otherwise. */
  private static long number(String tokenPart) {
    try {
      return Long.parseLong(tokenPart);
    } catch (NumberFormatException e) {
      throw ServiceException.invalid("page_token", "is not a token returned by this list");
    }
  }

  private static void boundedText(Violations v, String field, String value) {
    if (value.length() > 64 || !value.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      v.add(field, "must be at most 64 printable characters");
    }
  }

  private static Set<String> auditedTypes() {
    Set<String> types = new TreeSet<>();
    for (ResourceType type : ResourceType.values()) {
      types.add(type.id());
    }
    return types;
  }
}
