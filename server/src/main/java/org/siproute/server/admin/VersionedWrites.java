package org.siproute.server.admin;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jooq.DSLContext;
import org.siproute.server.auth.AuditChange;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.Caller;
import org.siproute.server.auth.RequestIds;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.store.RoutingChanges;
import org.siproute.server.store.Store;
import org.siproute.server.store.VersionedRepository;

/**
 * The one way admin writes change a stored resource, whatever its kind: in one transaction,
 * lock the row (NOT_FOUND when there is none), check the caller may touch it and that the
 * caller's etag is current (STALE_ETAG), work out the new state, write it only if the version
 * has not moved (CONFLICT), record the audit event, bump the routing revision; then wait until
 * this instance's decisions see the write. The answer to a request_id is stored with it ({@link
 * RequestIds}). A refusal anywhere rolls everything back. A caller
 * that only validates (validate_only) goes the same way, and is rolled back at the end.
 */
final class VersionedWrites {
  /**
   * How the writes find, describe and audit one kind of resource.
   *
   * @param noun how etag and conflict messages name it, e.g. "policy"
   * @param what how access refusals name resources of the kind, e.g. "routes"
   * @param key the key it is stored and audited under
   * @param owner the customer owning it; "" for platform-wide resources
   * @param inherited for a key with no row of its own: what an update starts from (a customer's
   *     policy starts from the platform default); null when such an update is NOT_FOUND
   * @param ratesGoWithIt whether deleting it deletes a rate deck too (the rates revision moves)
   * @param changed names, for the change log, what a state of it is in the routing snapshot;
   *     a write names both the state before and the one after
   */
  record Kind<T>(
      ResourceType type,
      String noun,
      String what,
      Function<DSLContext, VersionedRepository<T>> repository,
      Function<T, String> key,
      Function<T, String> owner,
      ToLongFunction<T> version,
      Function<T, String> json,
      BiFunction<DSLContext, String, T> inherited,
      boolean ratesGoWithIt,
      BiConsumer<RoutingChanges, T> changed) {}

  /** The new state of a resource, from its current one and the version it is stored at. */
  @FunctionalInterface
  interface Change<T> {
    T apply(DSLContext tx, T current, long version, long nowMs);
  }

  private final Store store;
  private final SnapshotRefresher snapshots;
  private final AuditRecorder audit;
  private final RequestIds requestIds;

  VersionedWrites(Store store, SnapshotRefresher snapshots, AuditRecorder audit, RequestIds requestIds) {
    this.store = store;
    this.snapshots = snapshots;
    this.audit = audit;
    this.requestIds = requestIds;
  }

  /** Stores a new resource at version 1, after {@code check} (which refuses duplicates). */
  <T> T create(Caller caller, Kind<T> kind, T created, BiConsumer<DSLContext, T> check) {
    RoutingChanges changes = new RoutingChanges();
    kind.changed().accept(changes, created);
    return write(
        caller,
        false,
        changes,
        tx -> {
          check.accept(tx, created);
          kind.repository().apply(tx).insert(created);
          audit.record(
              tx,
              caller,
              AuditChange.created(kind.type(), kind.key().apply(created), kind.owner().apply(created), kind.json().apply(created)));
          return created;
        });
  }

  /** Changes the resource stored under {@code key} (or creates it from what it inherits). */
  <T> T update(Caller caller, Kind<T> kind, String key, String etag, Change<T> change) {
    RoutingChanges changes = new RoutingChanges();
    return write(
        caller,
        false,
        changes,
        tx -> {
          VersionedRepository<T> repository = kind.repository().apply(tx);
          T current = repository.findForUpdate(key).orElse(null);
          if (current == null) {
            T created = createInherited(tx, caller, kind, key, etag, change);
            kind.changed().accept(changes, created);
            return created;
          }
          kind.changed().accept(changes, current);
          caller.principal().checkAccess(kind.owner().apply(current), kind.what());
          long version = kind.version().applyAsLong(current);
          checkEtag(etag, version, kind.noun(), key);
          T updated = change.apply(tx, current, version + 1, store.nowMs());
          if (!repository.update(updated, version)) {
            throw concurrentChange(kind.noun(), key);
          }
          kind.changed().accept(changes, updated);
          audit.record(
              tx,
              caller,
              AuditChange.updated(
                  kind.type(), key, kind.owner().apply(current), kind.json().apply(current), kind.json().apply(updated)));
          return updated;
        });
  }

  private <T> T createInherited(DSLContext tx, Caller caller, Kind<T> kind, String key, String etag, Change<T> change) {
    T base = kind.inherited() == null ? null : kind.inherited().apply(tx, key);
    if (base == null) {
      throw ServiceException.notFound(kind.type(), key);
    }
    caller.principal().checkAccess(kind.owner().apply(base), kind.what());
    if (!etag.isEmpty()) {
      // The etag names a version of a row that is gone: somebody deleted it meanwhile.
      throw staleEtag(kind.noun(), key);
    }
    T created = change.apply(tx, base, 1, store.nowMs());
    kind.repository().apply(tx).insert(created);
    audit.record(tx, caller, AuditChange.created(kind.type(), key, kind.owner().apply(created), kind.json().apply(created)));
    return created;
  }

  /** Deletes the resource stored under {@code key}, after {@code check} (which may refuse). */
  <T> void delete(Caller caller, Kind<T> kind, String key, String etag, BiConsumer<DSLContext, T> check) {
    RoutingChanges changes = new RoutingChanges();
    write(
        caller,
        kind.ratesGoWithIt(),
        changes,
        tx -> {
          VersionedRepository<T> repository = kind.repository().apply(tx);
          T current = repository.findForUpdate(key).orElseThrow(() -> ServiceException.notFound(kind.type(), key));
          kind.changed().accept(changes, current);
          caller.principal().checkAccess(kind.owner().apply(current), kind.what());
          long version = kind.version().applyAsLong(current);
          checkEtag(etag, version, kind.noun(), key);
          check.accept(tx, current);
          if (!repository.delete(key, version)) {
            throw concurrentChange(kind.noun(), key);
          }
          audit.record(tx, caller, AuditChange.deleted(kind.type(), key, kind.owner().apply(current), kind.json().apply(current)));
          return null;
        });
  }

  /**
   * Commits {@code work} with the revision bump and the log of {@code changes} (which the work
   * fills in), and returns once local decisions see it; for a caller that only validates, runs
   * it and rolls it back (nothing to wait for).
   */
  <T> T write(Caller caller, boolean ratesChange, RoutingChanges changes, Store.Work<T> work) {
    if (caller.validateOnly()) {
      return store.rolledBack(work);
    }
    Store.Work<T> answered =
        tx -> {
          T value = work.run(tx);
          requestIds.record(tx, caller, value);
          return value;
        };
    Store.Written<T> written = ratesChange ? store.writeRates(changes, answered) : store.write(changes, answered);
    snapshots.awaitRevision(written.revision());
    return written.value();
  }

  /** The etag of a stored version. */
  static String etag(long version) {
    return Long.toString(version);
  }

  private static void checkEtag(String given, long version, String noun, String key) {
    if (!given.isEmpty() && !given.equals(etag(version))) {
      throw staleEtag(noun, key);
    }
  }

  private static ServiceException staleEtag(String noun, String key) {
    return new ServiceException(
        ErrorCode.STALE_ETAG, noun + " '" + key + "' was changed since this etag was read; get it again and retry");
  }

  static ServiceException concurrentChange(String noun, String key) {
    return new ServiceException(ErrorCode.CONFLICT, noun + " '" + key + "' changed concurrently; retry");
  }
}
