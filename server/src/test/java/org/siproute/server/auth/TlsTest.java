package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siproute.server.testing.Calls.statusOf;

import com.google.inject.CreationException;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.server.config.ConfigException;
import org.siproute.server.testing.TestCertificates;
import org.siproute.server.testing.TestCertificates.Issued;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/**
 * Part 4 of issue 5: TLS and mTLS on a real loopback port, with certificates made by the test.
 * "Trusted" material is signed by the CAs the server is configured with, "rogue" material by
 * a CA it has never heard of.
 */
class TlsTest {
  @TempDir static Path dir;

  static Path caFile;
  static Path serverCert;
  static Path serverKey;
  static Path clientCaFile;
  static Path clientCert;
  static Path clientKey;
  static Path rogueCaFile;
  static Path rogueClientCert;
  static Path rogueClientKey;

  private final List<TestServer> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void makeCertificates() throws IOException {
    Issued ca = TestCertificates.authority("siproute test server CA");
    caFile = ca.writeCertificate(dir.resolve("ca.pem"));
    Issued server = TestCertificates.server(ca);
    serverCert = server.writeCertificate(dir.resolve("server.pem"));
    serverKey = server.writeKey(dir.resolve("server.key"));

    Issued clientCa = TestCertificates.authority("siproute test client CA");
    clientCaFile = clientCa.writeCertificate(dir.resolve("client-ca.pem"));
    Issued client = TestCertificates.client(clientCa, "sbc-1");
    clientCert = client.writeCertificate(dir.resolve("client.pem"));
    clientKey = client.writeKey(dir.resolve("client.key"));

    Issued rogueCa = TestCertificates.authority("rogue CA");
    rogueCaFile = rogueCa.writeCertificate(dir.resolve("rogue-ca.pem"));
    Issued rogueClient = TestCertificates.client(rogueCa, "intruder");
    rogueClientCert = rogueClient.writeCertificate(dir.resolve("rogue-client.pem"));
    rogueClientKey = rogueClient.writeKey(dir.resolve("rogue-client.key"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    servers.forEach(TestServer::close);
  }

  /** Starts a server from command-line flags, on a free loopback port; returns the port. */
  private int start(String... tlsFlags) {
    TestServer server = TestServer.builder().loopback().flags(tlsFlags).start();
    servers.add(server);
    return server.server().port();
  }

  private ManagedChannel connect(int port, ChannelCredentials credentials) {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
    channels.add(channel);
    return channel;
  }

  private static ChannelCredentials trusting(Path ca) throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build();
  }

  private static ChannelCredentials trustingWithCertificate(Path ca, Path cert, Path key) throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).keyManager(cert.toFile(), key.toFile()).build();
  }

  private static Status health(ManagedChannel channel) {
    return statusOf(
        () -> {
          HealthCheckResponse response =
              HealthGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance());
          assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        });
  }

  private static Status listProviders(ManagedChannel channel, boolean withKey) {
    RouteAdminGrpc.RouteAdminBlockingStub stub = RouteAdminGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    RouteAdminGrpc.RouteAdminBlockingStub keyed = withKey ? stub.withCallCredentials(TestKeys.admin()) : stub;
    return statusOf(() -> keyed.listProviders(ListProvidersRequest.getDefaultInstance()));
  }

  @Test
  void tlsServesClientsThatTrustItsCertificateAndStillNeedsKeys() throws IOException {
    int port = start("--tls-cert", serverCert.toString(), "--tls-key", serverKey.toString());
    ManagedChannel channel = connect(port, trusting(caFile));
    assertThat(health(channel).getCode()).isEqualTo(Status.Code.OK);
    assertThat(listProviders(channel, true).getCode()).isEqualTo(Status.Code.OK);
    assertThat(listProviders(channel, false).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void tlsRefusesPlaintextAndClientsThatDoNotTrustIt() throws IOException {
    int port = start("--tls-cert", serverCert.toString(), "--tls-key", serverKey.toString());
    assertThat(health(connect(port, InsecureChannelCredentials.create())).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(health(connect(port, trusting(rogueCaFile))).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void mutualTlsAdmitsOnlyClientsWithACertificateFromTheClientCa() throws IOException {
    int port =
        start("--tls-cert", serverCert.toString(), "--tls-key", serverKey.toString(),
            "--tls-client-ca", clientCaFile.toString());
    ManagedChannel trusted = connect(port, trustingWithCertificate(caFile, clientCert, clientKey));
    assertThat(health(trusted).getCode()).isEqualTo(Status.Code.OK);
    assertThat(listProviders(trusted, true).getCode()).isEqualTo(Status.Code.OK);

    assertThat(health(connect(port, trusting(caFile))).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(health(connect(port, trustingWithCertificate(caFile, rogueClientCert, rogueClientKey))).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void renewedCertificateFilesServeNewConnectionsWithoutARestartAndBrokenOnesAreIgnored() throws Exception {
    Path cert = Files.copy(serverCert, dir.resolve("live.pem"), StandardCopyOption.REPLACE_EXISTING);
    Path key = Files.copy(serverKey, dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING);
    int port = start("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-reload-interval", "100ms");
    assertThat(health(connect(port, trusting(caFile))).getCode()).isEqualTo(Status.Code.OK);

    // Renewed, here by another CA so that a client can tell which certificate it was given;
    // each file replaced by a rename, as renewal tools do.
    Issued renewingCa = TestCertificates.authority("siproute renewing CA");
    Path renewingCaFile = renewingCa.writeCertificate(dir.resolve("renewing-ca.pem"));
    Issued renewed = TestCertificates.server(renewingCa);
    Files.move(renewed.writeKey(dir.resolve("renewed.key")), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(renewed.writeCertificate(dir.resolve("renewed.pem")), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (health(connect(port, trusting(renewingCaFile))).getCode() != Status.Code.OK) {
      assertThat(System.nanoTime()).as("the renewed certificate is served within 20 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(health(connect(port, trusting(caFile))).getCode()).as("the old certificate is gone").isEqualTo(Status.Code.UNAVAILABLE);

    // A broken replacement is not used: the renewed certificate goes on serving.
    Files.writeString(cert, "not a certificate\n");
    Thread.sleep(1_000); // ten reload intervals
    assertThat(health(connect(port, trusting(renewingCaFile))).getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void plaintextServerStillWorksWithoutTlsFlags() {
    int port = start();
    ManagedChannel channel = connect(port, InsecureChannelCredentials.create());
    assertThat(health(channel).getCode()).isEqualTo(Status.Code.OK);
    assertThat(listProviders(channel, true).getCode()).isEqualTo(Status.Code.OK);
  }

  /** The ConfigException that stopped the wiring, wherever Guice reports it (as Main finds it). */
  private static Throwable rootConfigException(Throwable t) {
    List<Throwable> causes = new ArrayList<>(List.of(t));
    if (t instanceof CreationException creation) {
      creation.getErrorMessages().forEach(m -> causes.add(m.getCause()));
    }
    for (Throwable cause : causes) {
      for (Throwable c = cause; c != null; c = c.getCause()) {
        if (c instanceof ConfigException) {
          return c;
        }
      }
    }
    return t;
  }

  @Test
  void unusableKeyFilesStopStartupWithAMessageNamingThem() throws IOException {
    Path pkcs1 = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    Path encrypted =
        Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

    assertThatThrownBy(() -> start("--tls-cert", serverCert.toString(), "--tls-key", pkcs1.toString()))
        .extracting(TlsTest::rootConfigException)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(pkcs1.toString()).contains("openssl pkcs8 -topk8 -nocrypt"));
    assertThatThrownBy(() -> start("--tls-cert", serverCert.toString(), "--tls-key", encrypted.toString()))
        .extracting(TlsTest::rootConfigException)
        .satisfies(e -> assertThat(e.getMessage()).contains("is encrypted"));
    assertThatThrownBy(() -> start("--tls-cert", garbage.toString(), "--tls-key", serverKey.toString()))
        .extracting(TlsTest::rootConfigException)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).startsWith("cannot use the TLS files").contains(garbage.toString()));
    assertThatThrownBy(
            () ->
                start("--tls-cert", serverCert.toString(), "--tls-key", serverKey.toString(),
                    "--tls-client-ca", garbage.toString()))
        .extracting(TlsTest::rootConfigException)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("--tls-client-ca " + garbage));
  }
}
