package org.siproute.client;

import io.grpc.CallCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Sends a siproute API key with every call, as {@code authorization: Bearer <key>}.
 *
 * <pre>{@code
 * RouteSelectGrpc.newBlockingStub(channel).withCallCredentials(ApiKeyCredentials.of(key));
 * // or for every stub on a channel:
 * Channel keyed = ClientInterceptors.intercept(channel, ApiKeyCredentials.interceptor(key));
 * }</pre>
 *
 * The key is a secret: use a TLS channel whenever the server is not on the same host, and keep
 * the key out of logs and command lines (read it from the environment or a file).
 */
public final class ApiKeyCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Metadata headers;

  private ApiKeyCredentials(String apiKey) {
    this.headers = bearer(apiKey);
  }

  public static ApiKeyCredentials of(String apiKey) {
    return new ApiKeyCredentials(apiKey);
  }

  /** The same header as a channel interceptor, for every stub on an intercepted channel. */
  public static ClientInterceptor interceptor(String apiKey) {
    return MetadataUtils.newAttachHeadersInterceptor(bearer(apiKey));
  }

  private static Metadata bearer(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("the API key is empty");
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + apiKey.trim());
    return headers;
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    Metadata copy = new Metadata();
    copy.merge(headers);
    applier.apply(copy);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "ApiKeyCredentials[***]";
  }
}
