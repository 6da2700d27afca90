package org.siproute.server.testing;

import io.grpc.CallCredentials;
import io.grpc.ClientInterceptor;
import org.siproute.client.ApiKeyCredentials;

/**
 * The API key test servers accept as their bootstrap ADMIN key. A test harness adopts
 * authentication with two small edits: {@code config.withAdminKey(TestKeys.ADMIN_KEY)} for the
 * server, and {@code .intercept(TestKeys.adminInterceptor())} on its channel builder (or
 * {@code stub.withCallCredentials(TestKeys.admin())} per stub).
 */
public final class TestKeys {
  /** Bootstrap ADMIN key of test servers; 32+ characters like any configured admin key. */
  public static final String ADMIN_KEY = "test-bootstrap-admin-key-0123456789abcdef";

  private TestKeys() {}

  public static CallCredentials admin() {
    return ApiKeyCredentials.of(ADMIN_KEY);
  }

  public static ClientInterceptor adminInterceptor() {
    return ApiKeyCredentials.interceptor(ADMIN_KEY);
  }
}
