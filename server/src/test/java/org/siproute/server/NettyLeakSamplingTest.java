package org.siproute.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** siproute starts with Netty's leak sampling off, unless the operator asked for a level. */
class NettyLeakSamplingTest {
  @Test
  void samplingIsOffByDefault() {
    Properties properties = new Properties();
    Main.withoutNettyLeakSampling(properties);
    assertThat(properties.getProperty(Main.NETTY_LEAK_DETECTION)).isEqualTo("disabled");
  }

  @Test
  void aLevelTheOperatorSetIsKept() {
    Properties properties = new Properties();
    properties.setProperty(Main.NETTY_LEAK_DETECTION, "paranoid");
    Main.withoutNettyLeakSampling(properties);
    assertThat(properties.getProperty(Main.NETTY_LEAK_DETECTION)).isEqualTo("paranoid");
  }

  @Test
  void thePropertyIsTheOneGrpcsShadedNettyReads() throws Exception {
    // The relocated name: a wrong one would be set and never read.
    Class<?> detector = Class.forName("io.grpc.netty.shaded.io.netty.util.ResourceLeakDetector");
    assertThat(Main.NETTY_LEAK_DETECTION).startsWith(detector.getPackageName().replace(".util", "") + ".");
  }
}
