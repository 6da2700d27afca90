package org.siproute.server.api;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.siproute.server.config.ConfigException;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.lifecycle.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of the network listener: the server certificate and key from PEM files, and with a client
 * CA, required client certificates (mTLS). Built, and so checked, when the server is wired: a
 * bad file stops startup with a message naming it instead of failing the first handshake. mTLS
 * only decides who may connect; what a caller may do still comes from its API key.
 *
 * <p>Certificates are renewed while the service runs (ACME, an internal CA), so the files are
 * checked every {@code --tls-reload-interval} and, when one changed, loaded again: new
 * connections get the new certificate, open ones keep theirs. A change that does not load (a
 * half-written file, a key that does not match) is logged and the previous files stay in use;
 * an operator replacing a certificate never takes the service down by it.
 */
public final class TransportSecurity implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(TransportSecurity.class);

  private final Optional<SslContext> sslContext;
  private final Optional<Reloading> reloading;
  private ScheduledExecutorService watcher;

  private TransportSecurity(Optional<SslContext> sslContext, Optional<Reloading> reloading) {
    this.sslContext = sslContext;
    this.reloading = reloading;
  }

  /** The server's TLS context, or empty for plaintext. */
  public Optional<SslContext> sslContext() {
    return sslContext;
  }

  public static TransportSecurity fromConfig(ServerConfig config) {
    SecurityConfig security = config.security();
    if (!security.tlsEnabled()) {
      if (config.inProcessName().isEmpty() && !isLoopback(config.host())) {
        log.warn("serving plaintext gRPC on {}: API keys cross the network readable; set --tls-cert and --tls-key",
            config.host());
      }
      return new TransportSecurity(Optional.empty(), Optional.empty());
    }
    Path cert = security.tlsCert().orElseThrow();
    Path key = security.tlsKey().orElseThrow();
    Optional<Path> clientCa = security.tlsClientCa();
    checkKeyFormat(key);
    Reloading reloading;
    SslContext context;
    try {
      reloading = new Reloading(cert, key, clientCa, security.tlsReloadInterval());
      reloading.load();
      SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(reloading.keys));
      if (reloading.trust != null) {
        builder.trustManager(reloading.trust).clientAuth(ClientAuth.REQUIRE);
      }
      context = builder.build();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new ConfigException(
          "cannot use the TLS files (--tls-cert " + cert + ", --tls-key " + key
              + clientCa.map(ca -> ", --tls-client-ca " + ca).orElse("") + "): " + rootMessage(e));
    }
    log.info("TLS on{}; its files are checked for changes every {}",
        security.mutualTls() ? ", client certificates required (mTLS)" : "", security.tlsReloadInterval());
    return new TransportSecurity(Optional.of(context), Optional.of(reloading));
  }

  @Override
  public synchronized void start() {
    if (reloading.isEmpty() || watcher != null) {
      return;
    }
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tls-reload");
              t.setDaemon(true);
              return t;
            });
    long every = reloading.get().interval.toMillis();
    watcher.scheduleWithFixedDelay(reloading.get()::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  /** The key and trust managers the TLS context uses, and the files they were loaded from. */
  private static final class Reloading {
    private final Path cert;
    private final Path key;
    private final Optional<Path> clientCa;
    private final Duration interval;
    private final AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trust;
    /** What the files looked like when last loaded, or tried: a failed change is not retried until it changes again. */
    private List<Object> seen;

    Reloading(Path cert, Path key, Optional<Path> clientCa, Duration interval) throws GeneralSecurityException {
      this.cert = cert;
      this.key = key;
      this.clientCa = clientCa;
      this.interval = interval;
      this.trust =
          clientCa.isPresent()
              ? AdvancedTlsX509TrustManager.newBuilder()
                  // Client certificates name no host to check: the chain to the client CA is the check.
                  .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                  .build()
              : null;
    }

    void load() throws IOException, GeneralSecurityException {
      List<Object> now = fingerprint();
      keys.updateIdentityCredentials(cert.toFile(), key.toFile());
      if (trust != null) {
        trust.updateTrustCredentials(clientCa.orElseThrow().toFile());
      }
      seen = now;
    }

    void reloadIfChanged() {
      List<Object> now;
      try {
        now = fingerprint();
      } catch (IOException e) {
        log.warn("TLS files cannot be read, the loaded ones stay in use: {}", rootMessage(e));
        return;
      }
      if (now.equals(seen)) {
        return;
      }
      try {
        checkKeyFormat(key);
        load();
        log.info("TLS files changed and were loaded: new connections use them (--tls-cert {}, --tls-key {}{})",
            cert, key, clientCa.map(ca -> ", --tls-client-ca " + ca).orElse(""));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        // Kept: most often a renewal caught half-way (the certificate written, the key not yet);
        // the next change is tried again.
        seen = now;
        log.warn("TLS files changed but cannot be used, the previous ones stay in use: {}", rootMessage(e));
      }
    }

    /** Modification time and size of each file: what changes when one is replaced or rewritten. */
    private List<Object> fingerprint() throws IOException {
      List<Path> files = clientCa.isPresent() ? List.of(cert, key, clientCa.get()) : List.of(cert, key);
      Object[] parts = new Object[files.size() * 2];
      for (int i = 0; i < files.size(); i++) {
        BasicFileAttributes a = Files.readAttributes(files.get(i), BasicFileAttributes.class);
        parts[2 * i] = a.lastModifiedTime();
        parts[2 * i + 1] = a.size();
      }
      return List.of(parts);
    }
  }

  /**
   * The JDK reads only unencrypted PKCS#8 keys; say how to convert the common other forms
   * rather than fail later with an obscure parse error.
   */
  private static void checkKeyFormat(Path key) {
    String pem;
    try {
      pem = Files.readString(key, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("--tls-key " + key + " cannot be read as a PEM file");
    }
    if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new ConfigException("--tls-key " + key + " is encrypted; give an unencrypted PKCS#8 key"
          + " (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem) and protect the file instead");
    }
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
      throw new ConfigException("--tls-key " + key + " is a PKCS#1/SEC1 key; convert it to PKCS#8 with:"
          + " openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
    }
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new ConfigException("--tls-key " + key + " holds no PEM private key ('-----BEGIN PRIVATE KEY-----')");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
  }
}
