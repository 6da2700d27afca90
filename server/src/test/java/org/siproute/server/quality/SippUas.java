package org.siproute.server.quality;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.siproute.server.domain.Transport;

/**
 * A real SIP peer for probing tests: sipp (Debian package sip-tester) running a scenario that
 * answers OPTIONS with 200 OK, on 127.0.0.1 over UDP or TCP.
 */
final class SippUas implements AutoCloseable {
  static final String MISSING =
      "sipp is not installed: the SIP OPTIONS probing tests need a real SIP peer "
          + "(Debian package sip-tester: apt-get install -y sip-tester)";

  private final Process process;
  final int port;

  private SippUas(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The sipp binary on the PATH, if any. */
  static Optional<Path> binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "sipp");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts sipp answering OPTIONS on {@code port} over UDP, or TCP when {@code tcp}. */
  static SippUas start(int port, boolean tcp) {
    Path sipp = binary().orElseThrow(() -> new IllegalStateException(MISSING));
    try {
      Path scenario = Path.of(SippUas.class.getResource("/sipp/options-uas.xml").toURI());
      Path logs = Files.createTempDirectory("sipp");
      Process process =
          new ProcessBuilder(
                  List.of(
                      sipp.toString(), "-sf", scenario.toString(),
                      "-i", "127.0.0.1", "-p", String.valueOf(port),
                      "-t", tcp ? "t1" : "u1",
                      "-nostdin",
                      "-trace_err", "-error_file", logs.resolve("errors.log").toString()))
              .redirectErrorStream(true)
              .redirectOutput(logs.resolve("screen.log").toFile())
              .start();
      return new SippUas(process, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits (bounded) until sipp answers an OPTIONS probe; fails if it never does. */
  SippUas awaitAnswering(boolean tcp) {
    SipOptionsProbe.Target target =
        SipOptionsProbe.Target.of("127.0.0.1:" + port, tcp ? Transport.TCP : Transport.UDP);
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    SipOptionsProbe.Result last;
    do {
      if (!process.isAlive()) {
        throw new IllegalStateException("sipp exited with " + process.exitValue() + " on port " + port);
      }
      last = SipOptionsProbe.probe(target, 500);
      if (last.answered()) {
        return this;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() - until < 0);
    throw new IllegalStateException("sipp on port " + port + " does not answer: " + last.detail());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A UDP port free on 127.0.0.1 right now. */
  static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TCP port free on 127.0.0.1 right now. */
  static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
