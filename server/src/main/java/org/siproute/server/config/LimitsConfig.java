package org.siproute.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work one instance takes on, and how long it waits for the database. Every bound
 * here exists so that overload or a lost database shows up as a quick, clear refusal instead
 * of piling up threads and memory.
 *
 * @param dbQueryTimeout longest an admin statement may run, and how long a database that has
 *     gone silent is waited for; bounds how long an admin write takes to fail with UNAVAILABLE
 *     while the database is unreachable. A call's own gRPC deadline shortens it further.
 * @param dbBulkTimeout the same bound for the statements of bulk work: rate-deck imports and
 *     routing snapshot loads, which move up to millions of rows per statement batch
 * @param maxDialStreams Dial streams one instance keeps open at once; one more is refused with
 *     RESOURCE_EXHAUSTED, so that a flood of calls cannot exhaust memory
 * @param maxMessageBytes largest request message accepted; a larger one is refused with
 *     RESOURCE_EXHAUSTED before it is parsed. At least {@link #MIN_MESSAGE_BYTES}: a full
 *     ImportRates chunk (10 000 rate lines) must fit.
 */
public record LimitsConfig(
    Duration dbQueryTimeout, Duration dbBulkTimeout, int maxDialStreams, int maxMessageBytes, Duration maxCallDuration) {

  public static final int MIN_MESSAGE_BYTES = 2 * 1024 * 1024;
  public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  public static final LimitsConfig DEFAULTS =
      new LimitsConfig(Duration.ofSeconds(5), Duration.ofMinutes(2), 10_000, 4 * 1024 * 1024, Duration.ofHours(4));

  public LimitsConfig {
    Objects.requireNonNull(dbQueryTimeout, "dbQueryTimeout");
    Objects.requireNonNull(dbBulkTimeout, "dbBulkTimeout");
    Objects.requireNonNull(maxCallDuration, "maxCallDuration");
    if (dbBulkTimeout.compareTo(dbQueryTimeout) < 0) {
      throw new ConfigException("--db-bulk-timeout must not be shorter than --db-query-timeout");
    }
    if (maxDialStreams < 1) {
      throw new ConfigException("--max-dial-streams must be at least 1");
    }
    if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
      throw new ConfigException(
          "--max-message-size must be 2MiB to 256MiB (a full ImportRates chunk needs up to 2MiB)");
    }
  }

  public LimitsConfig withDbTimeouts(Duration query, Duration bulk) {
    return new LimitsConfig(query, bulk, maxDialStreams, maxMessageBytes, maxCallDuration);
  }

  public LimitsConfig withMaxDialStreams(int streams) {
    return new LimitsConfig(dbQueryTimeout, dbBulkTimeout, streams, maxMessageBytes, maxCallDuration);
  }

  public LimitsConfig withMaxCallDuration(Duration duration) {
    return new LimitsConfig(dbQueryTimeout, dbBulkTimeout, maxDialStreams, maxMessageBytes, duration);
  }

  public LimitsConfig withMaxMessageBytes(int bytes) {
    return new LimitsConfig(dbQueryTimeout, dbBulkTimeout, maxDialStreams, bytes, maxCallDuration);
  }
}
