package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestServer;

/**
 * The start-up warm-up's key: a ROUTER key while the warm-up runs (it may ask for decisions,
 * never change or read configuration), and refused like any unknown key before and after.
 */
class WarmupKeyTest {
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void routesWhileOpenAndIsRefusedOnceClosed() {
    try (TestServer server = TestServer.start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      WarmupKey key = server.instance(WarmupKey.class);
      assertThat(key.isOpen()).isFalse();

      String secret = key.open();

      assertThat(server.select(secret).select(CALL).getAttemptsList()).extracting(a -> a.getProviderId()).containsExactly("alpha");
      assertThatThrownBy(() -> server.admin(secret).listProviders(ListProvidersRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));

      key.close();

      assertThatThrownBy(() -> server.select(secret).select(CALL))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }
}
