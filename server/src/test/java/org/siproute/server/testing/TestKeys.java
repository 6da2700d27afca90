package org.siproute.server.testing;

import io.grpc.CallCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.Executor;

/**
 * API keys in tests. A {@link TestServer} accepts {@link #ADMIN_KEY} as its bootstrap ADMIN key;
 * a channel or stub of another server sends a key with {@link #interceptor} or {@link
 * #credentials}.
 */
public final class TestKeys {
  /** Bootstrap ADMIN key of test servers; 32+ characters like any configured admin key. */
  public static final String ADMIN_KEY = "test-bootstrap-admin-key-0123456789abcdef";

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private TestKeys() {}

  public static CallCredentials admin() {
    return credentials(ADMIN_KEY);
  }

  /** Sends {@code key} as "authorization: Bearer <key>" on calls of a stub. */
  public static CallCredentials credentials(String key) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        applier.apply(bearer(key));
      }
    };
  }

  /** Sends {@code key} as "authorization: Bearer <key>" on every call of a channel. */
  public static ClientInterceptor interceptor(String key) {
    return MetadataUtils.newAttachHeadersInterceptor(bearer(key));
  }

  private static Metadata bearer(String key) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + key);
    return headers;
  }
}
