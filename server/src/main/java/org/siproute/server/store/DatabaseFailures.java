package org.siproute.server.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * Calls refused because the database could not be reached or did not answer in time: an
 * expected outage is counted here (siproute_db_failures_total) rather than logged with a stack
 * trace. Process-wide, like the metrics that read it.
 */
public final class DatabaseFailures {
  private static final LongAdder refused = new LongAdder();

  private DatabaseFailures() {}

  /** One call refused with the database unavailable. */
  public static void refused() {
    refused.increment();
  }

  public static long refusedSoFar() {
    return refused.sum();
  }
}
