package org.siproute.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {

  private static ServerConfig parse(Map<String, String> env, String... args) {
    return ServerConfig.parse(args, env);
  }

  @Test
  void defaultsServeLocallyOnTheEmbeddedDatabase() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(50051);
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.dbUrl()).isEmpty();
    assertThat(config.embeddedDatabase()).isTrue();
    assertThat(config.effectiveDbUrl()).startsWith("jdbc:h2:file:").contains("MODE=MySQL");
    assertThat(config.dbPoolSize()).isEqualTo(8);
    assertThat(config.dbConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.demo()).isFalse();
    assertThat(config.inProcessName()).isEmpty();
  }

  @Test
  void environmentVariablesSetValues() {
    ServerConfig config =
        parse(
            Map.of(
                "SIPROUTE_PORT", "6000",
                "SIPROUTE_DB_URL", "jdbc:mysql://db.internal:3306/siproute",
                "SIPROUTE_DB_USER", "router",
                "SIPROUTE_DB_PASSWORD", "s3cret",
                "SIPROUTE_DATA_DIR", "/var/lib/siproute",
                "SIPROUTE_POLL_INTERVAL", "250ms",
                "SIPROUTE_DEMO", "yes"));

    assertThat(config.port()).isEqualTo(6000);
    assertThat(config.dbUrl()).contains("jdbc:mysql://db.internal:3306/siproute");
    assertThat(config.embeddedDatabase()).isFalse();
    assertThat(config.effectiveDbUrl()).isEqualTo("jdbc:mysql://db.internal:3306/siproute");
    assertThat(config.dbUser()).isEqualTo("router");
    assertThat(config.dbPassword()).isEqualTo("s3cret");
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/siproute"));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.demo()).isTrue();
  }

  @Test
  void flagsOverrideEnvironmentVariables() {
    ServerConfig config =
        parse(
            Map.of("SIPROUTE_PORT", "6000", "SIPROUTE_HOST", "10.1.1.1", "SIPROUTE_DEMO", "true"),
            "--port", "7000", "--host=0.0.0.0", "--demo=false");

    assertThat(config.port()).isEqualTo(7000);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.demo()).isFalse();
  }

  @Test
  void demoFlagAloneTurnsDemoOn() {
    assertThat(parse(Map.of(), "--demo", "--port", "0").demo()).isTrue();
    assertThat(parse(Map.of(), "--port", "0", "--demo").demo()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--port|abc|--port 'abc' is not a whole number",
        "--port|65536|--port 65536 is out of range 0 to 65535",
        "--port|-1|--port -1 is out of range",
        "--host|bad host|--host 'bad host' is not a host name",
        "--db-url|postgres://x|--db-url must be a jdbc:mysql:",
        "--db-pool-size|0|--db-pool-size 0 is out of range 1 to 200",
        "--db-connect-timeout|soon|--db-connect-timeout 'soon' is not a duration",
        "--poll-interval|1ms|--poll-interval 1ms is out of range",
        "--shutdown-grace|11m|--shutdown-grace 11m is out of range",
        "--demo|maybe|--demo 'maybe' is not true or false",
        "--data-dir|' '|--data-dir must not be empty",
      })
  void badFlagValueIsRefusedNamingTheFlag(String flag, String value, String message) {
    // The --flag=value form, since --demo alone means true and would leave the value stray.
    assertThatThrownBy(() -> parse(Map.of(), flag + "=" + value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void badEnvironmentValueIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> parse(Map.of("SIPROUTE_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--port 'http' is not a whole number");
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    assertThatThrownBy(() -> parse(Map.of(), "--port", "x", "--db-pool-size", "500"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--port")
        .hasMessageContaining("--db-pool-size");
  }

  @Test
  void unknownFlagsMissingValuesAndStrayArgumentsAreRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--prot", "1")).isInstanceOf(ConfigException.class).hasMessageContaining("unknown flag --prot");
    assertThatThrownBy(() -> parse(Map.of(), "--port")).isInstanceOf(ConfigException.class).hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "serve")).isInstanceOf(ConfigException.class).hasMessageContaining("unexpected argument 'serve'");
  }

  @Test
  void helpListsEverySettingWithItsEnvironmentVariable() {
    assertThatThrownBy(() -> parse(Map.of(), "--help"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("usage:")
        .hasMessageContaining("--db-url")
        .hasMessageContaining("SIPROUTE_DB_URL")
        .hasMessageContaining("--demo");
  }

  @Test
  void helpShowsEachSettingsVariableDefaultAllowedValuesAndHelp() {
    String usage = ServerConfig.usage();

    assertThat(usage)
        .contains("--db-pool-size (SIPROUTE_DB_POOL_SIZE)  default 8; 1 to 200\n      database connections\n")
        .contains("--dial-idle-timeout (SIPROUTE_DIAL_IDLE_TIMEOUT)  default 2m; 1s to 24h\n")
        .contains("--db-url (SIPROUTE_DB_URL)  default empty; jdbc:mysql:, jdbc:mariadb: or jdbc:h2: URL\n")
        .as("Markdown code spans read as plain text on a terminal")
        .doesNotContain("`");
    for (Setting<?> s : Settings.ALL) {
      assertThat(usage).contains(s.flag() + " (" + s.env() + ")");
    }
  }

  @Test
  void outOfRangeValuesAreShownInTheUnitsTheyAreWrittenIn() {
    assertThatThrownBy(() -> parse(Map.of(), "--poll-interval=5ms"))
        .hasMessageContaining("--poll-interval 5ms is out of range 10ms to 10m");
    assertThatThrownBy(() -> parse(Map.of(), "--max-message-size=300MiB"))
        .hasMessageContaining("--max-message-size 300MiB is out of range 2MiB to 256MiB");
    assertThatThrownBy(() -> parse(Map.of(), "--probe-interval=1s", "--probe-timeout=1500ms"))
        .hasMessageContaining("--probe-timeout 1500ms must not be longer than --probe-interval 1s");
  }

  @Test
  void numbersTooLargeForTheirTypeAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> parse(Map.of(), "--shutdown-grace=9999999999999999h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--shutdown-grace '9999999999999999h' is not a duration");
    // 2^44 MiB + 4 MiB wraps around to 4 MiB in 64 bits.
    assertThatThrownBy(() -> parse(Map.of(), "--max-message-size=17592186044420MiB"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--max-message-size '17592186044420MiB' is out of range 2MiB to 256MiB");
  }

  @Test
  void aRefusedValueIsNotRefusedAgainByARuleOverIt() {
    assertThatThrownBy(() -> parse(Map.of(), "--probe-interval=often"))
        .hasMessageContaining("--probe-interval 'often' is not a duration")
        .hasMessageNotContaining("--probe-timeout");
  }

  @Test
  void withMethodsRefuseWhatParsingRefuses() {
    ServerConfig config = ServerConfig.defaults();

    assertThatThrownBy(() -> config.withPollInterval(Duration.ofMillis(5)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--poll-interval 5ms is out of range 10ms to 10m");
    assertThatThrownBy(() -> config.withDatabase("postgres://db/x", "", ""))
        .hasMessageContaining("--db-url must be a jdbc:mysql:");
    assertThatThrownBy(() -> config.limits().withDbTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10)))
        .hasMessage("--db-bulk-timeout must not be shorter than --db-query-timeout");
    assertThatThrownBy(() -> config.withAdminKey("short"))
        .hasMessageStartingWith("--admin-key (SIPROUTE_ADMIN_KEY) must be 32 to 512")
        .hasMessageNotContaining("short");
  }

  @Test
  void aGroupReplacesOnlyItsOwnSettings() {
    ServerConfig config =
        parse(Map.of(), "--port=7000", "--quality-min-samples=9")
            .withLimits(LimitsConfig.DEFAULTS.withMaxDialStreams(3));

    assertThat(config.port()).isEqualTo(7000);
    assertThat(config.quality().minSamples()).isEqualTo(9);
    assertThat(config.limits().maxDialStreams()).isEqualTo(3);
    assertThat(config.limits()).isEqualTo(LimitsConfig.DEFAULTS.withMaxDialStreams(3));
  }

  @Test
  void secretsNeverAppearInTheConfigurationsText() {
    ServerConfig config = parse(Map.of("SIPROUTE_DB_PASSWORD", "s3cret-password"), "--db-user", "router");

    assertThat(config.toString())
        .contains("db-user=router", "db-password=***", "port=50051", "dial-idle-timeout=2m")
        .doesNotContain("s3cret-password");
  }
}
