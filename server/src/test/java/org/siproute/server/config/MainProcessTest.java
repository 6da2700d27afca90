package org.siproute.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siproute.server.Main;

/** The real process: a bad setting stops it with a clear message and a non-zero exit. */
class MainProcessTest {

  private record Exit(int code, String stdout, String stderr) {}

  private static Exit runMain(String... args) throws IOException, InterruptedException {
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(javaBinary.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path stdoutFile = Files.createTempFile("siproute-main", ".out");
    Process process = new ProcessBuilder(command).redirectOutput(stdoutFile.toFile()).start();
    process.getOutputStream().close();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("siproute did not exit; stderr: " + stderr);
    }
    String stdout = Files.readString(stdoutFile);
    Files.delete(stdoutFile);
    return new Exit(process.exitValue(), stdout, stderr);
  }

  @Test
  void badPortExitsNonZeroNamingTheFlag() throws Exception {
    Exit exit = runMain("--port", "abc");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).contains("siproute: bad configuration").contains("--port 'abc' is not a whole number");
    assertThat(exit.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void helpPrintsUsageAndExitsZero() throws Exception {
    Exit exit = runMain("--help");

    assertThat(exit.code()).isZero();
    assertThat(exit.stdout()).contains("usage: siproute-server").contains("--db-url").contains("SIPROUTE_PORT");
  }

  @Test
  void unreachableDatabaseExitsNonZeroNamingIt() throws Exception {
    // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
    Exit exit = runMain("--db-url", "jdbc:mysql://127.0.0.1:9/siproute", "--db-connect-timeout", "1s", "--port", "0");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).contains("cannot use the database at jdbc:mysql://127.0.0.1:9/siproute");
  }
}
