package org.siproute.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limits settings: defaults, flags and environment, and refusal of bad values. */
class LimitsConfigTest {

  @Test
  void defaultsBoundDatabaseWaitsDialStreamsAndMessages() {
    LimitsConfig limits = ServerConfig.defaults().limits();

    assertThat(limits.dbQueryTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limits.dbBulkTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(limits.maxDialStreams()).isEqualTo(10_000);
    assertThat(limits.maxMessageBytes()).isEqualTo(4 * 1024 * 1024);
  }

  @Test
  void flagsAndEnvironmentSetThem() {
    LimitsConfig limits =
        ServerConfig.parse(
                new String[] {"--db-query-timeout", "2s", "--max-message-size=16MiB"},
                Map.of(
                    "SIPROUTE_DB_BULK_TIMEOUT", "10m",
                    "SIPROUTE_MAX_DIAL_STREAMS", "250",
                    "SIPROUTE_MAX_MESSAGE_SIZE", "8MiB"))
            .limits();

    assertThat(limits.dbQueryTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(limits.dbBulkTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(limits.maxDialStreams()).isEqualTo(250);
    assertThat(limits.maxMessageBytes()).as("the flag wins over the environment").isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void messageSizesAreReadInBytesKibAndMib() {
    assertThat(maxMessageBytes("8MiB")).isEqualTo(8 * 1024 * 1024);
    assertThat(maxMessageBytes("4096kib")).isEqualTo(4 * 1024 * 1024);
    assertThat(maxMessageBytes("3000000")).isEqualTo(3_000_000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--db-query-timeout|0s|--db-query-timeout 0s is out of range",
        "--db-query-timeout|soon|--db-query-timeout 'soon' is not a duration",
        "--db-bulk-timeout|2h|--db-bulk-timeout 2h is out of range",
        "--max-dial-streams|0|--max-dial-streams 0 is out of range",
        "--max-dial-streams|many|--max-dial-streams 'many' is not a whole number",
        "--max-message-size|1MiB|--max-message-size 1MiB is out of range",
        "--max-message-size|1GiB|--max-message-size '1GiB' is not a size",
      })
  void badValuesAreRefusedNamingTheFlag(String flag, String value, String message) {
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {flag + "=" + value}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aBulkTimeoutShorterThanTheQueryTimeoutIsRefused() {
    assertThatThrownBy(
            () -> ServerConfig.parse(new String[] {"--db-query-timeout=30s", "--db-bulk-timeout=10s"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--db-bulk-timeout must not be shorter than --db-query-timeout");
  }

  @Test
  void helpListsTheLimits() {
    assertThat(ServerConfig.usage())
        .contains("--db-query-timeout", "SIPROUTE_DB_QUERY_TIMEOUT", "--max-dial-streams", "--max-message-size");
  }

  private static int maxMessageBytes(String value) {
    return ServerConfig.parse(new String[] {"--max-message-size", value}, Map.of()).limits().maxMessageBytes();
  }
}
