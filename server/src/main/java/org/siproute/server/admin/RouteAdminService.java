package org.siproute.server.admin;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.ListApiKeysRequest;
import org.siproute.proto.v1.ListApiKeysResponse;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListAuditEventsResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListProviderStatusRequest;
import org.siproute.proto.v1.ListProviderStatusResponse;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListProvidersResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRatesResponse;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.ListRoutesResponse;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.auth.ApiKeyService;
import org.siproute.server.auth.AuditLog;
import org.siproute.server.error.Rpcs;
import org.siproute.server.error.StatusMapper;
import org.siproute.server.quality.ProviderStatuses;

/** The RouteAdmin gRPC service: each method hands the request to {@link AdminService}. */
public final class RouteAdminService extends RouteAdminGrpc.RouteAdminImplBase {
  private final AdminService admin;
  private final ApiKeyService apiKeys;
  private final AuditLog auditLog;
  private final ProviderStatuses providerStatuses;

  @Inject
  RouteAdminService(
      AdminService admin, ApiKeyService apiKeys, AuditLog auditLog, ProviderStatuses providerStatuses) {
    this.admin = admin;
    this.apiKeys = apiKeys;
    this.auditLog = auditLog;
    this.providerStatuses = providerStatuses;
  }

  @Override
  public void createProvider(CreateProviderRequest request, StreamObserver<Provider> out) {
    Rpcs.unary(out, () -> admin.createProvider(request));
  }

  @Override
  public void getProvider(GetProviderRequest request, StreamObserver<Provider> out) {
    Rpcs.unary(out, () -> admin.getProvider(request));
  }

  @Override
  public void listProviders(ListProvidersRequest request, StreamObserver<ListProvidersResponse> out) {
    Rpcs.unary(out, () -> admin.listProviders(request));
  }

  @Override
  public void updateProvider(UpdateProviderRequest request, StreamObserver<Provider> out) {
    Rpcs.unary(out, () -> admin.updateProvider(request));
  }

  @Override
  public void deleteProvider(DeleteProviderRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      admin.deleteProvider(request);
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void createRoute(CreateRouteRequest request, StreamObserver<Route> out) {
    Rpcs.unary(out, () -> admin.createRoute(request));
  }

  @Override
  public void getRoute(GetRouteRequest request, StreamObserver<Route> out) {
    Rpcs.unary(out, () -> admin.getRoute(request));
  }

  @Override
  public void listRoutes(ListRoutesRequest request, StreamObserver<ListRoutesResponse> out) {
    Rpcs.unary(out, () -> admin.listRoutes(request));
  }

  @Override
  public void updateRoute(UpdateRouteRequest request, StreamObserver<Route> out) {
    Rpcs.unary(out, () -> admin.updateRoute(request));
  }

  @Override
  public void deleteRoute(DeleteRouteRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      admin.deleteRoute(request);
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public StreamObserver<ImportRatesRequest> importRates(StreamObserver<ImportRatesResponse> out) {
    RateImport rateImport = admin.startRateImport();
    return new StreamObserver<>() {
      private boolean refused;

      @Override
      public void onNext(ImportRatesRequest message) {
        if (refused) {
          return;
        }
        try {
          rateImport.accept(message);
        } catch (RuntimeException e) {
          refused = true;
          rateImport.abort();
          out.onError(StatusMapper.toStatus(e));
        }
      }

      @Override
      public void onError(Throwable cancelled) {
        rateImport.abort();
      }

      @Override
      public void onCompleted() {
        if (!refused) {
          Rpcs.unary(out, rateImport::finish);
        }
      }
    };
  }

  @Override
  public void listRates(ListRatesRequest request, StreamObserver<ListRatesResponse> out) {
    Rpcs.unary(out, () -> admin.listRates(request));
  }

  @Override
  public void getRoutingPolicy(GetRoutingPolicyRequest request, StreamObserver<RoutingPolicy> out) {
    Rpcs.unary(out, () -> admin.getRoutingPolicy(request));
  }

  @Override
  public void updateRoutingPolicy(UpdateRoutingPolicyRequest request, StreamObserver<RoutingPolicy> out) {
    Rpcs.unary(out, () -> admin.updateRoutingPolicy(request));
  }

  @Override
  public void deleteRoutingPolicy(DeleteRoutingPolicyRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      admin.deleteRoutingPolicy(request);
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void createApiKey(CreateApiKeyRequest request, StreamObserver<CreateApiKeyResponse> out) {
    Rpcs.unary(out, () -> apiKeys.create(request));
  }

  @Override
  public void listApiKeys(ListApiKeysRequest request, StreamObserver<ListApiKeysResponse> out) {
    Rpcs.unary(out, () -> apiKeys.list(request));
  }

  @Override
  public void deleteApiKey(DeleteApiKeyRequest request, StreamObserver<Empty> out) {
    Rpcs.unary(out, () -> {
      apiKeys.delete(request);
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void listAuditEvents(ListAuditEventsRequest request, StreamObserver<ListAuditEventsResponse> out) {
    Rpcs.unary(out, () -> auditLog.list(request));
  }

  // ---- Provider status (quality feedback) ----

  @Override
  public void getProviderStatus(GetProviderStatusRequest request, StreamObserver<ProviderStatus> out) {
    Rpcs.unary(out, () -> providerStatuses.get(request));
  }

  @Override
  public void listProviderStatus(ListProviderStatusRequest request, StreamObserver<ListProviderStatusResponse> out) {
    Rpcs.unary(out, () -> providerStatuses.list(request));
  }
}
