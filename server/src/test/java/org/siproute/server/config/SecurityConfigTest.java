package org.siproute.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security settings: where they come from, what is refused, and that secrets stay out of messages. */
class SecurityConfigTest {
  private static final String KEY = "an-admin-key-of-more-than-32-characters";

  @TempDir Path dir;

  private static ServerConfig parse(Map<String, String> env, String... args) {
    return ServerConfig.parse(args, env);
  }

  @Test
  void securityIsOnByDefault() {
    SecurityConfig security = ServerConfig.defaults().security();
    assertThat(security.insecureNoAuth()).isFalse();
    assertThat(security.adminKey()).isEmpty();
    assertThat(security.tlsEnabled()).isFalse();
    assertThat(security.keyRefreshInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void adminKeyComesFromTheEnvironmentOrTheFlagWhichWins() {
    assertThat(parse(Map.of("SIPROUTE_ADMIN_KEY", KEY)).security().adminKey()).contains(KEY);
    assertThat(parse(Map.of("SIPROUTE_ADMIN_KEY", KEY), "--admin-key", KEY + "-flag").security().adminKey())
        .contains(KEY + "-flag");
  }

  @Test
  void weakOrHeaderUnsafeAdminKeysAreRefusedWithoutRepeatingThem() {
    for (String bad : new String[] {"short-key", "a key with spaces in it, long enough to pass", "é".repeat(40)}) {
      assertThatThrownBy(() -> parse(Map.of("SIPROUTE_ADMIN_KEY", bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("--admin-key (SIPROUTE_ADMIN_KEY) must be 32 to 512 visible ASCII characters")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
    }
  }

  @Test
  void adminKeyFileGivesTheKeyOnItsFirstLineAndIsCheckedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("admin.key"), KEY + "\n");
    assertThat(parse(Map.of(), "--admin-key-file", file.toString()).security().adminKey()).contains(KEY);
    assertThat(parse(Map.of("SIPROUTE_ADMIN_KEY_FILE", file.toString())).security().adminKey()).contains(KEY);

    Path weak = Files.writeString(dir.resolve("weak.key"), "short-key\n");
    assertThatThrownBy(() -> parse(Map.of(), "--admin-key-file", weak.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--admin-key-file '" + weak + "': the key on its first line must be 32 to 512")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-key"));
    assertThatThrownBy(() -> parse(Map.of(), "--admin-key-file", dir.resolve("missing.key").toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--admin-key-file")
        .hasMessageContaining("is not a readable file");
    assertThatThrownBy(() -> parse(Map.of("SIPROUTE_ADMIN_KEY", KEY), "--admin-key-file", file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--admin-key and --admin-key-file must not both be given");
    assertThat(parse(Map.of(), "--admin-key-file", file.toString()).toString()).doesNotContain(KEY);
  }

  @Test
  void adminKeyNeverAppearsInTheConfigurationsText() {
    ServerConfig config = parse(Map.of(), "--admin-key", KEY);
    assertThat(config.toString()).doesNotContain(KEY).contains("admin-key=***");
  }

  @Test
  void insecureNoAuthIsAnExplicitSwitchOrEnvironmentVariable() {
    assertThat(parse(Map.of(), "--insecure-no-auth").security().insecureNoAuth()).isTrue();
    assertThat(parse(Map.of(), "--insecure-no-auth", "--demo").security().insecureNoAuth()).isTrue();
    assertThat(parse(Map.of(), "--insecure-no-auth=false").security().insecureNoAuth()).isFalse();
    assertThat(parse(Map.of("SIPROUTE_INSECURE_NO_AUTH", "true")).security().insecureNoAuth()).isTrue();
    assertThat(parse(Map.of(), "--demo").security().insecureNoAuth()).isFalse();
  }

  @Test
  void keyRefreshIntervalIsBounded() {
    assertThat(parse(Map.of(), "--key-refresh-interval", "500ms").security().keyRefreshInterval())
        .isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> parse(Map.of(), "--key-refresh-interval", "10ms"))
        .hasMessageContaining("--key-refresh-interval 10ms is out of range");
    assertThatThrownBy(() -> parse(Map.of(), "--key-refresh-interval", "1h"))
        .hasMessageContaining("--key-refresh-interval 1h is out of range");
  }

  @Test
  void tlsFilesMustExistAndComeInTheRightCombinations() throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    Path key = Files.writeString(dir.resolve("key.pem"), "x");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "x");

    SecurityConfig mtls =
        parse(Map.of(), "--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-client-ca", ca.toString())
            .security();
    assertThat(mtls.tlsEnabled()).isTrue();
    assertThat(mtls.mutualTls()).isTrue();
    assertThat(mtls.tlsCert()).contains(cert);

    assertThat(parse(Map.of("SIPROUTE_TLS_CERT", cert.toString(), "SIPROUTE_TLS_KEY", key.toString())).security().tlsKey())
        .contains(key);
    assertThatThrownBy(() -> parse(Map.of(), "--tls-cert", cert.toString()))
        .hasMessageContaining("--tls-cert and --tls-key must be given together");
    assertThatThrownBy(() -> parse(Map.of(), "--tls-client-ca", ca.toString()))
        .hasMessageContaining("--tls-client-ca needs --tls-cert and --tls-key");
    assertThatThrownBy(
            () -> parse(Map.of(), "--tls-cert", cert.toString(), "--tls-key", dir.resolve("missing.pem").toString()))
        .hasMessageContaining("--tls-key '" + dir.resolve("missing.pem") + "' is not a readable file");
  }

  @Test
  void usageListsTheSecurityFlags() {
    assertThat(ServerConfig.usage())
        .contains("--admin-key", "SIPROUTE_ADMIN_KEY", "--insecure-no-auth", "SIPROUTE_INSECURE_NO_AUTH",
            "--key-refresh-interval", "--tls-cert", "--tls-key", "--tls-client-ca");
  }
}
