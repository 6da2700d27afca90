package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.ROUTING_CHANGE;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The routing change log ({@code routing_change}): written with each routing write, read by
 * every instance's snapshot to patch itself, pruned by the polls. See {@link RoutingChanges}.
 */
public final class ChangeLogRepository {
  private final DSLContext db;

  public ChangeLogRepository(DSLContext db) {
    this.db = db;
  }

  void insert(List<RoutingChanges.Entry> entries) {
    var insert =
        db.insertInto(ROUTING_CHANGE, ROUTING_CHANGE.REVISION, ROUTING_CHANGE.SEQ, ROUTING_CHANGE.KIND,
            ROUTING_CHANGE.OWNER, ROUTING_CHANGE.ENTITY_ID, ROUTING_CHANGE.PREFIX);
    int seq = 0;
    for (RoutingChanges.Entry e : entries) {
      insert = insert.values(e.revision(), seq++, e.kind().name(), e.owner(), e.id(), e.prefix());
    }
    insert.execute();
  }

  /**
   * The entries of the revisions after {@code after} up to {@code upTo}, in order; at most
   * {@code limit} + 1 of them, so a caller can tell that there are more than it wants.
   */
  public List<RoutingChanges.Entry> between(long after, long upTo, int limit) {
    List<RoutingChanges.Entry> out = new ArrayList<>();
    for (Record r :
        db.select(ROUTING_CHANGE.REVISION, ROUTING_CHANGE.KIND, ROUTING_CHANGE.OWNER, ROUTING_CHANGE.ENTITY_ID,
                ROUTING_CHANGE.PREFIX)
            .from(ROUTING_CHANGE)
            .where(ROUTING_CHANGE.REVISION.gt(after))
            .and(ROUTING_CHANGE.REVISION.le(upTo))
            .orderBy(ROUTING_CHANGE.REVISION, ROUTING_CHANGE.SEQ)
            .limit(limit + 1)
            .fetch()) {
      out.add(
          new RoutingChanges.Entry(
              r.get(ROUTING_CHANGE.REVISION),
              RoutingChanges.Kind.parse(r.get(ROUTING_CHANGE.KIND)),
              r.get(ROUTING_CHANGE.OWNER),
              r.get(ROUTING_CHANGE.ENTITY_ID),
              r.get(ROUTING_CHANGE.PREFIX)));
    }
    return out;
  }

  /** Deletes the entries of revisions up to {@code upTo}; returns how many. */
  public int pruneUpTo(long upTo) {
    return db.deleteFrom(ROUTING_CHANGE).where(ROUTING_CHANGE.REVISION.le(upTo)).execute();
  }
}
