package org.siproute.server.testing;

import io.grpc.CallCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.Executor;

/**
 * API keys in tests. Test servers accept {@link #ADMIN_KEY} as their bootstrap ADMIN key; a
 * harness adopts authentication with two small edits: {@code config.withAdminKey(
 * TestKeys.ADMIN_KEY)} for the server, and {@code .intercept(TestKeys.adminInterceptor())} on
 * its channel builder (or {@code stub.withCallCredentials(TestKeys.admin())} per stub).
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

  public static ClientInterceptor adminInterceptor() {
    return interceptor(ADMIN_KEY);
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
