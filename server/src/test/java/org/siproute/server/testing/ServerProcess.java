package org.siproute.server.testing;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.Main;

/**
 * The server as a child process ({@link Main} on the test class path, on a free port of
 * 127.0.0.1, with {@link TestKeys#ADMIN_KEY} as its bootstrap key), for faults that only a real
 * process shows: kill -9, SIGTERM, the log it writes. Its standard error (the log) goes to a
 * file that outlives the process, so a test can read what it wrote up to its end.
 */
public final class ServerProcess implements AutoCloseable {
  /** A line of the plain log: ISO-8601 UTC time in milliseconds, level, [thread], logger, " - ". */
  public static final Pattern PLAIN_LOG_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO|WARN|ERROR) +\\[[^\\]]+\\] \\S+ - .*");

  private static final Pattern LISTENING = Pattern.compile("siproute listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final int port;
  private final ManagedChannel channel;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .intercept(TestKeys.interceptor(TestKeys.ADMIN_KEY))
            .build();
  }

  /** Starts the server with these flags (besides host, port and key) and waits until it listens. */
  public static ServerProcess start(String... flags) throws IOException, InterruptedException {
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(List.of(javaBinary.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            Main.class.getName(), "--host", "127.0.0.1", "--port", "0",
            // A machine shared with builds may starve a fresh JVM for seconds: not what these tests are about.
            "--db-connect-timeout", "30s"));
    if (Arrays.stream(flags).noneMatch(f -> f.startsWith("--warmup-calls"))) {
      // The warm-up is for the JIT of a long-lived server; a test's server is gone in seconds.
      command.addAll(List.of("--warmup-calls", "0"));
    }
    command.addAll(List.of(flags));
    Path log = Files.createTempFile("siproute-process", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SIPROUTE_ADMIN_KEY", TestKeys.ADMIN_KEY);
    Process process = builder.start();
    process.getOutputStream().close();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return new ServerProcess(process, log, Integer.parseInt(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + " before listening:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    throw new IllegalStateException("the server did not listen within " + START_TIMEOUT + ":\n"
        + Files.readString(log, StandardCharsets.UTF_8));
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** A channel to the server that sends the bootstrap ADMIN key; closed with this object. */
  public ManagedChannel channel() {
    return channel;
  }

  public RouteAdminGrpc.RouteAdminBlockingStub admin() {
    return RouteAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public RouteSelectGrpc.RouteSelectBlockingStub select() {
    return RouteSelectGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** kill -9: the process ends at once, without its shutdown hook. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server survived kill -9");
    }
  }

  /** SIGTERM, as an orchestrator stops a container: the shutdown hook runs. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to end; its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the server did not exit within " + timeout + "; log:\n" + log());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process wrote to standard output and error so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Size of the log so far, in bytes. */
  public long logBytes() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the process (kill -9 if still running), closes the channel and deletes the log. */
  @Override
  public void close() throws IOException, InterruptedException {
    channel.shutdownNow();
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }
}
