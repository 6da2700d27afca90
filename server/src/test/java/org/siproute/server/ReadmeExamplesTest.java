package org.siproute.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.testing.OneReply;
import org.siproute.server.testing.TestServer;

/**
 * Keeps README.md honest: its grpcurl requests are sent, in order, to a --demo server (the
 * JSON parsed as strictly as grpcurl parses it) and CI runs the test command it gives. Its
 * configuration table is checked by {@code config.ReadmeConfigurationTableTest}.
 */
class ReadmeExamplesTest {
  private static final Pattern CALL =
      Pattern.compile("grpcurl -plaintext (?:-H \"[^\"]*\" )?-d '([^']*)'\\s*(?:\\\\\\s*)?127\\.0\\.0\\.1:50051 ([\\w.]+)/(\\w+)");
  private static final Pattern DESCRIBE = Pattern.compile("grpcurl -plaintext 127\\.0\\.0\\.1:50051 describe ([\\w.]+)");
  private static final Pattern EXPECTED_REFUSAL = Pattern.compile("# Refused with ([A-Z_]+)");
  private static final Map<String, ServiceDescriptor> SERVICES =
      Map.of(
          "siproute.v1.RouteAdmin", RouteAdminGrpc.getServiceDescriptor(),
          "siproute.v1.RouteSelect", RouteSelectGrpc.getServiceDescriptor(),
          "grpc.health.v1.Health", HealthGrpc.getServiceDescriptor());

  private static Path repositoryFile(String name) {
    // Surefire runs in server/; the README lives one level up.
    Path file = Path.of("..", name);
    assertThat(file).as("%s at the top of the repository", name).exists();
    return file;
  }

  private static String readme() throws IOException {
    return Files.readString(repositoryFile("README.md"));
  }

  @Test
  void grpcurlRequestsWorkAgainstTheDemoData() throws Exception {
    String readme = readme();
    try (TestServer server = TestServer.builder().flags("--demo").start()) {
      Matcher m = CALL.matcher(readme);
      int previousEnd = 0;
      List<String> ran = new ArrayList<>();
      while (m.find()) {
        Matcher refusal = EXPECTED_REFUSAL.matcher(readme.substring(previousEnd, m.start()));
        Status.Code expected = refusal.find() ? Status.Code.valueOf(refusal.group(1)) : Status.Code.OK;
        previousEnd = m.end();
        String service = m.group(2);
        String method = m.group(3);
        Status.Code actual = call(server, service, method, m.group(1));
        assertThat(actual).as("README example %s/%s with %s", service, method, m.group(1)).isEqualTo(expected);
        ran.add(method);
      }
      assertThat(ran).contains("CreateProvider", "CreateRoute", "UpdateProvider", "ImportRates", "Select", "Check");
    }
  }

  @Test
  void describedSymbolsAreKnownToReflection() throws Exception {
    Matcher m = DESCRIBE.matcher(readme());
    try (TestServer server = TestServer.start()) {
      int described = 0;
      while (m.find()) {
        ServerReflectionResponse answer =
            reflect(server, ServerReflectionRequest.newBuilder().setFileContainingSymbol(m.group(1)).build());
        assertThat(answer.hasErrorResponse()).as("reflection of %s: %s", m.group(1), answer.getErrorResponse()).isFalse();
        described++;
      }
      assertThat(described).isPositive();
    }
  }

  @Test
  void ciRunsTheReadmesTestCommandWithMariaDb() throws Exception {
    assertThat(readme())
        .contains("mvn -B -q package -DskipTests && java -jar server/target/siproute-server.jar --demo")
        .contains("\nmvn -B verify\n");
    assertThat(Files.readString(repositoryFile(".ci/run")))
        .contains("mvn -B verify -Dsiproute.mysql.url='jdbc:mysql://127.0.0.1:3306/?user=root'");
  }

  @SuppressWarnings("unchecked")
  private static Status.Code call(TestServer server, String service, String method, String json) throws Exception {
    ServiceDescriptor descriptor = SERVICES.get(service);
    assertThat(descriptor).as("service %s", service).isNotNull();
    MethodDescriptor<Message, Message> rpc =
        (MethodDescriptor<Message, Message>)
            descriptor.getMethods().stream()
                .filter(md -> md.getFullMethodName().equals(service + "/" + method))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rpc " + service + "/" + method));
    Message prototype =
        (Message) ((MethodDescriptor.PrototypeMarshaller<?>) rpc.getRequestMarshaller()).getMessagePrototype();
    Message.Builder request = prototype.newBuilderForType();
    JsonFormat.parser().merge(json, request); // throws on unknown fields, like grpcurl
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
    try {
      switch (rpc.getType()) {
        case UNARY -> ClientCalls.blockingUnaryCall(server.channel(), rpc, options, request.build());
        case CLIENT_STREAMING -> {
          OneReply<Message> answer = new OneReply<>();
          StreamObserver<Message> requests =
              ClientCalls.asyncClientStreamingCall(server.channel().newCall(rpc, options), answer);
          requests.onNext(request.build());
          requests.onCompleted();
          answer.get();
        }
        default -> throw new AssertionError("README example for a " + rpc.getType() + " rpc");
      }
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static ServerReflectionResponse reflect(TestServer server, ServerReflectionRequest request) throws Exception {
    OneReply<ServerReflectionResponse> answer = new OneReply<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel()).serverReflectionInfo(answer);
    requests.onNext(request);
    requests.onCompleted();
    return answer.get();
  }
}
