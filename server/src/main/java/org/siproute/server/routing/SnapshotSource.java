package org.siproute.server.routing;

/**
 * Where the engine reads the snapshot it decides from: {@link RoutingSnapshots} in the server,
 * a snapshot made by {@link SnapshotBuilder} in tests. Called once per decision, so it must
 * return at once.
 */
public interface SnapshotSource {
  /** The snapshot to decide from now; never null. */
  Snapshot current();
}
