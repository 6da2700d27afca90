package org.siproute.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectResponse;

/** Answers written through the per-thread buffer are protobuf's own bytes, whatever their size. */
class ProtoResponsesTest {
  private static final MethodDescriptor.Marshaller<SelectResponse> MARSHALLER =
      ProtoResponses.writtenThroughScratch(RouteSelectGrpc.getSelectMethod().getResponseMarshaller());

  private static SelectResponse answer(int attempts, int nameLength) {
    SelectResponse.Builder out = SelectResponse.newBuilder().setDestination("4930123456").setDestinationRegion("DE");
    for (int i = 0; i < attempts; i++) {
      out.addAttempts(
          Attempt.newBuilder()
              .setIndex(i)
              .setProviderId("p" + i)
              .setProviderName("ü".repeat(nameLength))
              .setSipUri("sip:+4930123456@gw" + i + ".example.net")
              .putHeaders("X-Account", "a" + i)
              .setPriceMicros(12_345L * i));
    }
    return out.build();
  }

  private static byte[] drained(SelectResponse message) throws Exception {
    InputStream stream = MARSHALLER.stream(message);
    assertThat(stream).isInstanceOf(Drainable.class).isInstanceOf(KnownLength.class);
    assertThat(stream.available()).isEqualTo(message.getSerializedSize());
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    int written = ((Drainable) stream).drainTo(target);
    assertThat(written).isEqualTo(target.size());
    assertThat(stream.available()).isZero();
    return target.toByteArray();
  }

  @Test
  void aSmallAnswerIsWrittenAsProtobufWritesIt() throws Exception {
    SelectResponse small = answer(2, 3);
    assertThat(drained(small)).isEqualTo(small.toByteArray());
    // and again on the same thread: the buffer is reused, not appended to
    SelectResponse other = answer(1, 1);
    assertThat(drained(other)).isEqualTo(other.toByteArray());
  }

  @Test
  void anAnswerLargerThanTheBufferIsWrittenWhole() throws Exception {
    SelectResponse large = answer(40, 400);
    assertThat(large.getSerializedSize()).isGreaterThan(ProtoResponses.SCRATCH_BYTES);
    assertThat(drained(large)).isEqualTo(large.toByteArray());
  }

  @Test
  void readAsAStreamItParsesBackToTheSameMessage() throws Exception {
    SelectResponse message = answer(3, 5);
    assertThat(MARSHALLER.parse(MARSHALLER.stream(message))).isEqualTo(message);
    assertThat(MARSHALLER.stream(message).readAllBytes()).isEqualTo(message.toByteArray());
  }

  @Test
  void anEmptyMessageDrainsToNothing() throws Exception {
    assertThat(drained(SelectResponse.getDefaultInstance())).isEmpty();
  }

  @Test
  void aMarshallerThatIsNotProtobufsIsLeftAsItIs() {
    MethodDescriptor.Marshaller<String> plain =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(String value) {
            return InputStream.nullInputStream();
          }

          @Override
          public String parse(InputStream stream) {
            return "";
          }
        };
    assertThat(ProtoResponses.writtenThroughScratch(plain)).isSameAs(plain);
  }

  @Test
  void theWrappedMarshallerStillNamesItsMessageType() {
    MethodDescriptor.PrototypeMarshaller<SelectResponse> wrapped =
        (MethodDescriptor.PrototypeMarshaller<SelectResponse>) MARSHALLER;
    assertThat(wrapped.getMessagePrototype()).isSameAs(SelectResponse.getDefaultInstance());
    assertThat(wrapped.getMessageClass()).isEqualTo(SelectResponse.class);
  }
}
