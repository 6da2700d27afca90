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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siproute.server.testing.OneReply;
import org.siproute.server.testing.TestServer;

/**
 * The standard services tools rely on: server reflection v1 and v1alpha (grpcurl, buf curl,
 * Postman), with the error detail types in the served schema, and health checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcServicesTest {
  private TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
    OneReply<ServerReflectionResponse> answer = new OneReply<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel()).serverReflectionInfo(answer);
    requests.onNext(request);
    requests.onCompleted();
    return answer.get();
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

  /**
   * What a dynamic client (grpcurl) does: fetch the files of each service, then every file
   * they import, by name, and build real descriptors from them. Fails if any import is not
   * served or any type of any rpc does not resolve.
   */
  @Test
  void reflectionServesEveryFileTheContractNeedsImportsIncluded() throws Exception {
    java.util.Map<String, com.google.protobuf.DescriptorProtos.FileDescriptorProto> files = new java.util.LinkedHashMap<>();
    java.util.Deque<ServerReflectionRequest> pending = new java.util.ArrayDeque<>();
    for (String service : List.of("siproute.v1.RouteAdmin", "siproute.v1.RouteSelect", "grpc.health.v1.Health")) {
      pending.add(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
    }
    while (!pending.isEmpty()) {
      ServerReflectionResponse response = reflect(pending.poll());
      assertThat(response.hasErrorResponse()).as("reflection error: %s", response.getErrorResponse()).isFalse();
      for (com.google.protobuf.ByteString bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
        var file = com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(bytes);
        if (files.putIfAbsent(file.getName(), file) == null) {
          for (String dependency : file.getDependencyList()) {
            if (!files.containsKey(dependency)) {
              pending.add(ServerReflectionRequest.newBuilder().setFileByFilename(dependency).build());
            }
          }
        }
      }
    }
    java.util.Map<String, com.google.protobuf.Descriptors.FileDescriptor> built = new java.util.HashMap<>();
    for (String name : files.keySet()) {
      build(name, files, built);
    }
    int methods = 0;
    for (String service : List.of("siproute.v1.RouteAdmin", "siproute.v1.RouteSelect")) {
      com.google.protobuf.Descriptors.ServiceDescriptor descriptor =
          built.values().stream().map(f -> f.findServiceByName(service.substring("siproute.v1.".length())))
              .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
      for (var method : descriptor.getMethods()) {
        assertThat(method.getInputType().getFields()).as("%s input", method.getFullName()).isNotNull();
        assertThat(method.getOutputType().getFullName()).isNotEmpty();
        methods++;
      }
    }
    assertThat(methods).isEqualTo(
        org.siproute.proto.v1.RouteAdminGrpc.getServiceDescriptor().getMethods().size()
            + org.siproute.proto.v1.RouteSelectGrpc.getServiceDescriptor().getMethods().size());
    assertThat(files).containsKeys("google/protobuf/field_mask.proto", "google/protobuf/timestamp.proto");
    assertThat(files)
        .as("the types refusals carry in their details, reached from the services' files")
        .containsKeys("google/rpc/status.proto", "google/rpc/error_details.proto", "siproute/v1/errors.proto");
    assertThat(built.get("siproute/v1/errors.proto").findEnumTypeByName("ErrorReason").findValueByName("STALE_ETAG")).isNotNull();

    // What grpcurl or buf curl then do with a refusal: decode its details with those descriptors alone.
    io.grpc.StatusRuntimeException refusal =
        org.siproute.server.testing.Refusals.refused(
            io.grpc.Status.Code.NOT_FOUND,
            () -> server.admin().getProvider(org.siproute.proto.v1.GetProviderRequest.newBuilder().setId("nobody").build()));
    com.google.protobuf.Any detail = io.grpc.protobuf.StatusProto.fromThrowable(refusal).getDetails(0);
    String typeName = detail.getTypeUrl().substring(detail.getTypeUrl().lastIndexOf('/') + 1);
    com.google.protobuf.Descriptors.Descriptor type =
        built.values().stream()
            .flatMap(f -> f.getMessageTypes().stream())
            .filter(m -> m.getFullName().equals(typeName))
            .findFirst()
            .orElseThrow(() -> new AssertionError(typeName + " is not in the served schema"));
    var decoded = com.google.protobuf.DynamicMessage.parseFrom(type, detail.getValue());
    assertThat(decoded.getField(type.findFieldByName("reason"))).isEqualTo("NOT_FOUND");
    assertThat(decoded.getField(type.findFieldByName("domain"))).isEqualTo("siproute");
  }

  /** Older tools (grpcurl before 1.8.8, Postman, Evans, BloomRPC) speak reflection v1alpha only. */
  @Test
  void reflectionV1AlphaListsAndDescribesTheServicesWithTheErrorTypes() throws Exception {
    var answer = new OneReply<io.grpc.reflection.v1alpha.ServerReflectionResponse>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(server.channel()).serverReflectionInfo(answer);
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    List<String> services =
        answer.get().getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
    assertThat(services).contains("siproute.v1.RouteAdmin", "siproute.v1.RouteSelect", "grpc.health.v1.Health");

    // Symbols by name (grpc-java indexes services and messages; the enum comes by its file).
    List<io.grpc.reflection.v1alpha.ServerReflectionRequest> questions = new java.util.ArrayList<>();
    for (String symbol : List.of("siproute.v1.RouteSelect", "google.rpc.ErrorInfo", "google.rpc.BadRequest", "google.rpc.RetryInfo", "google.rpc.Status")) {
      questions.add(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
    }
    questions.add(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setFileByFilename("siproute/v1/errors.proto").build());
    for (var question : questions) {
      String symbol = question.toString().trim();
      var reply = new OneReply<io.grpc.reflection.v1alpha.ServerReflectionResponse>();
      StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> ask =
          io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(server.channel()).serverReflectionInfo(reply);
      ask.onNext(question);
      ask.onCompleted();
      var response = reply.get();
      assertThat(response.hasErrorResponse()).as("v1alpha reflection of %s: %s", symbol, response.getErrorResponse()).isFalse();
      assertThat(response.getFileDescriptorResponse().getFileDescriptorProtoCount()).as(symbol).isPositive();
    }
  }

  private static com.google.protobuf.Descriptors.FileDescriptor build(
      String name,
      java.util.Map<String, com.google.protobuf.DescriptorProtos.FileDescriptorProto> files,
      java.util.Map<String, com.google.protobuf.Descriptors.FileDescriptor> built) throws Exception {
    if (built.containsKey(name)) {
      return built.get(name);
    }
    var proto = files.get(name);
    assertThat(proto).as("reflection served %s", name).isNotNull();
    List<com.google.protobuf.Descriptors.FileDescriptor> dependencies = new java.util.ArrayList<>();
    for (String dependency : proto.getDependencyList()) {
      dependencies.add(build(dependency, files, built));
    }
    var descriptor = com.google.protobuf.Descriptors.FileDescriptor.buildFrom(
        proto, dependencies.toArray(new com.google.protobuf.Descriptors.FileDescriptor[0]));
    built.put(name, descriptor);
    return descriptor;
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
