package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.ROUTE;
import static org.siproute.db.jooq.Tables.ROUTE_WINDOW;
import static org.siproute.db.jooq.Tables.ROUTING_REVISION;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.RouteRecord;
import org.siproute.db.jooq.tables.records.RouteWindowRecord;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
import org.siproute.server.domain.Schedule;
import org.siproute.server.domain.TimeWindow;

/** Routes with their schedule windows. */
public final class RouteRepository implements VersionedRepository<Route> {
  /** Rows per multi-row INSERT and per IN list of a bulk write. */
  private static final int ROWS_PER_STATEMENT = 1_000;
  /** Rows per JDBC batch of a prepared statement. */
  private static final int ROWS_PER_BATCH = 10_000;

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
   * load reads hundreds of thousands. One statement, the routes joined with their schedule
   * windows (a route with two windows comes as two rows), so that nothing is held but the route
   * being read: a map of the windows, read first, held some 2 MB for the whole read at 11 000
   * scheduled routes, which each young collection during a reload copied.
   *
   * <p>The rows are read straight from the JDBC result set, as {@link RateRepository} streams
   * decks: no jOOQ record per row. The strings the rows repeat (owners, providers, prefixes,
   * names, time zones) are shared within the read, and so are equal schedules, so that a
   * snapshot holds each once; only the route id is the row's own.
   */
  public void forEach(java.util.function.Consumer<Route> sink) {
    forEach(List.of(), sink);
  }

  /**
   * As {@link #forEach(java.util.function.Consumer)}, where a string or schedule that a row
   * repeats from one of {@code known} (the routes a full reload replaces) is that route's
   * instance. The driver makes a fresh string for every column of every row, and the shared ones
   * live until the read ends: for a reload of 220 000 routes, some 90 000 new prefix strings
   * (about 5 MB) that each young collection during the reload copied, only to be dropped when
   * the unchanged routes are kept.
   */
  public void forEach(Iterable<Route> known, java.util.function.Consumer<Route> sink) {
    SharedStrings strings = new SharedStrings();
    Map<String, ZoneId> zones = new HashMap<>();
    Map<Schedule, Schedule> schedules = new HashMap<>();
    for (Route route : known) {
      strings.share(route.customerId());
      strings.share(route.prefix());
      strings.share(route.providerId());
      strings.share(route.name());
      strings.share(route.detail());
      strings.share(route.prepend());
      strings.share(route.sourcePrefix());
      if (route.schedule() != null) {
        schedules.putIfAbsent(route.schedule(), route.schedule());
        zones.putIfAbsent(route.schedule().zone().getId(), route.schedule().zone());
      }
    }
    WindowsRead windows = new WindowsRead();
    var query =
        db.select(STREAMED_COLUMNS)
            .from(ROUTE)
            .leftJoin(ROUTE_WINDOW)
            .on(ROUTE_WINDOW.ROUTE_ID.eq(ROUTE.ID))
            // By the route's key alone: MariaDB then scans it in order and looks each route's
            // windows up by theirs; adding the ordinal made it sort the whole join first.
            .orderBy(ROUTE.ID)
            .fetchSize(Streaming.fetchSize(db));
    try (ResultSet rows = query.fetchResultSet()) {
      String id = rows.next() ? rows.getString(C_ID) : null;
      while (id != null) {
        String zone = rows.getString(C_SCHEDULE_TIME_ZONE);
        String providerId = rows.getString(C_PROVIDER_ID);
        String customerId = strings.share(rows.getString(C_CUSTOMER_ID));
        String prefix = strings.share(rows.getString(C_PREFIX));
        int priority = rows.getInt(C_PRIORITY);
        int weight = rows.getInt(C_WEIGHT);
        boolean disabled = rows.getBoolean(C_DISABLED);
        String name = strings.share(rows.getString(C_NAME));
        String detail = strings.share(rows.getString(C_DETAIL));
        long version = rows.getLong(C_VERSION);
        long createMs = rows.getLong(C_CREATE_MS);
        long updateMs = rows.getLong(C_UPDATE_MS);
        int stripDigits = rows.getInt(C_STRIP_DIGITS);
        String prepend = strings.share(rows.getString(C_PREPEND));
        RouteAction action = RouteAction.valueOf(rows.getString(C_ACTION));
        int blockSipCode = rows.getInt(C_BLOCK_SIP_CODE);
        String sourcePrefix = strings.share(rows.getString(C_SOURCE_PREFIX));
        // This route's windows: on its first row (none when the join found none) and on the
        // rows that follow with its id.
        windows.clear();
        String next;
        do {
          int ordinal = rows.getInt(C_WINDOW_ORDINAL);
          if (!rows.wasNull()) {
            windows.add(ordinal, new TimeWindow(rows.getInt(C_WINDOW_DAYS), rows.getInt(C_WINDOW_START_MINUTE),
                rows.getInt(C_WINDOW_END_MINUTE)));
          }
          next = rows.next() ? rows.getString(C_ID) : null;
        } while (next != null && next.equals(id));
        Schedule schedule = null;
        if (zone != null) {
          Schedule read = new Schedule(zones.computeIfAbsent(zone, ZoneId::of), windows.inOrder());
          schedule = schedules.computeIfAbsent(read, s -> s);
        }
        sink.accept(
            new Route(id, customerId, prefix, providerId == null ? "" : strings.share(providerId), priority, weight,
                schedule, disabled, name, detail, version, createMs, updateMs, stripDigits, prepend, action,
                blockSipCode, sourcePrefix));
        id = next;
      }
    } catch (SQLException e) {
      throw new DataAccessException("cannot read the routes", e);
    }
  }

  /** The windows of the route being read, by ordinal; one for the whole read. */
  private static final class WindowsRead {
    private int[] ordinals = new int[4];
    private TimeWindow[] windows = new TimeWindow[4];
    private int size;

    void clear() {
      size = 0;
    }

    /** Adds a window in its place: the rows of a route come in no guaranteed ordinal order. */
    void add(int ordinal, TimeWindow window) {
      if (size == ordinals.length) {
        ordinals = Arrays.copyOf(ordinals, size * 2);
        windows = Arrays.copyOf(windows, size * 2);
      }
      int at = size;
      while (at > 0 && ordinals[at - 1] > ordinal) {
        ordinals[at] = ordinals[at - 1];
        windows[at] = windows[at - 1];
        at--;
      }
      ordinals[at] = ordinal;
      windows[at] = window;
      size++;
    }

    List<TimeWindow> inOrder() {
      return List.of(Arrays.copyOf(windows, size));
    }
  }

  /** The columns {@link #forEach} reads, at the positions below (counted from 1, as JDBC does). */
  private static final List<Field<?>> STREAMED_COLUMNS =
      List.of(ROUTE.ID, ROUTE.CUSTOMER_ID, ROUTE.PREFIX, ROUTE.PROVIDER_ID, ROUTE.PRIORITY, ROUTE.WEIGHT,
          ROUTE.SCHEDULE_TIME_ZONE, ROUTE.DISABLED, ROUTE.NAME, ROUTE.DETAIL, ROUTE.VERSION, ROUTE.CREATE_MS,
          ROUTE.UPDATE_MS, ROUTE.STRIP_DIGITS, ROUTE.PREPEND, ROUTE.ACTION, ROUTE.BLOCK_SIP_CODE, ROUTE.SOURCE_PREFIX,
          ROUTE_WINDOW.ORDINAL, ROUTE_WINDOW.DAYS, ROUTE_WINDOW.START_MINUTE, ROUTE_WINDOW.END_MINUTE);

  private static final int C_ID = 1;
  private static final int C_CUSTOMER_ID = 2;
  private static final int C_PREFIX = 3;
  private static final int C_PROVIDER_ID = 4;
  private static final int C_PRIORITY = 5;
  private static final int C_WEIGHT = 6;
  private static final int C_SCHEDULE_TIME_ZONE = 7;
  private static final int C_DISABLED = 8;
  private static final int C_NAME = 9;
  private static final int C_DETAIL = 10;
  private static final int C_VERSION = 11;
  private static final int C_CREATE_MS = 12;
  private static final int C_UPDATE_MS = 13;
  private static final int C_STRIP_DIGITS = 14;
  private static final int C_PREPEND = 15;
  private static final int C_ACTION = 16;
  private static final int C_BLOCK_SIP_CODE = 17;
  private static final int C_SOURCE_PREFIX = 18;
  private static final int C_WINDOW_ORDINAL = 19;
  private static final int C_WINDOW_DAYS = 20;
  private static final int C_WINDOW_START_MINUTE = 21;
  private static final int C_WINDOW_END_MINUTE = 22;

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

  /**
   * Every route of one owner ({@code customerId} "" for the default routes) with its windows,
   * in id order: two statements, so a consistent view only inside a transaction that sees one
   * snapshot, or through {@link #ownedConsistently}. A bulk write that builds on it needs no
   * lock: {@link #apply} writes nothing whose version has moved since.
   */
  public List<Route> owned(String customerId) {
    return withWindows(
        db.selectFrom(ROUTE).where(ROUTE.CUSTOMER_ID.eq(customerId)).orderBy(ROUTE.ID).fetch(), customerId);
  }

  /**
   * Like {@link #owned}, outside any transaction, as one consistent view: the routes and their
   * windows are two statements, so they are read between two reads of the routing revision
   * (which every committed route write moves) and read again if it moved. After a few tries
   * under a stream of writes, one statement joins both (consistent by itself, but slower).
   */
  public List<Route> ownedConsistently(String customerId) {
    for (int attempt = 0; attempt < 3; attempt++) {
      long before = revision();
      List<Route> routes = owned(customerId);
      if (revision() == before) {
        return routes;
      }
    }
    return ownedInOneStatement(customerId);
  }

  private long revision() {
    return db.select(ROUTING_REVISION.REVISION).from(ROUTING_REVISION).where(ROUTING_REVISION.ID.eq(1)).fetchSingle().value1();
  }

  private List<Route> withWindows(Result<RouteRecord> rows, String customerId) {
    Map<String, List<RouteWindowRecord>> windows = new HashMap<>();
    if (!rows.isEmpty()) {
      // Few routes have a schedule: join from the windows, not from the routes.
      for (var w :
          db.select(ROUTE_WINDOW.fields())
              .from(ROUTE_WINDOW)
              .join(ROUTE)
              .on(ROUTE.ID.eq(ROUTE_WINDOW.ROUTE_ID))
              .where(ROUTE.CUSTOMER_ID.eq(customerId))
              .orderBy(ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL)
              .fetchInto(ROUTE_WINDOW)) {
        windows.computeIfAbsent(w.getRouteId(), k -> new ArrayList<>()).add(w);
      }
    }
    return toDomain(rows, windows);
  }

  private List<Route> ownedInOneStatement(String customerId) {
    List<Route> out = new ArrayList<>();
    RouteRecord current = null;
    List<RouteWindowRecord> windows = new ArrayList<>();
    try (var cursor =
        db.select()
            .from(ROUTE)
            .leftJoin(ROUTE_WINDOW)
            .on(ROUTE_WINDOW.ROUTE_ID.eq(ROUTE.ID))
            .where(ROUTE.CUSTOMER_ID.eq(customerId))
            .orderBy(ROUTE.ID, ROUTE_WINDOW.ORDINAL)
            .fetchSize(10_000)
            .fetchLazy()) {
      for (var row : cursor) {
        RouteRecord route = row.into(ROUTE);
        if (current == null || !current.getId().equals(route.getId())) {
          if (current != null) {
            out.add(toDomain(current, windows));
          }
          current = route;
          windows = new ArrayList<>();
        }
        if (row.get(ROUTE_WINDOW.ROUTE_ID) != null) {
          windows.add(row.into(ROUTE_WINDOW));
        }
      }
    }
    if (current != null) {
      out.add(toDomain(current, windows));
    }
    return out;
  }

  /** What one bulk write does to an owner's routes: each list may be empty. */
  public record Changes(List<Route> created, List<Route> updated, List<Route> deleted) {}

  /**
   * Applies a bulk write (ImportRoutes) in the caller's transaction, in batched statements:
   * deletes first, then updates, then inserts. Deleted routes carry the version read, updated
   * ones the version after it: each is written only if the stored version is still the one
   * read (optimistic, so a bulk write locks no more than it writes); false when one had moved
   * (a concurrent write), and the caller must roll back. The one place where a bulk write of
   * routes reaches the tables.
   */
  public boolean apply(Changes changes) {
    if (!changes.deleted().isEmpty()) {
      var delete = db.batch(db.deleteFrom(ROUTE).where(ROUTE.ID.eq((String) null).and(ROUTE.VERSION.eq((Long) null))));
      for (Route r : changes.deleted()) {
        delete.bind(r.id(), r.version());
      }
      if (!allWritten(delete.execute())) {
        return false;
      }
    }
    if (!changes.updated().isEmpty()) {
      var update =
          db.batch(
              db.update(ROUTE)
                  .set(ROUTE.PREFIX, (String) null)
                  .set(ROUTE.PROVIDER_ID, (String) null)
                  .set(ROUTE.PRIORITY, (Integer) null)
                  .set(ROUTE.WEIGHT, (Integer) null)
                  .set(ROUTE.SCHEDULE_TIME_ZONE, (String) null)
                  .set(ROUTE.DISABLED, (Boolean) null)
                  .set(ROUTE.NAME, (String) null)
                  .set(ROUTE.DETAIL, (String) null)
                  .set(ROUTE.STRIP_DIGITS, (Integer) null)
                  .set(ROUTE.PREPEND, (String) null)
                  .set(ROUTE.ACTION, (String) null)
                  .set(ROUTE.BLOCK_SIP_CODE, (Integer) null)
                  .set(ROUTE.SOURCE_PREFIX, (String) null)
                  .set(ROUTE.VERSION, (Long) null)
                  .set(ROUTE.UPDATE_MS, (Long) null)
                  .where(ROUTE.ID.eq((String) null).and(ROUTE.VERSION.eq((Long) null))));
      for (Route r : changes.updated()) {
        update.bind(
            r.prefix(), providerColumn(r), r.priority(), r.weight(),
            r.schedule() == null ? null : r.schedule().zone().getId(), r.disabled(), r.name(), r.detail(),
            r.stripDigits(), r.prepend(), r.action().name(), r.blockSipCode(), r.sourcePrefix(), r.version(),
            r.updateMs(), r.id(), r.version() - 1);
      }
      if (!allWritten(update.execute())) {
        return false;
      }
      List<String> updatedIds = changes.updated().stream().map(Route::id).toList();
      for (List<String> chunk : chunks(updatedIds)) {
        db.deleteFrom(ROUTE_WINDOW).where(ROUTE_WINDOW.ROUTE_ID.in(chunk)).execute();
      }
    }
    // One prepared statement, executed in batches: H2 parses it once, and Connector/J
    // (rewriteBatchedStatements) sends each batch as multi-row INSERTs.
    BatchBindStep insert = null;
    int pending = 0;
    for (Route r : changes.created()) {
      if (insert == null) {
        insert = insertBatch();
      }
      insert.bind(
          r.id(), r.customerId(), r.prefix(), providerColumn(r), r.priority(), r.weight(),
          r.schedule() == null ? null : r.schedule().zone().getId(), r.disabled(), r.name(), r.detail(),
          r.stripDigits(), r.prepend(), r.action().name(), r.blockSipCode(), r.sourcePrefix(), r.version(),
          r.createMs(), r.updateMs());
      if (++pending == ROWS_PER_BATCH) {
        insert.execute();
        insert = null;
        pending = 0;
      }
    }
    if (insert != null) {
      insert.execute();
    }
    List<Route> windowed = new ArrayList<>();
    for (Route r : changes.updated()) {
      if (r.schedule() != null && !r.schedule().windows().isEmpty()) {
        windowed.add(r);
      }
    }
    for (Route r : changes.created()) {
      if (r.schedule() != null && !r.schedule().windows().isEmpty()) {
        windowed.add(r);
      }
    }
    for (List<Route> chunk : chunks(windowed)) {
      var windows =
          db.insertInto(
              ROUTE_WINDOW, ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL, ROUTE_WINDOW.DAYS, ROUTE_WINDOW.START_MINUTE,
              ROUTE_WINDOW.END_MINUTE);
      for (Route r : chunk) {
        int ordinal = 0;
        for (TimeWindow w : r.schedule().windows()) {
          windows.values(r.id(), ordinal++, w.daysMask(), w.startMinute(), w.endMinute());
        }
      }
      windows.execute();
    }
    return true;
  }

  /** Whether every statement of a batch wrote its row; SUCCESS_NO_INFO (-2, rewritten batches) counts as written. */
  private static boolean allWritten(int[] counts) {
    for (int n : counts) {
      if (n == 0) {
        return false;
      }
    }
    return true;
  }

  private BatchBindStep insertBatch() {
    return db.batch(
        db.insertInto(
                ROUTE, ROUTE.ID, ROUTE.CUSTOMER_ID, ROUTE.PREFIX, ROUTE.PROVIDER_ID, ROUTE.PRIORITY, ROUTE.WEIGHT,
                ROUTE.SCHEDULE_TIME_ZONE, ROUTE.DISABLED, ROUTE.NAME, ROUTE.DETAIL, ROUTE.STRIP_DIGITS, ROUTE.PREPEND,
                ROUTE.ACTION, ROUTE.BLOCK_SIP_CODE, ROUTE.SOURCE_PREFIX, ROUTE.VERSION, ROUTE.CREATE_MS, ROUTE.UPDATE_MS)
            .values(
                (String) null, null, null, null, (Integer) null, null, null, (Boolean) null, null, null,
                (Integer) null, null, null, (Integer) null, null, (Long) null, null, null));
  }

  private static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < items.size(); from += ROWS_PER_STATEMENT) {
      out.add(items.subList(from, Math.min(items.size(), from + ROWS_PER_STATEMENT)));
    }
    return out;
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
      out.add(toDomain(r, windows.getOrDefault(r.getId(), List.of())));
    }
    return out;
  }

  private static Route toDomain(RouteRecord r, List<RouteWindowRecord> windows) {
    Schedule schedule = null;
    if (r.getScheduleTimeZone() != null) {
      List<TimeWindow> ws = new ArrayList<>();
      for (RouteWindowRecord w : windows) {
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
