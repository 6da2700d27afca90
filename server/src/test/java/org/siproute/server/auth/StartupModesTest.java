package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.RpcProbe.admitted;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.testing.RpcProbe;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** --insecure-no-auth switches authentication off, loudly; --demo never does. */
class StartupModesTest {
  /** Runs {@code start} and returns what it logged (slf4j-simple writes to System.err). */
  private static <T> T capturingLog(StringBuilder log, Supplier<T> start) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return start.get();
    } finally {
      System.setErr(original);
      log.append(captured.toString(StandardCharsets.UTF_8));
      original.print(log);
    }
  }

  @Test
  void insecureNoAuthLetsEveryoneInAsAnonymousAdminAndSaysSoLoudly() {
    StringBuilder log = new StringBuilder();
    try (TestServer server =
        capturingLog(log, () -> TestServer.builder().flags("--insecure-no-auth").noAdminKey().start())) {
      assertThat(log).contains("INSECURE: --insecure-no-auth is set. API keys are NOT checked");
      for (MethodDescriptor<?, ?> method : RpcProbe.methods(RouteAdminGrpc.getServiceDescriptor())) {
        assertThat(admitted(RpcProbe.call(server.anonymousChannel(), method))).as(method.getFullMethodName()).isTrue();
      }
      assertThat(admitted(RpcProbe.call(server.anonymousChannel(), RouteSelectGrpc.getSelectMethod()))).isTrue();
      RouteAdminGrpc.newBlockingStub(server.anonymousChannel())
          .createProvider(
              CreateProviderRequest.newBuilder()
                  .setProvider(Provider.newBuilder().setId("p1").setName("P1").setHostname("sip.p1.example"))
                  .build());
      assertThat(
              RouteAdminGrpc.newBlockingStub(server.anonymousChannel())
                  .listAuditEvents(ListAuditEventsRequest.getDefaultInstance())
                  .getAuditEvents(0)
                  .getActor())
          .isEqualTo(Principal.ANONYMOUS);
    }
  }

  @Test
  void demoWithoutAdminKeyMakesOneUpAndPrintsIt() {
    StringBuilder log = new StringBuilder();
    try (TestServer server = capturingLog(log, () -> TestServer.builder().flags("--demo").noAdminKey().start())) {
      Matcher printed = Pattern.compile("demo admin key: (sr_[A-Za-z0-9_-]{43})").matcher(log);
      assertThat(printed.find()).as(log.toString()).isTrue();
      String demoKey = printed.group(1);
      assertThat(server.injector().getInstance(BootstrapKey.class).demoSecret()).contains(demoKey);

      assertThat(RpcProbe.call(server.anonymousChannel(), RouteAdminGrpc.getListProvidersMethod()).getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(RpcProbe.call(server.channel(TestKeys.ADMIN_KEY), RouteAdminGrpc.getListProvidersMethod()).getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(server.admin(demoKey).listProviders(ListProvidersRequest.getDefaultInstance())).isNotNull();
    }
  }

  @Test
  void demoWithAnAdminKeyUsesThatKeyAndPrintsNoSecret() {
    StringBuilder log = new StringBuilder();
    try (TestServer server = capturingLog(log, () -> TestServer.builder().flags("--demo", "--admin-key", TestKeys.ADMIN_KEY).noAdminKey().start())) {
      assertThat(log).doesNotContain("demo admin key").doesNotContain(TestKeys.ADMIN_KEY);
      assertThat(server.injector().getInstance(BootstrapKey.class).demoSecret()).isEmpty();
      assertThat(server.admin().listProviders(ListProvidersRequest.getDefaultInstance())).isNotNull();
    }
  }

  @Test
  void withoutAnyAdminKeyOnlyStoredKeysAreAccepted() {
    try (TestServer server = TestServer.builder().flags().noAdminKey().start()) {
      assertThat(RpcProbe.call(server.channel(TestKeys.ADMIN_KEY), RouteAdminGrpc.getListProvidersMethod()).getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(RpcProbe.call(server.anonymousChannel(), RouteAdminGrpc.getListProvidersMethod()).getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }
}
