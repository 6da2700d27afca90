package org.siproute.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quality settings: defaults, flags, environment variables and their validation. */
class QualityConfigTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    QualityConfig q = ServerConfig.defaults().quality();
    assertThat(q).isEqualTo(QualityConfig.DEFAULTS);
    assertThat(q.window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(q.minSamples()).isEqualTo(20);
    assertThat(q.circuitFailureThreshold()).isEqualTo(5);
    assertThat(q.circuitCoolDown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(q.bucketMillis()).isEqualTo(60_000);
  }

  @Test
  void flagsWinOverEnvironmentVariables() {
    ServerConfig config =
        ServerConfig.parse(
            new String[] {"--quality-window=30m", "--circuit-failure-threshold", "3", "--probe-interval=5s"},
            Map.of(
                "SIPROUTE_QUALITY_WINDOW", "1h",
                "SIPROUTE_QUALITY_MIN_SAMPLES", "50",
                "SIPROUTE_CIRCUIT_COOL_DOWN", "2m",
                "SIPROUTE_PROBE_DOWN_THRESHOLD", "4",
                "SIPROUTE_STATS_FLUSH_INTERVAL", "30s"));
    QualityConfig q = config.quality();
    assertThat(q.window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(q.minSamples()).isEqualTo(50);
    assertThat(q.circuitFailureThreshold()).isEqualTo(3);
    assertThat(q.circuitCoolDown()).isEqualTo(Duration.ofMinutes(2));
    assertThat(q.probeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(q.probeDownThreshold()).isEqualTo(4);
    assertThat(q.statsFlushInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void badValuesAreAllNamedAtOnce() {
    assertThatThrownBy(
            () ->
                ServerConfig.parse(
                    new String[] {
                      "--quality-window=10s", "--quality-min-samples=0", "--circuit-failure-threshold=x",
                      "--circuit-cool-down=2h", "--probe-up-threshold=101", "--stats-flush-interval=0s"
                    },
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--quality-window")
        .hasMessageContaining("--quality-min-samples")
        .hasMessageContaining("--circuit-failure-threshold")
        .hasMessageContaining("--circuit-cool-down")
        .hasMessageContaining("--probe-up-threshold")
        .hasMessageContaining("--stats-flush-interval");
  }

  @Test
  void aProbeTimeoutLongerThanTheIntervalIsRefused() {
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--probe-interval=1s", "--probe-timeout=2s"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--probe-timeout");
  }

  @Test
  void usageListsTheSettings() {
    assertThat(ServerConfig.usage()).contains("--circuit-cool-down", "SIPROUTE_PROBE_INTERVAL", "--stats-flush-interval");
  }
}
