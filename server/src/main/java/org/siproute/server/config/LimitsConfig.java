package org.siproute.server.config;

import java.time.Duration;
import org.siproute.server.config.Setting.Group;

/**
 * How much work one instance takes on, and how long it waits for the database. Every bound
 * here exists so that overload or a lost database shows up as a quick, clear refusal instead
 * of piling up threads and memory. A view of the settings declared in {@link Settings}.
 */
public final class LimitsConfig {
  /** A full ImportRates chunk (10 000 rate lines) must fit in one message. */
  public static final int MIN_MESSAGE_BYTES = 2 * 1024 * 1024;
  public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  public static final LimitsConfig DEFAULTS = new LimitsConfig(SettingValues.DEFAULTS);

  private final SettingValues values;

  LimitsConfig(SettingValues values) {
    this.values = values.requireConsistent();
  }

  SettingValues values() {
    return values;
  }

  /**
   * Longest an admin statement may run, and how long a database that has gone silent is waited
   * for; bounds how long an admin write takes to fail with UNAVAILABLE while the database is
   * unreachable. A call's own gRPC deadline shortens it further.
   */
  public Duration dbQueryTimeout() {
    return values.get(Settings.DB_QUERY_TIMEOUT);
  }

  /**
   * The same bound for the statements of bulk work: rate-deck imports and routing snapshot
   * loads, which move up to millions of rows per statement batch.
   */
  public Duration dbBulkTimeout() {
    return values.get(Settings.DB_BULK_TIMEOUT);
  }

  /** Dial streams open at once; one more is refused, so that a flood of calls cannot exhaust memory. */
  public int maxDialStreams() {
    return values.get(Settings.MAX_DIAL_STREAMS);
  }

  /**
   * Routes one ImportRoutes may carry: the import is checked and held in memory until its one
   * transaction, so this bounds the memory of each import.
   */
  public int maxImportRoutes() {
    return values.get(Settings.MAX_IMPORT_ROUTES);
  }

  public LimitsConfig withMaxImportRoutes(int routes) {
    return new LimitsConfig(values.with(Settings.MAX_IMPORT_ROUTES, routes));
  }

  /** Largest request message accepted; a larger one is refused before it is parsed. */
  public int maxMessageBytes() {
    return values.get(Settings.MAX_MESSAGE_SIZE);
  }

  /** How long a connected call's Dial stream (and its call slot) may stay open. */
  public Duration maxCallDuration() {
    return values.get(Settings.MAX_CALL_DURATION);
  }

  /**
   * Select and ReportOutcome calls in flight (started, not yet answered): the bound beyond which
   * a decision is refused at once rather than queued.
   */
  public int maxDecisionsInFlight() {
    return values.get(Settings.MAX_DECISIONS_IN_FLIGHT);
  }

  /** Threads of the pool that serves the rpcs which may block (on the database, on snapshot catch-up). */
  public int adminThreads() {
    return values.get(Settings.ADMIN_THREADS);
  }

  /** Admin calls admitted at once, served or queued for an admin thread; bounds that queue. */
  public int maxAdminCalls() {
    return values.get(Settings.MAX_ADMIN_CALLS);
  }

  /** Network connections open at once; one more is closed at accept. */
  public int maxConnections() {
    return values.get(Settings.MAX_CONNECTIONS);
  }

  /**
   * Calls open at once on one connection, announced to the client in HTTP/2 settings: a client
   * (or a load generator) that sends faster than it reads answers waits with its next calls
   * instead of making this instance hold their streams and queued answers.
   */
  public int maxStreamsPerConnection() {
    return values.get(Settings.MAX_STREAMS_PER_CONNECTION);
  }

  public int maxReadBytes() {
    return values.get(Settings.MAX_READ_BYTES);
  }

  public LimitsConfig withMaxReadBytes(int bytes) {
    return new LimitsConfig(values.with(Settings.MAX_READ_BYTES, bytes));
  }

  public LimitsConfig withMaxStreamsPerConnection(int streams) {
    return new LimitsConfig(values.with(Settings.MAX_STREAMS_PER_CONNECTION, streams));
  }

  /** How long a connection may go without a call in flight before it is closed. */
  public Duration maxConnectionIdle() {
    return values.get(Settings.MAX_CONNECTION_IDLE);
  }

  /** How long a new connection may take to start its first call before it is closed. */
  public Duration firstRequestTimeout() {
    return values.get(Settings.FIRST_REQUEST_TIMEOUT);
  }

  public LimitsConfig withConnectionLimits(int maxConnections, Duration maxIdle, Duration firstRequestTimeout) {
    return new LimitsConfig(
        values
            .with(Settings.MAX_CONNECTIONS, maxConnections)
            .with(Settings.MAX_CONNECTION_IDLE, maxIdle)
            .with(Settings.FIRST_REQUEST_TIMEOUT, firstRequestTimeout));
  }

  public LimitsConfig withMaxDecisionsInFlight(int calls) {
    return new LimitsConfig(values.with(Settings.MAX_DECISIONS_IN_FLIGHT, calls));
  }

  public LimitsConfig withAdminCalls(int threads, int maxCalls) {
    return new LimitsConfig(values.with(Settings.ADMIN_THREADS, threads).with(Settings.MAX_ADMIN_CALLS, maxCalls));
  }

  public LimitsConfig withDbTimeouts(Duration query, Duration bulk) {
    return new LimitsConfig(values.with(Settings.DB_QUERY_TIMEOUT, query).with(Settings.DB_BULK_TIMEOUT, bulk));
  }

  public LimitsConfig withMaxDialStreams(int streams) {
    return new LimitsConfig(values.with(Settings.MAX_DIAL_STREAMS, streams));
  }

  public LimitsConfig withMaxCallDuration(Duration duration) {
    return new LimitsConfig(values.with(Settings.MAX_CALL_DURATION, duration));
  }

  public LimitsConfig withMaxMessageBytes(int bytes) {
    return new LimitsConfig(values.with(Settings.MAX_MESSAGE_SIZE, bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LimitsConfig other && values.equalIn(Group.LIMITS, other.values);
  }

  @Override
  public int hashCode() {
    return values.hashIn(Group.LIMITS);
  }

  @Override
  public String toString() {
    return "LimitsConfig[" + values.describe(Group.LIMITS) + "]";
  }
}
