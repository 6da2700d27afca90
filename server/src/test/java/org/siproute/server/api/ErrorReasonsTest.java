package org.siproute.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.errorInfo;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.Refusals.violatedFields;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.ErrorReason;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * Every refusal carries a google.rpc.ErrorInfo (domain "siproute") whose reason tells the
 * refusals apart that share a status: here one test per kind a client can provoke through the
 * real server. The database's own refusals (DATABASE_UNAVAILABLE, INTERNAL), OVERLOADED and
 * a Dial stream's idle DEADLINE_EXCEEDED are asserted where those are provoked
 * (DatabaseOutageTest, InternalErrorTest, DialStreamLimitTest, DialStreamTest); every test
 * that expects a refusal checks its ErrorInfo (Refusals.refused).
 */
@OnEachDatabase
class ErrorReasonsTest extends ServerPerClass {

  @Test
  void badFieldIsInvalidArgumentWithBadRequestBesideTheReason() {
    StatusRuntimeException e =
        refused(
            Status.Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT",
            () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(Provider.newBuilder().setId("x").setHostname("h.example")).build()));
    assertThat(violatedFields(e)).contains("provider.name");
  }

  @Test
  void missingResourceIsNotFoundNamingItsType() {
    StatusRuntimeException provider =
        refused(Status.Code.NOT_FOUND, "NOT_FOUND", () -> admin.getProvider(GetProviderRequest.newBuilder().setId(uniqueId("gone")).build()));
    StatusRuntimeException route =
        refused(Status.Code.NOT_FOUND, "NOT_FOUND", () -> admin.getRoute(GetRouteRequest.newBuilder().setId(uniqueId("gone")).build()));

    assertThat(errorInfo(provider).getMetadataMap()).containsEntry("resource_type", "provider");
    assertThat(errorInfo(route).getMetadataMap()).containsEntry("resource_type", "route");
  }

  @Test
  void takenIdIsAlreadyExists() {
    Provider p = createProvider(admin);
    refused(
        Status.Code.ALREADY_EXISTS,
        "ALREADY_EXISTS",
        () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(p.toBuilder().clearEtag()).build()));
  }

  @Test
  void providerWithRoutesIsProviderInUseCountingThem() {
    Provider p = createProvider(admin);
    createRoute(admin, route("", "4930", p.getId()));
    createRoute(admin, route(uniqueId("cust"), "49", p.getId()));

    StatusRuntimeException e =
        refused(
            Status.Code.FAILED_PRECONDITION,
            "PROVIDER_IN_USE",
            () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(p.getId()).build()));

    assertThat(errorInfo(e).getMetadataMap()).containsEntry("routes", "2");
  }

  @Test
  void outdatedEtagIsStaleEtag() {
    Provider p = createProvider(admin);
    admin.updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(p.toBuilder().setName("renamed"))
            .setUpdateMask(FieldMask.newBuilder().addPaths("name"))
            .build());

    refused(
        Status.Code.ABORTED,
        "STALE_ETAG",
        () ->
            admin.updateProvider(
                UpdateProviderRequest.newBuilder()
                    .setProvider(p.toBuilder().setName("lost update"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("name"))
                    .build()));
    Route r = createRoute(admin, route("", "4930", p.getId()));
    refused(
        Status.Code.ABORTED,
        "STALE_ETAG",
        () -> admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(r.getId()).setEtag("999").build()));
  }

  @Test
  void keylessCallIsApiKeyMissingAndUnknownKeyIsApiKeyInvalid() {
    refused(
        Status.Code.UNAUTHENTICATED,
        "API_KEY_MISSING",
        () -> RouteAdminGrpc.newBlockingStub(server.anonymousChannel()).listProviders(ListProvidersRequest.getDefaultInstance()));
    refused(
        Status.Code.UNAUTHENTICATED,
        "API_KEY_INVALID",
        () -> server.admin("sr_" + "x".repeat(43)).listProviders(ListProvidersRequest.getDefaultInstance()));
  }

  @Test
  void roleThatMayNotCallIsPermissionDenied() {
    String router = server.createKey(Role.ROUTER, "");
    refused(
        Status.Code.PERMISSION_DENIED,
        "PERMISSION_DENIED",
        () -> server.admin(router).listProviders(ListProvidersRequest.getDefaultInstance()));
    String customer = uniqueId("cust");
    String customerKey = server.createKey(Role.CUSTOMER, customer);
    Provider p = createProvider(admin);
    Route other = createRoute(admin, route(uniqueId("other"), "4930", p.getId()));
    refused(
        Status.Code.PERMISSION_DENIED,
        "PERMISSION_DENIED",
        () -> server.admin(customerKey).getRoute(GetRouteRequest.newBuilder().setId(other.getId()).build()));
  }

  /**
   * A lost race (CONFLICT) and a stale etag (STALE_ETAG) share ABORTED and are told apart by
   * their reason alone; a race cannot be provoked on demand, so this checks the mapping the
   * races go through. Every refusal code has its own reason, a documented ErrorReason value.
   */
  @Test
  void everyRefusalCodeHasADocumentedReason() {
    for (ErrorCode code : ErrorCode.values()) {
      StatusRuntimeException e = StatusMapper.toStatus(new ServiceException(code, "refused"));
      String reason = errorInfo(e).getReason();
      assertThat(ErrorReason.valueOf(reason)).as("reason of %s", code).isNotEqualTo(ErrorReason.ERROR_REASON_UNSPECIFIED);
    }
    StatusRuntimeException conflict = StatusMapper.toStatus(new ServiceException(ErrorCode.CONFLICT, "raced"));
    StatusRuntimeException stale = StatusMapper.toStatus(new ServiceException(ErrorCode.STALE_ETAG, "stale"));
    assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(errorInfo(conflict).getReason()).isEqualTo("CONFLICT");
    assertThat(errorInfo(stale).getReason()).isEqualTo("STALE_ETAG");
  }
}
