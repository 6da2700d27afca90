package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.ROUTE;
import static org.siproute.db.jooq.Tables.ROUTE_WINDOW;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.RouteRecord;
import org.siproute.db.jooq.tables.records.RouteWindowRecord;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
import org.siproute.server.domain.Schedule;
import org.siproute.server.domain.TimeWindow;

/** Routes with their schedule windows. */
public final class RouteRepository implements VersionedRepository<Route> {
  private final DSLContext db;

  public RouteRepository(DSLContext db) {
    this.db = db;
  }

  /** Which routes a listing covers. */
  public record Filter(Optional<String> customerId) {
    public static final Filter ALL = new Filter(Optional.empty());

    Condition condition() {
      return customerId.map(ROUTE.CUSTOMER_ID::eq).orElse(DSL.trueCondition());
    }
  }

  public Optional<Route> find(String id) {
    return toDomain(db.selectFrom(ROUTE).where(ROUTE.ID.eq(id)).fetch()).stream().findFirst();
  }

  @Override
  public Optional<Route> findForUpdate(String id) {
    return toDomain(db.selectFrom(ROUTE).where(ROUTE.ID.eq(id)).forUpdate().fetch())
        .stream()
        .findFirst();
  }

  /**
   * The id of the owner's route with this prefix and provider, if there is one; {@code
   * providerId} "" finds the owner's BLOCK route for the prefix and {@code sourcePrefix}.
   */
  public Optional<String> findDuplicate(String customerId, String prefix, String providerId, String sourcePrefix) {
    return db.select(ROUTE.ID)
        .from(ROUTE)
        .where(ROUTE.CUSTOMER_ID.eq(customerId))
        .and(ROUTE.PREFIX.eq(prefix))
        .and(providerId.isEmpty()
            ? ROUTE.PROVIDER_ID.isNull().and(ROUTE.SOURCE_PREFIX.eq(sourcePrefix))
            : ROUTE.PROVIDER_ID.eq(providerId))
        .fetchOptional(ROUTE.ID);
  }

  /** A BLOCK route names no provider: NULL in the table, "" in the domain. */
  private static String providerColumn(Route r) {
    return r.providerId().isEmpty() ? null : r.providerId();
  }

  public List<Route> page(Filter filter, String afterId, int limit) {
    return toDomain(
        db.selectFrom(ROUTE)
            .where(filter.condition())
            .and(ROUTE.ID.gt(afterId))
            .orderBy(ROUTE.ID)
            .limit(limit)
            .fetch());
  }

  public List<Route> all() {
    List<Route> out = new ArrayList<>();
    forEach(out::add);
    return out;
  }

  /**
   * Streams every route to {@code sink}, in id order, without holding the rows: a full snapshot
   * load reads hundreds of thousands. The schedule windows (a few percent of the routes) are
   * read first.
   */
  public void forEach(java.util.function.Consumer<Route> sink) {
    Map<String, List<RouteWindowRecord>> windows = new HashMap<>();
    for (RouteWindowRecord w : db.selectFrom(ROUTE_WINDOW).orderBy(ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL).fetch()) {
      windows.computeIfAbsent(w.getRouteId(), k -> new ArrayList<>()).add(w);
    }
    try (var cursor = db.selectFrom(ROUTE).orderBy(ROUTE.ID).fetchSize(Streaming.fetchSize(db)).fetchLazy()) {
      for (RouteRecord r : cursor) {
        sink.accept(toDomain(r, windows));
      }
    }
  }

  /** The routes with these ids (those that exist), in id order: what a snapshot patch re-reads. */
  public List<Route> byIds(java.util.Collection<String> ids) {
    List<Route> out = new ArrayList<>(ids.size());
    List<String> all = List.copyOf(ids);
    // In slices, so that no statement carries an unbounded IN list.
    for (int from = 0; from < all.size(); from += 1000) {
      List<String> slice = all.subList(from, Math.min(all.size(), from + 1000));
      out.addAll(toDomain(db.selectFrom(ROUTE).where(ROUTE.ID.in(slice)).orderBy(ROUTE.ID).fetch()));
    }
    return out;
  }

  /** Every route of one owner ("" = the default routes), in id order. */
  public List<Route> ofOwner(String customerId) {
    Result<RouteRecord> rows = db.selectFrom(ROUTE).where(ROUTE.CUSTOMER_ID.eq(customerId)).orderBy(ROUTE.ID).fetch();
    Map<String, List<RouteWindowRecord>> windows = new HashMap<>();
    for (RouteWindowRecord w :
        db.select(ROUTE_WINDOW.fields())
            .from(ROUTE_WINDOW)
            .join(ROUTE)
            .on(ROUTE.ID.eq(ROUTE_WINDOW.ROUTE_ID))
            .where(ROUTE.CUSTOMER_ID.eq(customerId))
            .orderBy(ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL)
            .fetchInto(ROUTE_WINDOW)) {
      windows.computeIfAbsent(w.getRouteId(), k -> new ArrayList<>()).add(w);
    }
    return toDomain(rows, windows);
  }

  @Override
  public void insert(Route r) {
    db.insertInto(ROUTE)
        .set(ROUTE.ID, r.id())
        .set(ROUTE.CUSTOMER_ID, r.customerId())
        .set(ROUTE.PREFIX, r.prefix())
        .set(ROUTE.PROVIDER_ID, providerColumn(r))
        .set(ROUTE.PRIORITY, r.priority())
        .set(ROUTE.WEIGHT, r.weight())
        .set(ROUTE.SCHEDULE_TIME_ZONE, r.schedule() == null ? null : r.schedule().zone().getId())
        .set(ROUTE.DISABLED, r.disabled())
        .set(ROUTE.NAME, r.name())
        .set(ROUTE.DETAIL, r.detail())
        .set(ROUTE.STRIP_DIGITS, r.stripDigits())
        .set(ROUTE.PREPEND, r.prepend())
        .set(ROUTE.ACTION, r.action().name())
        .set(ROUTE.BLOCK_SIP_CODE, r.blockSipCode())
        .set(ROUTE.SOURCE_PREFIX, r.sourcePrefix())
        .set(ROUTE.VERSION, r.version())
        .set(ROUTE.CREATE_MS, r.createMs())
        .set(ROUTE.UPDATE_MS, r.updateMs())
        .execute();
    insertWindows(r);
  }

  /** Writes every field of {@code r} if the stored version is {@code expectedVersion}. */
  @Override
  public boolean update(Route r, long expectedVersion) {
    int rows =
        db.update(ROUTE)
            .set(ROUTE.PREFIX, r.prefix())
            .set(ROUTE.PROVIDER_ID, providerColumn(r))
            .set(ROUTE.PRIORITY, r.priority())
            .set(ROUTE.WEIGHT, r.weight())
            .set(ROUTE.SCHEDULE_TIME_ZONE, r.schedule() == null ? null : r.schedule().zone().getId())
            .set(ROUTE.DISABLED, r.disabled())
            .set(ROUTE.NAME, r.name())
            .set(ROUTE.DETAIL, r.detail())
            .set(ROUTE.STRIP_DIGITS, r.stripDigits())
            .set(ROUTE.PREPEND, r.prepend())
            .set(ROUTE.ACTION, r.action().name())
            .set(ROUTE.BLOCK_SIP_CODE, r.blockSipCode())
            .set(ROUTE.SOURCE_PREFIX, r.sourcePrefix())
            .set(ROUTE.VERSION, r.version())
            .set(ROUTE.UPDATE_MS, r.updateMs())
            .where(ROUTE.ID.eq(r.id()).and(ROUTE.VERSION.eq(expectedVersion)))
            .execute();
    if (rows == 0) {
      return false;
    }
    db.deleteFrom(ROUTE_WINDOW).where(ROUTE_WINDOW.ROUTE_ID.eq(r.id())).execute();
    insertWindows(r);
    return true;
  }

  @Override
  public boolean delete(String id, long expectedVersion) {
    return db.deleteFrom(ROUTE).where(ROUTE.ID.eq(id).and(ROUTE.VERSION.eq(expectedVersion))).execute() > 0;
  }

  private void insertWindows(Route r) {
    if (r.schedule() == null || r.schedule().windows().isEmpty()) {
      return;
    }
    var insert =
        db.insertInto(ROUTE_WINDOW, ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL, ROUTE_WINDOW.DAYS, ROUTE_WINDOW.START_MINUTE, ROUTE_WINDOW.END_MINUTE);
    int ordinal = 0;
    for (TimeWindow w : r.schedule().windows()) {
      insert.values(r.id(), ordinal++, w.daysMask(), w.startMinute(), w.endMinute());
    }
    insert.execute();
  }

  private List<Route> toDomain(Result<RouteRecord> rows) {
    List<String> scheduled = new ArrayList<>();
    for (RouteRecord r : rows) {
      if (r.getScheduleTimeZone() != null) {
        scheduled.add(r.getId());
      }
    }
    if (scheduled.isEmpty()) {
      // Most routes have no schedule: no statement for their windows.
      return toDomain(rows, Map.of());
    }
    Map<String, List<RouteWindowRecord>> windows = new HashMap<>();
    for (RouteWindowRecord w :
        db.selectFrom(ROUTE_WINDOW)
            .where(ROUTE_WINDOW.ROUTE_ID.in(scheduled))
            .orderBy(ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL)
            .fetch()) {
      windows.computeIfAbsent(w.getRouteId(), k -> new ArrayList<>()).add(w);
    }
    return toDomain(rows, windows);
  }

  private static List<Route> toDomain(Result<RouteRecord> rows, Map<String, List<RouteWindowRecord>> windows) {
    List<Route> out = new ArrayList<>(rows.size());
    for (RouteRecord r : rows) {
      out.add(toDomain(r, windows));
    }
    return out;
  }

  private static Route toDomain(RouteRecord r, Map<String, List<RouteWindowRecord>> windows) {
    Schedule schedule = null;
    if (r.getScheduleTimeZone() != null) {
      List<TimeWindow> ws = new ArrayList<>();
      for (RouteWindowRecord w : windows.getOrDefault(r.getId(), List.of())) {
        ws.add(new TimeWindow(w.getDays(), w.getStartMinute(), w.getEndMinute()));
      }
      schedule = new Schedule(ZoneId.of(r.getScheduleTimeZone()), ws);
    }
    return new Route(
        r.getId(),
        r.getCustomerId(),
        r.getPrefix(),
        r.getProviderId() == null ? "" : r.getProviderId(),
        r.getPriority(),
        r.getWeight(),
            schedule,
        r.getDisabled(),
        r.getName(),
        r.getDetail(),
        r.getVersion(),
        r.getCreateMs(),
        r.getUpdateMs(),
        r.getStripDigits(),
        r.getPrepend(),
        RouteAction.valueOf(r.getAction()),
        r.getBlockSipCode(),
        r.getSourcePrefix());
  }
}
