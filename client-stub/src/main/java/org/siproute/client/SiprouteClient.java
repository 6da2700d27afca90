package org.siproute.client;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;

/**
 * A client of siproute for call services: routing decisions ({@link #select}) and the failover
 * loop of one call ({@link #dial}). Thread-safe; make one per process and share it.
 *
 * <pre>{@code
 * try (SiprouteClient client = SiprouteClient.forTarget("siproute.internal:50051")
 *     .apiKey(System.getenv("SIPROUTE_KEY")).build()) {
 *   try (DialSession call = client.dial("acme", "+4930123456", callId)) {
 *     for (Attempt a = call.first().orElse(null); a != null; ) {
 *       int code = mySipStack.invite(a.getSipUri(), a.getHeadersMap());
 *       a = call.report(code).orElse(null);
 *     }
 *   }
 * }
 * }</pre>
 */
public final class SiprouteClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final Duration deadline;
  private final RouteSelectGrpc.RouteSelectBlockingStub select;
  private final RouteSelectGrpc.RouteSelectStub selectAsync;
  private final RouteAdminGrpc.RouteAdminBlockingStub admin;
  private final RouteAdminGrpc.RouteAdminStub adminAsync;

  private SiprouteClient(Builder b, ManagedChannel channel, boolean ownsChannel) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.deadline = b.deadline;
    CallCredentials credentials = b.apiKey == null ? null : new BearerKey(b.apiKey);
    this.select = RouteSelectGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    this.selectAsync = RouteSelectGrpc.newStub(channel).withCallCredentials(credentials);
    this.admin = RouteAdminGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    this.adminAsync = RouteAdminGrpc.newStub(channel).withCallCredentials(credentials);
  }

  /** A builder for a client of the server at {@code target} ("host:port" or a gRPC target URI). */
  public static Builder forTarget(String target) {
    return new Builder(Objects.requireNonNull(target, "target"), null);
  }

  /** A builder over a channel the caller owns (e.g. in-process in tests); close() leaves it open. */
  public static Builder forChannel(ManagedChannel channel) {
    return new Builder(null, Objects.requireNonNull(channel, "channel"));
  }

  /**
   * The ordered plan for a call, all at once. Retried on UNAVAILABLE (it changes nothing).
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a bad number or customer id,
   *     UNAUTHENTICATED / PERMISSION_DENIED for a bad key, DEADLINE_EXCEEDED past the deadline
   */
  public SelectResponse select(SelectRequest request) {
    return select.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).select(request);
  }

  /** The plan for customer {@code customerId} calling {@code destination} now. */
  public SelectResponse select(String customerId, String destination) {
    return select(SelectRequest.newBuilder().setCustomerId(customerId).setDestination(destination).build());
  }

  /**
   * Opens the failover loop of one call: the session asks for the first provider at once.
   * Close it when the call is over (try-with-resources), which also releases the provider's
   * call slot on the server.
   */
  public DialSession dial(SelectRequest request, String callId) {
    return DialSession.open(selectAsync, request, callId, deadline);
  }

  /** {@link #dial(SelectRequest, String)} for customer {@code customerId} calling now. */
  public DialSession dial(String customerId, String destination, String callId) {
    return dial(SelectRequest.newBuilder().setCustomerId(customerId).setDestination(destination).build(), callId);
  }

  /** The generated admin stub, with this client's key and no deadline (set one per call). */
  public RouteAdminGrpc.RouteAdminBlockingStub admin() {
    return admin;
  }

  /** The generated asynchronous admin stub (for streaming rate imports), with this client's key. */
  public RouteAdminGrpc.RouteAdminStub adminAsync() {
    return adminAsync;
  }

  @Override
  public void close() {
    if (ownsChannel) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.shutdownNow();
      }
    }
  }

  /** Settings of a client. Defaults: plaintext, no key, 2 s deadline, 3 tries on UNAVAILABLE. */
  public static final class Builder {
    private final String target;
    private final ManagedChannel channel;
    private String apiKey;
    private Duration deadline = Duration.ofSeconds(2);
    private ChannelCredentials credentials = InsecureChannelCredentials.create();
    private int maxAttempts = 3;

    private Builder(String target, ManagedChannel channel) {
      this.target = target;
      this.channel = channel;
    }

    /** The API key sent as "authorization: Bearer &lt;key&gt;" on every call. */
    public Builder apiKey(String key) {
      this.apiKey = key == null || key.isEmpty() ? null : key;
      return this;
    }

    /** How long one call (or one step of a Dial session) may take. Default 2 s. */
    public Builder defaultDeadline(Duration deadline) {
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive");
      }
      this.deadline = deadline;
      return this;
    }

    /** TLS, trusting the system roots. */
    public Builder useTls() {
      this.credentials = TlsChannelCredentials.create();
      return this;
    }

    /** TLS trusting {@code caCertPem}; with a client certificate and key for mTLS when given. */
    public Builder useTls(File caCertPem, File clientCertPem, File clientKeyPem) {
      try {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(caCertPem);
        if (clientCertPem != null) {
          tls.keyManager(clientCertPem, clientKeyPem);
        }
        this.credentials = tls.build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read TLS files", e);
      }
      return this;
    }

    /** Tries of idempotent calls (Select) on UNAVAILABLE, 1 (no retry) to 5. Default 3. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 5) {
        throw new IllegalArgumentException("attempts must be 1 to 5");
      }
      this.maxAttempts = attempts;
      return this;
    }

    public SiprouteClient build() {
      if (channel != null) {
        return new SiprouteClient(this, channel, false);
      }
      ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials);
      if (maxAttempts > 1) {
        builder.defaultServiceConfig(retryConfig(maxAttempts)).enableRetry();
      }
      return new SiprouteClient(this, builder.build(), true);
    }
  }

  /** Retries Select on UNAVAILABLE with backoff; Dial and admin writes are never retried. */
  static Map<String, Object> retryConfig(int maxAttempts) {
    Map<String, Object> retry =
        Map.of(
            "maxAttempts", (double) maxAttempts,
            "initialBackoff", "0.05s",
            "maxBackoff", "0.5s",
            "backoffMultiplier", 2.0,
            "retryableStatusCodes", List.of("UNAVAILABLE"));
    Map<String, Object> selectMethod =
        Map.of(
            "name", List.of(Map.of("service", "siproute.v1.RouteSelect", "method", "Select")),
            "retryPolicy", retry);
    return Map.of("methodConfig", List.of(selectMethod));
  }

  /** Sends the API key as a bearer token. */
  private static final class BearerKey extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String header;

    BearerKey(String key) {
      this.header = "Bearer " + key;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, header);
      applier.apply(headers);
    }
  }
}
