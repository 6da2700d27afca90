package org.siproute.server.domain;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Generated ids: time-ordered UUIDs (version 7 layout), so listings in id order follow
 * creation order and index inserts stay at the end.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId() {
    long millis = System.currentTimeMillis();
    long random = RANDOM.nextLong();
    long high = (millis << 16) | 0x7000L | ((random >>> 52) & 0x0fffL);
    long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
