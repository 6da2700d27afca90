package org.siproute.server.api;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes response messages to the transport through a buffer each thread keeps, instead of the
 * buffer protobuf allocates for every message it writes to a stream (as large as the message,
 * up to 4 KiB): a Select answer is a few hundred bytes, and this is most of what the
 * transport's side of an answer allocates. The bytes written are the same as protobuf's own
 * ({@code ProtoResponsesTest}).
 */
final class ProtoResponses {
  /** Larger messages (explained answers, long lists) are written the usual way. */
  static final int SCRATCH_BYTES = 16 * 1024;

  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

  private ProtoResponses() {}

  /**
   * {@code marshaller}, writing its messages as described above; parsing is unchanged. A
   * marshaller that is not protobuf's is returned as it is.
   */
  static <T> MethodDescriptor.Marshaller<T> writtenThroughScratch(MethodDescriptor.Marshaller<T> marshaller) {
    if (!(marshaller instanceof MethodDescriptor.PrototypeMarshaller<T> proto)
        || !(proto.getMessagePrototype() instanceof MessageLite)) {
      return marshaller;
    }
    return new MethodDescriptor.PrototypeMarshaller<>() {
      @Override
      public InputStream stream(T value) {
        return new Serialized((MessageLite) value);
      }

      @Override
      public T parse(InputStream stream) {
        return proto.parse(stream);
      }

      @Override
      public T getMessagePrototype() {
        return proto.getMessagePrototype();
      }

      @Override
      public Class<T> getMessageClass() {
        return proto.getMessageClass();
      }
    };
  }

  /**
   * One message on its way out. The transport drains it into its own buffer ({@link
   * Drainable}); anything that reads it as a stream instead gets the message's bytes.
   */
  static final class Serialized extends InputStream implements Drainable, KnownLength {
    private MessageLite message;
    private ByteArrayInputStream bytes;

    Serialized(MessageLite message) {
      this.message = message;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      if (message == null) {
        return bytes == null ? 0 : (int) bytes.transferTo(target);
      }
      MessageLite out = message;
      message = null;
      int size = out.getSerializedSize();
      byte[] scratch = SCRATCH.get();
      if (size > scratch.length) {
        out.writeTo(target);
        return size;
      }
      CodedOutputStream coded = CodedOutputStream.newInstance(scratch, 0, size);
      out.writeTo(coded);
      coded.checkNoSpaceLeft();
      // Nothing else runs on this thread between the write above and this copy.
      target.write(scratch, 0, size);
      return size;
    }

    private ByteArrayInputStream bytes() {
      if (bytes == null) {
        bytes = new ByteArrayInputStream(message == null ? new byte[0] : message.toByteArray());
        message = null;
      }
      return bytes;
    }

    @Override
    public int read() {
      return bytes().read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return bytes().read(b, off, len);
    }

    @Override
    public int available() {
      return message != null ? message.getSerializedSize() : bytes == null ? 0 : bytes.available();
    }
  }
}
