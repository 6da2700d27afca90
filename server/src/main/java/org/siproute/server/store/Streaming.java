package org.siproute.server.store;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * How a statement that reads a whole table (a full snapshot load: routes, rate decks) streams
 * its rows instead of having the driver buffer them all. MySQL Connector/J ignores a positive
 * fetch size unless cursors are on, and buffers every row; Integer.MIN_VALUE makes it stream
 * row by row (the connection runs nothing else until the result is closed, which a lazy cursor
 * read to its end does). H2 takes a positive size.
 */
final class Streaming {
  private static final int H2_FETCH_SIZE = 10_000;

  private Streaming() {}

  static int fetchSize(DSLContext db) {
    return db.dialect().family() == SQLDialect.H2 ? H2_FETCH_SIZE : Integer.MIN_VALUE;
  }
}
