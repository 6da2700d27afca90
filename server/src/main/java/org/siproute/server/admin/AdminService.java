package org.siproute.server.admin;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.siproute.server.auth.AuditJson;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.Caller;
import org.siproute.server.auth.Principal;
import org.siproute.server.auth.RequestIds;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.Ids;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;
import org.siproute.server.quality.ProbeLabel;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.store.PolicyRepository;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;

/**
 * The admin operations on checked domain values: each write goes through {@link
 * VersionedWrites} (one transaction that bumps the routing revision and records the audit
 * event; it returns once local decisions see it), so a refusal changes nothing. Routes and
 * policies are checked against the caller's customer (a CUSTOMER key touches only its own);
 * which roles may call which operation at all is decided before, at the edge.
 */
public class AdminService {
  private final Store store;
  private final SnapshotRefresher snapshots;
  private final AuditRecorder audit;
  private final AuditJson json;
  private final RequestIds requestIds;
  private final VersionedWrites writes;
  private final VersionedWrites.Kind<Provider> providers;
  private final VersionedWrites.Kind<Route> routes;
  private final VersionedWrites.Kind<RoutingPolicy> policies;
  private final RouteTable routeTable;

  @Inject
  public AdminService(Store store, SnapshotRefresher snapshots, AuditRecorder audit, AuditJson json, RequestIds requestIds) {
    this.store = store;
    this.snapshots = snapshots;
    this.audit = audit;
    this.json = json;
    this.requestIds = requestIds;
    this.writes = new VersionedWrites(store, snapshots, audit, requestIds);
    this.routeTable = new RouteTable(store, writes, audit, json);
    this.providers =
        new VersionedWrites.Kind<>(
            ResourceType.PROVIDER, "provider", "providers", ProviderRepository::new,
            Provider::id, p -> "", Provider::version, json::provider, null, true,
            (changes, p) -> changes.provider(p.id()));
    this.routes =
        new VersionedWrites.Kind<>(
            ResourceType.ROUTE, "route", "routes", RouteRepository::new,
            Route::id, Route::customerId, Route::version, json::route, null, false,
            (changes, r) -> changes.route(r.customerId(), r.id(), r.prefix()));
    this.policies =
        new VersionedWrites.Kind<>(
            ResourceType.ROUTING_POLICY, "policy", "routing policies", PolicyRepository::new,
            RoutingPolicy::customerId, RoutingPolicy::customerId, RoutingPolicy::version, json::policy,
            (tx, customerId) -> new PolicyRepository(tx).find("").orElseThrow().inheritedBy(customerId), false,
            (changes, p) -> changes.policy(p.customerId()));
  }

  /** The etag of a stored version: what a write must name to change that version. */
  public static String etag(long version) {
    return VersionedWrites.etag(version);
  }

  // ---- providers ----

  /** Stores a checked provider (its id final) at version 1. */
  public Provider createProvider(Caller caller, Provider provider) {
    long now = store.nowMs();
    Provider created = provider.withVersion(1, now, now);
    try {
      return writes.create(
          caller,
          providers,
          created,
          (tx, p) -> {
            if (new ProviderRepository(tx).exists(p.id())) {
              throw providerExists(p.id());
            }
          });
    } catch (IntegrityConstraintViolationException raced) {
      throw providerExists(created.id());
    }
  }

  private static ServiceException providerExists(String id) {
    return new ServiceException(ErrorCode.ALREADY_EXISTS, "provider '" + id + "' already exists");
  }

  public Provider getProvider(String id) {
    return store.read(db -> new ProviderRepository(db).find(id))
        .orElseThrow(() -> ServiceException.notFound(ResourceType.PROVIDER, id));
  }

  /** Up to {@code limit} providers with ids after {@code afterId}, in id order. */
  public List<Provider> listProviders(String afterId, int limit) {
    return store.read(db -> new ProviderRepository(db).page(afterId, limit));
  }

  public Provider updateProvider(Caller caller, String id, String etag, Patch<ProviderField, Provider> patch) {
    return writes.update(
        caller,
        providers,
        id,
        etag,
        (tx, current, version, now) -> checked(ProviderField.merge(current, patch, version, now)));
  }

  /**
   * What the edge cannot check in a patch alone: a transport and a probe label that do not go
   * together, when the update changes only one of them; a hostname and gateways that are both
   * set (or both empty) when the update names only one of them.
   */
  private static Provider checked(Provider merged) {
    if (merged.hostname().isEmpty() == merged.gateways().isEmpty()) {
      new Violations()
          .add("provider.hostname", merged.gateways().isEmpty()
              ? "is required when the provider has no gateways"
              : "must be empty when gateways are given: give one of hostname and gateways")
          .throwIfAny();
    }
    String probe = merged.labels().get(ProbeLabel.KEY);
    if (probe != null) {
      String problem = ProbeLabel.transportProblem(probe, merged.transport());
      if (problem != null) {
        new Violations().add("provider.labels[" + ProbeLabel.KEY + "]", problem).throwIfAny();
      }
    }
    return merged;
  }

  /** Deletes a provider no route uses, with its rate deck; PROVIDER_IN_USE otherwise. */
  public void deleteProvider(Caller caller, String id, String etag) {
    try {
      writes.delete(
          caller,
          providers,
          id,
          etag,
          (tx, current) -> {
            int routeCount = new ProviderRepository(tx).routeCount(id);
            if (routeCount > 0) {
              throw providerInUse(id, routeCount);
            }
          });
    } catch (IntegrityConstraintViolationException raced) {
      // A route was added between the count and the delete; the foreign key refused it.
      throw providerInUse(id, store.read(db -> new ProviderRepository(db).routeCount(id)));
    }
  }

  private static ServiceException providerInUse(String id, int routes) {
    return new ServiceException(
        ErrorCode.PROVIDER_IN_USE,
        "provider '" + id + "' is used by " + routes + (routes == 1 ? " route" : " routes")
            + "; delete or move them first",
        Map.of(ServiceException.ROUTES, Integer.toString(routes)));
  }

  // ---- routes ----

  /** Stores a checked route under a new id at version 1. */
  public Route createRoute(Caller caller, Route route) {
    caller.principal().checkAccess(route.customerId(), "routes");
    long now = store.nowMs();
    Route created = shaped(route).withIdentity(Ids.newId(), 1, now, now);
    try {
      return writes.create(caller, routes, created, (tx, r) -> checkRouteTarget(tx, r));
    } catch (IntegrityConstraintViolationException raced) {
      // Another write got in between the check and the insert; say which, if it still holds.
      throw routeConflictAfterRace(created);
    }
  }

  /**
   * A route as it will be stored, checked for what its action asks of its other fields: a
   * BLOCK route has no provider and answers with 403 unless it names a code; a ROUTE route
   * has a provider and no block code.
   */
  static Route shaped(Route route) {
    String problem = shapeProblem(route);
    if (problem != null) {
      throw ServiceException.invalid("route.provider_id", problem);
    }
    if (route.isBlock()) {
      return route.blockSipCode() == 0 ? route.withBlockSipCode(Route.DEFAULT_BLOCK_SIP_CODE) : route;
    }
    return route.blockSipCode() == 0 ? route : route.withBlockSipCode(0);
  }

  /** What is wrong with the route's provider_id for its action, or null. */
  static String shapeProblem(Route route) {
    if (route.isBlock() && !route.providerId().isEmpty()) {
      return "must be empty for a BLOCK route: it refuses calls, it sends them nowhere";
    }
    if (!route.isBlock() && route.providerId().isEmpty()) {
      return "is required (only a BLOCK route has none)";
    }
    return null;
  }

  /** NOT_FOUND for a missing provider, ALREADY_EXISTS for a duplicate of another route. */
  private static void checkRouteTarget(DSLContext tx, Route route) {
    ServiceException conflict = routeConflict(tx, route);
    if (conflict != null) {
      throw conflict;
    }
  }

  private static ServiceException routeConflict(DSLContext db, Route route) {
    if (!route.isBlock() && !new ProviderRepository(db).exists(route.providerId())) {
      return new ServiceException(
          ErrorCode.NOT_FOUND,
          "route.provider_id: provider '" + route.providerId() + "' not found",
          Map.of(ServiceException.RESOURCE_TYPE, ResourceType.PROVIDER.id()));
    }
    return new RouteRepository(db)
        .findDuplicate(route.customerId(), route.prefix(), route.providerId(), route.sourcePrefix())
        .filter(existing -> !existing.equals(route.id()))
        .map(
            existing ->
                new ServiceException(
                    ErrorCode.ALREADY_EXISTS,
                    "route '" + existing + "' already " + (route.isBlock() ? "blocks " : "sends ")
                        + (route.isDefault() ? "default" : "customer '" + route.customerId() + "'")
                        + " calls for prefix '" + route.prefix() + "'"
                        + (route.isBlock()
                            ? (route.sourcePrefix().isEmpty() ? "" : " from callers '" + route.sourcePrefix() + "'")
                            : " to provider '" + route.providerId() + "'")))
        .orElse(null);
  }

  /** What to tell a writer whose route a concurrent write refused at the database. */
  private ServiceException routeConflictAfterRace(Route attempted) {
    ServiceException conflict = store.read(db -> routeConflict(db, attempted));
    return conflict != null ? conflict : VersionedWrites.concurrentChange("route", attempted.id());
  }

  public Route getRoute(Caller caller, String id) {
    Route route =
        store.read(db -> new RouteRepository(db).find(id))
            .orElseThrow(() -> ServiceException.notFound(ResourceType.ROUTE, id));
    caller.principal().checkAccess(route.customerId(), "routes");
    return route;
  }

  /**
   * The customer a route listing is about for this caller: the one asked for ({@code
   * customerId}, empty for every customer), except that a CUSTOMER key lists its own routes
   * only, so no filter means its own, and the default routes ({@code defaultOnly}) or another
   * customer's are PERMISSION_DENIED.
   */
  public String routeListCustomer(Caller caller, boolean defaultOnly, String customerId) {
    Principal principal = caller.principal();
    if (principal.isAdmin()) {
      return customerId;
    }
    String owner = defaultOnly ? "" : customerId.isEmpty() ? principal.customerId() : customerId;
    principal.checkAccess(owner, "routes");
    return owner;
  }

  /**
   * Up to {@code limit} routes with ids after {@code afterId}: of the owner {@code scope} names
   * ("" for the default routes), or every route.
   */
  public List<Route> listRoutes(Caller caller, Optional<String> scope, String afterId, int limit) {
    if (!caller.principal().isAdmin()) {
      caller.principal().checkAccess(scope.orElse(""), "routes");
    }
    return store.read(db -> new RouteRepository(db).page(new RouteRepository.Filter(scope), afterId, limit));
  }

  /**
   * Changes a route. {@code customerId}, when not empty, must be the route's owner: routes
   * never move to another owner.
   */
  public Route updateRoute(Caller caller, String id, String etag, String customerId, Patch<RouteField, Route> patch) {
    Route[] attempted = new Route[1];
    try {
      return writes.update(
          caller,
          routes,
          id,
          etag,
          (tx, current, version, now) -> {
            if (!customerId.isEmpty() && !customerId.equals(current.customerId())) {
              throw ServiceException.invalid("route.customer_id", "cannot be changed; create a route for the other owner");
            }
            Route updated = shaped(RouteField.merge(current, patch, version, now));
            attempted[0] = updated;
            checkRouteTarget(tx, updated);
            return updated;
          });
    } catch (IntegrityConstraintViolationException raced) {
      throw attempted[0] == null ? VersionedWrites.concurrentChange("route", id) : routeConflictAfterRace(attempted[0]);
    }
  }

  public void deleteRoute(Caller caller, String id, String etag) {
    writes.delete(caller, routes, id, etag, (tx, current) -> {});
  }

  /**
   * Imports an owner's routes (the owner's customer id, "" for the default routes) in one
   * transaction; see {@link RouteTable}. {@code routes} are checked field by field and carry
   * the owner as their customer id; refusals name them by their index in the list.
   */
  public RouteTable.Result importRoutes(Caller caller, String owner, boolean replace, List<Route> routes) {
    return routeTable.importRoutes(caller, owner, replace, routes);
  }

  /** Every route of one owner in id order, read as one consistent view. */
  public List<Route> exportRoutes(Caller caller, String owner) {
    return routeTable.exportRoutes(caller, owner);
  }

  // ---- rates ----

  /** Starts a rate import of a provider's deck; the caller feeds it checked rates. */
  public RateImport startRateImport(Caller caller, String providerId, boolean replace) {
    return new RateImport(store, snapshots, audit, json, requestIds, caller, providerId, false, replace);
  }

  /** Starts an import of a customer's sell rates (ADMIN only, decided at the edge). */
  public RateImport startSellRateImport(Caller caller, String customerId, boolean replace) {
    caller.principal().checkAccess(customerId, "sell rates");
    return new RateImport(store, snapshots, audit, json, requestIds, caller, customerId, true, replace);
  }

  /**
   * Up to {@code limit} sell rates of a customer, as {@link #listRates}; a CUSTOMER key sees
   * only its own.
   */
  public List<Rate> listSellRates(
      Caller caller, String customerId, String prefix, String afterPrefix, long afterValidFrom, int limit) {
    caller.principal().checkAccess(customerId, "sell rates");
    return store.read(db -> RateRepository.sellRates(db).page(customerId, prefix, afterPrefix, afterValidFrom, limit));
  }

  /**
   * Up to {@code limit} rates of a provider whose prefix starts with {@code prefix}, after the
   * key (afterPrefix, afterValidFrom), in key order; NOT_FOUND for an unknown provider.
   */
  public List<Rate> listRates(String providerId, String prefix, String afterPrefix, long afterValidFrom, int limit) {
    return store.read(
        db -> {
          if (!new ProviderRepository(db).exists(providerId)) {
            throw ServiceException.notFound(ResourceType.PROVIDER, providerId);
          }
          return new RateRepository(db).page(providerId, prefix, afterPrefix, afterValidFrom, limit);
        });
  }

  // ---- policies ----

  /** The customer's own policy, or the platform default as it applies to the customer. */
  public RoutingPolicy getRoutingPolicy(Caller caller, String customerId) {
    caller.principal().checkAccess(customerId, "routing policies");
    return store.read(
        db -> {
          PolicyRepository policies = new PolicyRepository(db);
          return policies.find(customerId)
              .orElseGet(() -> policies.find("").orElseThrow().inheritedBy(customerId));
        });
  }

  /** Changes the customer's own policy, making one from the default if it has none yet. */
  public RoutingPolicy updateRoutingPolicy(
      Caller caller, String customerId, String etag, Patch<PolicyField, RoutingPolicy> patch) {
    caller.principal().checkAccess(customerId, "routing policies");
    try {
      return writes.update(
          caller, policies, customerId, etag, (tx, current, version, now) -> PolicyField.merge(current, patch, version, now));
    } catch (IntegrityConstraintViolationException raced) {
      // Two first policies of one customer at once: both found none, the other's insert won.
      throw VersionedWrites.concurrentChange("policy", customerId);
    }
  }

  public void deleteRoutingPolicy(Caller caller, String customerId, String etag) {
    caller.principal().checkAccess(customerId, "routing policies");
    writes.delete(caller, policies, customerId, etag, (tx, current) -> {});
  }
}
