package org.siproute.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/**
 * A client in another language: Node.js with @grpc/grpc-js, loading proto/ as it is, runs
 * Select and a Dial stream against a server on a loopback port.
 */
class NodeClientTest {
  private static final Path NODE_DIR = Path.of("..", "client-stub", "src", "test", "node").toAbsolutePath().normalize();

  @Test
  void nodeClientSelectsAndDialsThroughTheProtoFilesAsTheyAre() throws Exception {
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed; CI installs them");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
          .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
      String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(install.waitFor(180, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
      assertThat(install.exitValue()).as("npm ci: " + log).isZero();
    }

    try (TestServer server = TestServer.builder().loopback().start()) {
      SiprouteClient client = server.client();
      for (String p : List.of("p0", "p1", "p2")) {
        client.admin().createProvider(CreateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId(p).setName(p).setHostname(p + ".example")).build());
        client.admin().createRoute(CreateRouteRequest.newBuilder()
            .setRoute(Route.newBuilder().setProviderId(p).setPrefix("4930").setPriority(Integer.parseInt(p.substring(1)))).build());
      }
      Process node = new ProcessBuilder("node", "client.mjs", server.target(), TestKeys.ADMIN_KEY)
          .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
      boolean finished = node.waitFor(60, TimeUnit.SECONDS);
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!finished) {
        node.destroyForcibly();
      }
      assertThat(finished).as("node finished: " + output).isTrue();
      assertThat(node.exitValue()).as(output).isZero();
      assertThat(output).contains("select: p0 > p1 > p2").contains("dial: p0 > p1 > p2 -> CONNECTED after 3 attempts");
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
