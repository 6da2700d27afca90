package org.siproute.server.api;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.siproute.server.config.ConfigException;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of the network listener: the server certificate and key from PEM files, and with a client
 * CA, required client certificates (mTLS). Built, and so checked, when the server is wired: a
 * bad file stops startup with a message naming it instead of failing the first handshake. mTLS
 * only decides who may connect; what a caller may do still comes from its API key.
 */
public final class TransportSecurity {
  private static final Logger log = LoggerFactory.getLogger(TransportSecurity.class);

  private final Optional<SslContext> sslContext;

  private TransportSecurity(Optional<SslContext> sslContext) {
    this.sslContext = sslContext;
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
      return new TransportSecurity(Optional.empty());
    }
    Path cert = security.tlsCert().orElseThrow();
    Path key = security.tlsKey().orElseThrow();
    checkKeyFormat(key);
    SslContext context;
    try {
      SslContextBuilder builder = GrpcSslContexts.forServer(cert.toFile(), key.toFile());
      if (security.tlsClientCa().isPresent()) {
        builder.trustManager(security.tlsClientCa().get().toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      context = builder.build();
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "cannot use the TLS files (--tls-cert " + cert + ", --tls-key " + key
              + security.tlsClientCa().map(ca -> ", --tls-client-ca " + ca).orElse("") + "): " + rootMessage(e));
    }
    log.info("TLS on{}", security.mutualTls() ? ", client certificates required (mTLS)" : "");
    return new TransportSecurity(Optional.of(context));
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
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
