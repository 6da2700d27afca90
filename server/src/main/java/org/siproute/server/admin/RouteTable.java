package org.siproute.server.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.siproute.server.auth.AuditChange;
import org.siproute.server.auth.AuditJson;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.Caller;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.Ids;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.RoutingChanges;
import org.siproute.server.store.Store;

/**
 * One owner's whole route table at once: ImportRoutes (merge or replace, in one transaction that
 * moves the routing revision once) and ExportRoutes (one consistent read).
 *
 * <p>An imported route is matched to a stored one by its key within the owner, the same rule
 * that keeps single writes from storing duplicates ({@code AdminService.routeConflict} and the
 * table's unique key): (prefix, provider) for a ROUTE route, (prefix, source_prefix) for a
 * BLOCK route, which has no provider. So two routes the engine tells apart are never merged:
 * they either have different keys, or they could not both be stored anyway, and an import
 * naming both is refused.
 *
 * <p>The import is checked whole before anything is written, so one bad route refuses it with
 * violations naming routes by their index in the import ({@code routes[1500].provider_id}).
 * The caller holds the import in memory (bounded by {@code --max-import-routes}); the write is
 * one short transaction: one read of the owner's routes, then batched statements ({@link
 * RouteRepository#apply}), one audit event with the counts, the revision bump. It locks only
 * what it writes: a route changed or deleted by a single write since the read makes the
 * version-checked write find nothing, and the import is CONFLICT (retry) rather than losing
 * that change; a route created meanwhile with a key the import creates too is refused by the
 * table's unique key, the same.
 */
public final class RouteTable {
  /** What an import did to the owner's routes: created + updated + unchanged routes were sent. */
  public record Result(long created, long updated, long deleted, long unchanged) {}

  private final Store store;
  private final VersionedWrites writes;
  private final AuditRecorder audit;
  private final AuditJson json;

  RouteTable(Store store, VersionedWrites writes, AuditRecorder audit, AuditJson json) {
    this.store = store;
    this.writes = writes;
    this.audit = audit;
    this.json = json;
  }

  /** The key a route is matched by within its owner (see the class comment). */
  static String key(Route r) {
    return r.isBlock() ? "B\n" + r.prefix() + "\n" + r.sourcePrefix() : "R\n" + r.prefix() + "\n" + r.providerId();
  }

  /**
   * Imports {@code routes} (checked field by field, in stream order; their customer_id is the
   * owner's) as the owner's routes.
   */
  Result importRoutes(Caller caller, String owner, boolean replace, List<Route> routes) {
    caller.principal().checkAccess(owner, "routes");
    Violations v = new Violations();
    List<Route> shaped = new ArrayList<>(routes.size());
    Map<String, Integer> firstIndex = new HashMap<>(routes.size() * 2);
    Set<String> providers = new LinkedHashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      String path = "routes[" + i + "]";
      String problem = AdminService.shapeProblem(r);
      if (problem != null) {
        v.add(path + ".provider_id", problem);
        shaped.add(r);
        continue;
      }
      Route s = AdminService.shaped(r);
      Integer earlier = firstIndex.putIfAbsent(key(s), i);
      if (earlier != null) {
        v.add(path, "has the key of routes[" + earlier + "] (" + describeKey(s) + "): one owner has one such route");
      }
      if (!s.isBlock()) {
        providers.add(s.providerId());
      }
      shaped.add(s);
    }
    v.throwIfAny();
    try {
      return Store.bulk(() -> writes.write(caller, false, new RoutingChanges().ownerRoutes(owner), tx -> write(tx, caller, owner, replace, shaped, providers)));
    } catch (IntegrityConstraintViolationException raced) {
      // A provider was deleted, or a route of the owner created, between the checks and the
      // writes; everything was rolled back.
      throw new ServiceException(
          ErrorCode.CONFLICT,
          "a concurrent change to the routes of " + ownerName(owner) + " or their providers got in the way; "
              + "nothing was written, retry",
          raced);
    }
  }

  private Result write(DSLContext tx, Caller caller, String owner, boolean replace, List<Route> routes, Set<String> providers) {
    Set<String> known = new ProviderRepository(tx).existing(providers);
    Violations v = new Violations();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (!r.isBlock() && !known.contains(r.providerId())) {
        v.add("routes[" + i + "].provider_id", "provider '" + r.providerId() + "' not found");
      }
    }
    v.throwIfAny();
    RouteRepository repository = new RouteRepository(tx);
    Map<String, Route> stored = new HashMap<>();
    for (Route r : repository.owned(owner)) {
      stored.put(key(r), r);
    }
    long now = store.nowMs();
    List<Route> created = new ArrayList<>();
    List<Route> updated = new ArrayList<>();
    long unchanged = 0;
    for (Route r : routes) {
      Route current = stored.remove(key(r));
      if (current == null) {
        created.add(r.withIdentity(Ids.newId(), 1, now, now));
      } else if (sameContent(current, r)) {
        unchanged++;
      } else {
        updated.add(r.withIdentity(current.id(), current.version() + 1, current.createMs(), now));
      }
    }
    List<Route> deleted = replace ? new ArrayList<>(stored.values()) : List.of();
    if (!repository.apply(new RouteRepository.Changes(created, updated, deleted))) {
      throw new ServiceException(ErrorCode.CONFLICT, "the routes of " + ownerName(owner) + " changed concurrently; retry");
    }

    Result result = new Result(created.size(), updated.size(), deleted.size(), unchanged);
    audit.record(
        tx,
        caller,
        AuditChange.created(
            ResourceType.ROUTE_TABLE,
            owner,
            owner,
            json.routeImport(owner, replace, result.created(), result.updated(), result.deleted(), result.unchanged())));
    return result;
  }

  /** Every route of the owner in id order, as one consistent view. */
  List<Route> exportRoutes(Caller caller, String owner) {
    caller.principal().checkAccess(owner, "routes");
    return Store.bulk(() -> store.read(db -> new RouteRepository(db).ownedConsistently(owner)));
  }

  /** Whether an import leaves {@code stored} as it is: every field it carries is equal. */
  private static boolean sameContent(Route stored, Route imported) {
    return stored.prefix().equals(imported.prefix())
        && stored.providerId().equals(imported.providerId())
        && stored.priority() == imported.priority()
        && stored.weight() == imported.weight()
        && Objects.equals(stored.schedule(), imported.schedule())
        && stored.disabled() == imported.disabled()
        && stored.name().equals(imported.name())
        && stored.detail().equals(imported.detail())
        && stored.stripDigits() == imported.stripDigits()
        && stored.prepend().equals(imported.prepend())
        && stored.action() == imported.action()
        && stored.blockSipCode() == imported.blockSipCode()
        && stored.sourcePrefix().equals(imported.sourcePrefix());
  }

  private static String describeKey(Route r) {
    return r.isBlock()
        ? "BLOCK, prefix '" + r.prefix() + "', source_prefix '" + r.sourcePrefix() + "'"
        : "prefix '" + r.prefix() + "', provider '" + r.providerId() + "'";
  }

  private static String ownerName(String owner) {
    return owner.isEmpty() ? "the default routes" : "customer '" + owner + "'";
  }
}
