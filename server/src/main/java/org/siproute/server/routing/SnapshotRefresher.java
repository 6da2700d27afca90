package org.siproute.server.routing;

/**
 * Called by admin writes after they commit, so that decisions on this instance see a write
 * before the write returns (read-your-writes).
 */
public interface SnapshotRefresher {
  /** Returns once the routing snapshot reflects at least {@code revision}. */
  void awaitRevision(long revision);
}
