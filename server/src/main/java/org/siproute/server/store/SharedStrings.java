package org.siproute.server.store;

/**
 * Keeps one instance of each string read during one bulk read, so that what the rows repeat
 * (owners, providers, prefixes, names) is held once: a full snapshot load reads hundreds of
 * thousands of routes, and the driver makes fresh strings for every column of every row. An
 * open-addressing table of the strings themselves, with no node per entry. One per read,
 * dropped after it; not for concurrent use.
 */
final class SharedStrings {
  private String[] table = new String[1024];
  private int size;

  /** The instance kept for a string equal to {@code s}; null for null, the literal "" for "". */
  String share(String s) {
    if (s == null) {
      return null;
    }
    if (s.isEmpty()) {
      return "";
    }
    int mask = table.length - 1;
    for (int i = spread(s.hashCode()) & mask; ; i = (i + 1) & mask) {
      String kept = table[i];
      if (kept == null) {
        table[i] = s;
        if (++size * 2 > table.length) {
          grow();
        }
        return s;
      }
      if (kept.equals(s)) {
        return kept;
      }
    }
  }

  int size() {
    return size;
  }

  /** As HashMap spreads a hash: the high bits into the low ones the mask keeps. */
  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private void grow() {
    String[] old = table;
    table = new String[old.length * 2];
    int mask = table.length - 1;
    for (String s : old) {
      if (s != null) {
        int i = spread(s.hashCode()) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = s;
      }
    }
  }
}
