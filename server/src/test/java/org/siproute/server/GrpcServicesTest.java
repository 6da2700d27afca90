package org.siproute.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** The standard services tools rely on: server reflection (grpcurl) and health checks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcServicesTest {
  private TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(TestDatabase.h2());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(server.channel())
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(request);
    requests.onCompleted();
    return answer.get(30, TimeUnit.SECONDS);
  }

  @Test
  void reflectionListsTheSiprouteServicesAndHealth() throws Exception {
    ServerReflectionResponse response = reflect(ServerReflectionRequest.newBuilder().setListServices("").build());

    List<String> services =
        response.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
    assertThat(services).contains("siproute.v1.RouteAdmin", "siproute.v1.RouteSelect", "grpc.health.v1.Health");
  }

  @Test
  void reflectionDescribesTheContract() throws Exception {
    ServerReflectionResponse response =
        reflect(ServerReflectionRequest.newBuilder().setFileContainingSymbol("siproute.v1.RouteAdmin").build());

    com.google.protobuf.DescriptorProtos.FileDescriptorProto file =
        com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(
            response.getFileDescriptorResponse().getFileDescriptorProto(0));
    assertThat(file.getPackage()).isEqualTo("siproute.v1");
    assertThat(file.getServiceList()).anySatisfy(s -> assertThat(s.getMethodList()).extracting(m -> m.getName())
        .contains("CreateProvider", "ListRoutes", "ImportRates", "UpdateRoutingPolicy"));
  }

  @Test
  void healthIsServingForTheServerAndEachService() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel());

    for (String service : List.of("", "siproute.v1.RouteAdmin", "siproute.v1.RouteSelect")) {
      assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
          .as("health of '%s'", service)
          .isEqualTo(ServingStatus.SERVING);
    }
  }
}
