package org.siproute.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/**
 * Keeps the README's `buf curl` examples honest: each is run, in order, with the buf of
 * proto/node_modules (installed by proto/generate, which CI runs before the build) against a
 * --demo server on a loopback port, and must succeed, or be refused where the README says so.
 */
class BufCurlReadmeTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Path BUF_BIN = REPOSITORY.resolve("proto/node_modules/.bin");
  // A command runs from "buf curl -" at the start of a line to the next blank line, comment,
  // command or end of the code block.
  private static final Pattern COMMAND = Pattern.compile("(?ms)^buf curl -.*?(?=^\\s*$|^#|^buf curl -|^```)");
  private static final Pattern EXPECTED_REFUSAL = Pattern.compile("# Refused with ([A-Z_]+)");

  @Test
  void bufCurlExamplesWorkAgainstTheDemoData() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(BUF_BIN.resolve("buf")), "buf is not installed; `bash proto/generate` installs it (CI does)");
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    List<String> ran = new ArrayList<>();
    try (TestServer server = TestServer.builder().loopback().flags("--demo").start()) {
      Matcher command = COMMAND.matcher(readme);
      // Refusals are marked by a comment between the previous command and this one.
      int previousEnd = readme.indexOf("### The same with buf curl");
      assertThat(previousEnd).as("the README's buf curl section").isNotNegative();
      while (command.find()) {
        Matcher refusal = EXPECTED_REFUSAL.matcher(readme.substring(previousEnd, command.start()));
        String expectedCode = refusal.find() ? refusal.group(1).toLowerCase() : null;
        previousEnd = command.end();
        String line = command.group().replace("http://127.0.0.1:50051", "http://" + server.target());
        ran.add(run(line, expectedCode));
      }
    }
    assertThat(ran).hasSize(13)
        .anyMatch(c -> c.contains("/siproute.v1.RouteSelect/Select"))
        .anyMatch(c -> c.contains("/siproute.v1.RouteAdmin/ImportRates"))
        .anyMatch(c -> c.contains("/grpc.health.v1.Health/Check"));
  }

  private static String run(String line, String expectedCode) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("SIPROUTE_KEY", TestKeys.ADMIN_KEY);
    env.put("PATH", BUF_BIN + ":" + env.getOrDefault("PATH", ""));
    Process buf = builder.start();
    boolean finished = buf.waitFor(60, TimeUnit.SECONDS);
    String output = new String(buf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      buf.destroyForcibly();
    }
    assertThat(finished).as("%s finished: %s", line, output).isTrue();
    if (expectedCode == null) {
      assertThat(buf.exitValue()).as("%s: %s", line, output).isZero();
    } else {
      assertThat(buf.exitValue()).as("%s: %s", line, output).isNotZero();
      assertThat(output).as(line).contains("\"code\": \"" + expectedCode + "\"");
    }
    return line;
  }
}
