package org.siproute.server.admin;

import static org.siproute.server.admin.ProtoMapper.etag;

import com.google.protobuf.FieldMask;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListProvidersResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRatesResponse;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.ListRoutesResponse;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.auth.AuditChange;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.AuthContext;
import org.siproute.server.auth.Principal;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.error.ErrorCode;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.Violations;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.store.PolicyRepository;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;

/**
 * The admin operations in plain Java: validate, write in one transaction (which bumps the
 * routing revision), wait for the local routing snapshot to catch up, answer. A refused
 * request throws {@link ServiceException} before or inside the transaction, so it changes
 * nothing. Every committed write records an audit event in its own transaction. Routes and
 * policies are checked against the caller's customer (a CUSTOMER key touches only its own);
 * which roles may call which rpc at all is decided before, by the auth interceptor.
 */
public class AdminService {
  static final Set<String> PROVIDER_FIELDS =
      Set.of("name", "hostname", "transport", "tech_prefix", "tech_postfix", "tech_headers",
          "disabled", "weight", "max_concurrent_calls", "labels");
  static final Set<String> ROUTE_FIELDS =
      Set.of("prefix", "provider_id", "priority", "weight", "schedule", "disabled", "name", "detail");
  static final Set<String> POLICY_FIELDS =
      Set.of("strategy", "failover_codes", "max_attempts", "max_price_micros", "exclude_default_routes");

  private final Store store;
  private final SnapshotRefresher snapshots;
  private final AuditRecorder audit;

  @Inject
  public AdminService(Store store, SnapshotRefresher snapshots, AuditRecorder audit) {
    this.store = store;
    this.snapshots = snapshots;
    this.audit = audit;
  }

  /** Commits {@code work} and returns once local decisions see it. */
  private <T> T write(Store.Work<T> work) {
    return awaitSnapshot(store.write(work));
  }

  private <T> T awaitSnapshot(Store.Written<T> written) {
    snapshots.awaitRevision(written.revision());
    return written.value();
  }

  // ---- providers ----

  public org.siproute.proto.v1.Provider createProvider(CreateProviderRequest request) {
    org.siproute.proto.v1.Provider in = request.getProvider();
    String id = in.getId().isEmpty() ? Ids.newId() : in.getId();
    long now = store.nowMs();
    Provider provider = AdminValidator.provider(in.toBuilder().setId(id).build(), "provider", 1, now, now);
    try {
      return ProtoMapper.provider(
          write(
              tx -> {
                ProviderRepository providers = new ProviderRepository(tx);
                if (providers.exists(id)) {
                  throw providerExists(id);
                }
                providers.insert(provider);
                audit.record(tx, AuditChange.created(AuditChange.PROVIDER, id, "", ProtoMapper.provider(provider)));
                return provider;
              }));
    } catch (IntegrityConstraintViolationException raced) {
      throw providerExists(id);
    }
  }

  private static ServiceException providerExists(String id) {
    return new ServiceException(ErrorCode.ALREADY_EXISTS, "provider '" + id + "' already exists");
  }

  public org.siproute.proto.v1.Provider getProvider(GetProviderRequest request) {
    requireId("id", request.getId());
    return store.read(db -> new ProviderRepository(db).find(request.getId()))
        .map(ProtoMapper::provider)
        .orElseThrow(() -> ServiceException.notFound("provider", request.getId()));
  }

  public ListProvidersResponse listProviders(ListProvidersRequest request) {
    int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
    List<String> after = PageToken.decode(request.getPageToken(), "providers", 1);
    List<Provider> page =
        store.read(db -> new ProviderRepository(db).page(after.isEmpty() ? "" : after.get(0), size + 1));
    ListProvidersResponse.Builder out = ListProvidersResponse.newBuilder();
    page.stream().limit(size).map(ProtoMapper::provider).forEach(out::addProviders);
    if (page.size() > size) {
      out.setNextPageToken(PageToken.encode("providers", List.of(page.get(size - 1).id())));
    }
    return out.build();
  }

  public org.siproute.proto.v1.Provider updateProvider(UpdateProviderRequest request) {
    org.siproute.proto.v1.Provider in = request.getProvider();
    requireId("provider.id", in.getId());
    FieldMask mask = UpdateMasks.effective(request.getUpdateMask(), PROVIDER_FIELDS);
    return ProtoMapper.provider(
        write(
            tx -> {
              ProviderRepository providers = new ProviderRepository(tx);
              Provider current =
                  providers.findForUpdate(in.getId())
                      .orElseThrow(() -> ServiceException.notFound("provider", in.getId()));
              checkEtag(in.getEtag(), current.version(), "provider", in.getId());
              org.siproute.proto.v1.Provider merged = UpdateMasks.merge(ProtoMapper.provider(current), in, mask);
              Provider updated =
                  AdminValidator.provider(merged, "provider", current.version() + 1, current.createMs(), store.nowMs());
              if (!providers.update(updated, current.version())) {
                throw concurrentChange("provider", in.getId());
              }
              audit.record(
                  tx,
                  AuditChange.updated(
                      AuditChange.PROVIDER, in.getId(), "", ProtoMapper.provider(current), ProtoMapper.provider(updated)));
              return updated;
            }));
  }

  public void deleteProvider(DeleteProviderRequest request) {
    requireId("id", request.getId());
    try {
      // Rate decks go with the provider (ON DELETE CASCADE), so this is a rates write too.
      awaitSnapshot(store.writeRates(
          tx -> {
            ProviderRepository providers = new ProviderRepository(tx);
            Provider current =
                providers.findForUpdate(request.getId())
                    .orElseThrow(() -> ServiceException.notFound("provider", request.getId()));
            checkEtag(request.getEtag(), current.version(), "provider", request.getId());
            int routes = providers.routeCount(request.getId());
            if (routes > 0) {
              throw providerInUse(request.getId(), routes);
            }
            // The provider's rate deck goes with it (ON DELETE CASCADE): up to millions of rows.
            if (!Store.bulk(() -> providers.delete(request.getId(), current.version()))) {
              throw concurrentChange("provider", request.getId());
            }
            audit.record(tx, AuditChange.deleted(AuditChange.PROVIDER, request.getId(), "", ProtoMapper.provider(current)));
            return null;
          }));
    } catch (IntegrityConstraintViolationException raced) {
      // A route was added between the count and the delete; the foreign key refused it.
      int routes = store.read(db -> new ProviderRepository(db).routeCount(request.getId()));
      throw providerInUse(request.getId(), routes);
    }
  }

  private static ServiceException providerInUse(String id, int routes) {
    return new ServiceException(
        ErrorCode.FAILED_PRECONDITION,
        "provider '" + id + "' is used by " + routes + (routes == 1 ? " route" : " routes")
            + "; delete or move them first");
  }

  // ---- routes ----

  public org.siproute.proto.v1.Route createRoute(CreateRouteRequest request) {
    AuthContext.principal().checkAccess(request.getRoute().getCustomerId(), "routes");
    long now = store.nowMs();
    Route route = AdminValidator.route(request.getRoute(), "route", Ids.newId(), 1, now, now);
    try {
      return ProtoMapper.route(
          write(
              tx -> {
                checkRouteTarget(tx, route, null);
                new RouteRepository(tx).insert(route);
                audit.record(tx, AuditChange.created(AuditChange.ROUTE, route.id(), route.customerId(), ProtoMapper.route(route)));
                return route;
              }));
    } catch (IntegrityConstraintViolationException raced) {
      // Another write got in between the check and the insert; say which, if it still holds.
      ServiceException conflict = store.read(db -> routeConflict(db, route, null));
      throw conflict != null ? conflict : concurrentChange("route", route.id());
    }
  }

  /** NOT_FOUND for a missing provider, ALREADY_EXISTS for a duplicate of another route. */
  private static void checkRouteTarget(DSLContext tx, Route route, String exceptId) {
    ServiceException conflict = routeConflict(tx, route, exceptId);
    if (conflict != null) {
      throw conflict;
    }
  }

  private static ServiceException routeConflict(DSLContext db, Route route, String exceptId) {
    if (!new ProviderRepository(db).exists(route.providerId())) {
      return new ServiceException(
          ErrorCode.NOT_FOUND, "route.provider_id: provider '" + route.providerId() + "' not found");
    }
    return new RouteRepository(db)
        .findDuplicate(route.customerId(), route.prefix(), route.providerId())
        .filter(existing -> !existing.equals(exceptId))
        .map(
            existing ->
                new ServiceException(
                    ErrorCode.ALREADY_EXISTS,
                    "route '" + existing + "' already sends "
                        + (route.isDefault() ? "default" : "customer '" + route.customerId() + "'")
                        + " calls for prefix '" + route.prefix() + "' to provider '"
                        + route.providerId() + "'"))
        .orElse(null);
  }

  public org.siproute.proto.v1.Route getRoute(GetRouteRequest request) {
    requireId("id", request.getId());
    Route route =
        store.read(db -> new RouteRepository(db).find(request.getId()))
            .orElseThrow(() -> ServiceException.notFound("route", request.getId()));
    AuthContext.principal().checkAccess(route.customerId(), "routes");
    return ProtoMapper.route(route);
  }

  public ListRoutesResponse listRoutes(ListRoutesRequest request) {
    Principal caller = AuthContext.principal();
    if (!caller.isAdmin()) {
      // A customer lists its own routes only: no filter means its own, not everybody's.
      String owner =
          request.getDefaultOnly() ? "" : request.getCustomerId().isEmpty() ? caller.customerId() : request.getCustomerId();
      caller.checkAccess(owner, "routes");
      request = request.toBuilder().setCustomerId(owner).build();
    }
    Violations v = new Violations();
    AdminValidator.customerId(v, "customer_id", request.getCustomerId(), true);
    if (request.getDefaultOnly() && !request.getCustomerId().isEmpty()) {
      v.add("default_only", "cannot be combined with customer_id");
    }
    v.throwIfAny();
    int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
    RouteRepository.Filter filter =
        request.getDefaultOnly()
            ? new RouteRepository.Filter(java.util.Optional.of(""))
            : request.getCustomerId().isEmpty()
                ? RouteRepository.Filter.ALL
                : new RouteRepository.Filter(java.util.Optional.of(request.getCustomerId()));
    String query = "routes:" + (request.getDefaultOnly() ? "default" : "customer=" + request.getCustomerId());
    List<String> after = PageToken.decode(request.getPageToken(), query, 1);
    List<Route> page =
        store.read(db -> new RouteRepository(db).page(filter, after.isEmpty() ? "" : after.get(0), size + 1));
    ListRoutesResponse.Builder out = ListRoutesResponse.newBuilder();
    page.stream().limit(size).map(ProtoMapper::route).forEach(out::addRoutes);
    if (page.size() > size) {
      out.setNextPageToken(PageToken.encode(query, List.of(page.get(size - 1).id())));
    }
    return out.build();
  }

  public org.siproute.proto.v1.Route updateRoute(UpdateRouteRequest request) {
    org.siproute.proto.v1.Route in = request.getRoute();
    requireId("route.id", in.getId());
    FieldMask mask = UpdateMasks.effective(request.getUpdateMask(), ROUTE_FIELDS);
    Principal caller = AuthContext.principal();
    Route[] attempted = new Route[1];
    try {
      return ProtoMapper.route(
          write(
              tx -> {
                RouteRepository routes = new RouteRepository(tx);
                Route current =
                    routes.findForUpdate(in.getId())
                        .orElseThrow(() -> ServiceException.notFound("route", in.getId()));
                caller.checkAccess(current.customerId(), "routes");
                checkEtag(in.getEtag(), current.version(), "route", in.getId());
                if (!in.getCustomerId().isEmpty() && !in.getCustomerId().equals(current.customerId())) {
                  throw ServiceException.invalid("route.customer_id", "cannot be changed; create a route for the other owner");
                }
                org.siproute.proto.v1.Route merged = UpdateMasks.merge(ProtoMapper.route(current), in, mask);
                Route updated =
                    AdminValidator.route(merged, "route", current.id(), current.version() + 1, current.createMs(), store.nowMs());
                attempted[0] = updated;
                checkRouteTarget(tx, updated, updated.id());
                if (!routes.update(updated, current.version())) {
                  throw concurrentChange("route", in.getId());
                }
                audit.record(
                    tx,
                    AuditChange.updated(
                        AuditChange.ROUTE, current.id(), current.customerId(), ProtoMapper.route(current), ProtoMapper.route(updated)));
                return updated;
              }));
    } catch (IntegrityConstraintViolationException raced) {
      ServiceException conflict = attempted[0] == null ? null : store.read(db -> routeConflict(db, attempted[0], attempted[0].id()));
      throw conflict != null ? conflict : concurrentChange("route", in.getId());
    }
  }

  public void deleteRoute(DeleteRouteRequest request) {
    requireId("id", request.getId());
    Principal caller = AuthContext.principal();
    write(
        tx -> {
          RouteRepository routes = new RouteRepository(tx);
          Route current =
              routes.findForUpdate(request.getId())
                  .orElseThrow(() -> ServiceException.notFound("route", request.getId()));
          caller.checkAccess(current.customerId(), "routes");
          checkEtag(request.getEtag(), current.version(), "route", request.getId());
          if (!routes.delete(request.getId(), current.version())) {
            throw concurrentChange("route", request.getId());
          }
          audit.record(tx, AuditChange.deleted(AuditChange.ROUTE, current.id(), current.customerId(), ProtoMapper.route(current)));
          return null;
        });
  }

  // ---- rates ----

  /** Starts a rate import; the caller feeds it the streamed chunks. */
  public RateImport startRateImport() {
    return new RateImport(store, snapshots, audit);
  }

  public ListRatesResponse listRates(ListRatesRequest request) {
    Violations v = new Violations();
    AdminValidator.resourceId(v, "provider_id", request.getProviderId());
    if (!request.getPrefix().matches("[0-9]{0,15}")) {
      v.add("prefix", "must be 0 to 15 digits");
    }
    v.throwIfAny();
    int size = PageToken.pageSize(request.getPageSize(), 1000, 10_000);
    String query = "rates:" + request.getProviderId() + ":" + request.getPrefix();
    List<String> after = PageToken.decode(request.getPageToken(), query, 2);
    long afterValidFrom;
    try {
      afterValidFrom = after.isEmpty() ? Long.MIN_VALUE : Long.parseLong(after.get(1));
    } catch (NumberFormatException e) {
      throw ServiceException.invalid("page_token", "is not a token returned by this list");
    }
    String afterPrefix = after.isEmpty() ? "" : after.get(0);
    List<Rate> page =
        store.read(
            db -> {
              if (!new ProviderRepository(db).exists(request.getProviderId())) {
                throw ServiceException.notFound("provider", request.getProviderId());
              }
              return new RateRepository(db).page(request.getProviderId(), request.getPrefix(), afterPrefix, afterValidFrom, size + 1);
            });
    ListRatesResponse.Builder out = ListRatesResponse.newBuilder();
    page.stream().limit(size).map(ProtoMapper::rate).forEach(out::addRates);
    if (page.size() > size) {
      Rate last = page.get(size - 1);
      out.setNextPageToken(PageToken.encode(query, List.of(last.prefix(), Long.toString(last.validFromMs()))));
    }
    return out.build();
  }

  // ---- policies ----

  public org.siproute.proto.v1.RoutingPolicy getRoutingPolicy(GetRoutingPolicyRequest request) {
    AuthContext.principal().checkAccess(request.getCustomerId(), "routing policies");
    Violations v = new Violations();
    AdminValidator.customerId(v, "customer_id", request.getCustomerId(), true);
    v.throwIfAny();
    return ProtoMapper.policy(store.read(db -> effectivePolicy(new PolicyRepository(db), request.getCustomerId())));
  }

  private static RoutingPolicy effectivePolicy(PolicyRepository policies, String customerId) {
    return policies.find(customerId)
        .orElseGet(() -> policies.find("").orElseThrow().inheritedBy(customerId));
  }

  public org.siproute.proto.v1.RoutingPolicy updateRoutingPolicy(UpdateRoutingPolicyRequest request) {
    org.siproute.proto.v1.RoutingPolicy in = request.getPolicy();
    AuthContext.principal().checkAccess(in.getCustomerId(), "routing policies");
    Violations v = new Violations();
    AdminValidator.customerId(v, "policy.customer_id", in.getCustomerId(), true);
    v.throwIfAny();
    FieldMask mask = UpdateMasks.effective(request.getUpdateMask(), POLICY_FIELDS);
    try {
      return ProtoMapper.policy(
          write(
              tx -> {
                PolicyRepository policies = new PolicyRepository(tx);
                RoutingPolicy own = policies.findForUpdate(in.getCustomerId()).orElse(null);
                long now = store.nowMs();
                if (own == null) {
                  if (!in.getEtag().isEmpty()) {
                    throw staleEtag("policy", in.getCustomerId());
                  }
                  RoutingPolicy base = policies.find("").orElseThrow().inheritedBy(in.getCustomerId());
                  org.siproute.proto.v1.RoutingPolicy merged = UpdateMasks.merge(ProtoMapper.policy(base), in, mask);
                  RoutingPolicy created = AdminValidator.policy(merged, "policy", 1, now);
                  policies.insert(created);
                  audit.record(
                      tx,
                      AuditChange.created(
                          AuditChange.ROUTING_POLICY, in.getCustomerId(), in.getCustomerId(), ProtoMapper.policy(created)));
                  return created;
                }
                checkEtag(in.getEtag(), own.version(), "policy", in.getCustomerId());
                org.siproute.proto.v1.RoutingPolicy merged = UpdateMasks.merge(ProtoMapper.policy(own), in, mask);
                RoutingPolicy updated = AdminValidator.policy(merged, "policy", own.version() + 1, now);
                if (!policies.update(updated, own.version())) {
                  throw concurrentChange("policy", in.getCustomerId());
                }
                audit.record(
                    tx,
                    AuditChange.updated(
                        AuditChange.ROUTING_POLICY, in.getCustomerId(), in.getCustomerId(),
                        ProtoMapper.policy(own), ProtoMapper.policy(updated)));
                return updated;
              }));
    } catch (IntegrityConstraintViolationException raced) {
      // Two first policies of one customer at once: both found none, the other's insert won.
      throw concurrentChange("policy", in.getCustomerId());
    }
  }

  public void deleteRoutingPolicy(DeleteRoutingPolicyRequest request) {
    AuthContext.principal().checkAccess(request.getCustomerId(), "routing policies");
    Violations v = new Violations();
    AdminValidator.customerId(v, "customer_id", request.getCustomerId(), false);
    v.throwIfAny();
    write(
        tx -> {
          PolicyRepository policies = new PolicyRepository(tx);
          RoutingPolicy own =
              policies.findForUpdate(request.getCustomerId())
                  .orElseThrow(() -> ServiceException.notFound("routing policy of customer", request.getCustomerId()));
          checkEtag(request.getEtag(), own.version(), "policy", request.getCustomerId());
          if (!policies.delete(request.getCustomerId(), own.version())) {
            throw concurrentChange("policy", request.getCustomerId());
          }
          audit.record(
              tx,
              AuditChange.deleted(
                  AuditChange.ROUTING_POLICY, request.getCustomerId(), request.getCustomerId(), ProtoMapper.policy(own)));
          return null;
        });
  }

  // ---- shared ----

  private static void requireId(String field, String id) {
    Violations v = new Violations();
    AdminValidator.resourceId(v, field, id);
    v.throwIfAny();
  }

  static void checkEtag(String given, long version, String what, String id) {
    if (!given.isEmpty() && !given.equals(etag(version))) {
      throw staleEtag(what, id);
    }
  }

  private static ServiceException staleEtag(String what, String id) {
    return new ServiceException(
        ErrorCode.STALE_ETAG,
        what + " '" + id + "' was changed since this etag was read; get it again and retry");
  }

  private static ServiceException concurrentChange(String what, String id) {
    return new ServiceException(ErrorCode.CONFLICT, what + " '" + id + "' changed concurrently; retry");
  }
}
