package org.siproute.server.api;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.siproute.server.auth.Caller;
import org.siproute.server.auth.RequestIds;
import org.siproute.server.auth.RequestRecord;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.FieldViolation;
import org.siproute.server.domain.ServiceException;

/**
 * request_id (AIP-155) at the edge. A request that carries one is answered once: its answer is
 * stored with the work, in the work's transaction ({@link RequestIds}), and a retry with the
 * same id within 24 hours, on any instance, gets that answer and changes nothing. The same id
 * with another request (other fields, another rpc, another caller) is INVALID_ARGUMENT, reason
 * REQUEST_ID_REUSED. A validate_only request is never recorded: it does nothing to repeat.
 */
public final class Idempotency {
  static final String FIELD = "request_id";
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final RequestIds ids;

  @Inject
  Idempotency(RequestIds ids) {
    this.ids = ids;
  }

  /**
   * The answer to a unary {@code request} that may carry a request_id: the stored one for a
   * retry, else {@code core}'s result in wire form ({@code toWire}), whose stored form ({@code
   * stored}: what a retry gets) is recorded with the work.
   *
   * @param prototype the response type's default instance, to parse stored answers
   */
  <T, R extends Message> R once(
      Caller caller,
      String requestId,
      Message request,
      R prototype,
      Function<Caller, T> core,
      Function<T, R> toWire,
      UnaryOperator<R> stored) {
    if (requestId.isEmpty() || caller.validateOnly()) {
      return toWire.apply(core.apply(caller));
    }
    String id = checkedId(requestId);
    String fingerprint = fingerprint(caller).add(request).hex();
    Optional<R> earlier = earlierAnswer(id, fingerprint, prototype);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    try {
      return toWire.apply(core.apply(caller.recording(record(id, () -> fingerprint, toWire, stored))));
    } catch (RuntimeException refused) {
      Optional<R> raced = racedAnswer(id, fingerprint, prototype);
      if (raced.isPresent()) {
        return raced.get();
      }
      throw refused;
    }
  }

  /** What a write stores under {@code id}: the stored form of its result's wire form. */
  static <T, R extends Message> RequestRecord record(
      String id, java.util.function.Supplier<String> fingerprint, Function<T, R> toWire, UnaryOperator<R> stored) {
    return new RequestRecord(
        id,
        fingerprint,
        result -> {
          @SuppressWarnings("unchecked")
          T value = (T) result;
          return stored.apply(toWire.apply(value)).toByteArray();
        });
  }

  /**
   * When work with a request_id was refused: the answer a concurrent call with the same id and
   * request stored meanwhile (it won the race to the id, and this call's work was rolled back),
   * if there is one; the caller then answers with it instead of the refusal.
   */
  <R extends Message> Optional<R> racedAnswer(String id, String fingerprint, R prototype) {
    try {
      return earlierAnswer(id, fingerprint, prototype);
    } catch (RuntimeException lookup) {
      return Optional.empty();
    }
  }

  /** Whether {@code id} has a stored answer (of whatever request). */
  boolean answered(String id) {
    return ids.find(id).isPresent();
  }

  /** The stored answer of {@code id} if its request was this one; REQUEST_ID_REUSED if another. */
  <R extends Message> Optional<R> earlierAnswer(String id, String fingerprint, R prototype) {
    Optional<RequestIds.Answer> stored = ids.find(id);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    if (!stored.get().fingerprint().equals(fingerprint)) {
      throw reused(id);
    }
    try {
      @SuppressWarnings("unchecked")
      R answer = (R) prototype.getParserForType().parseFrom(stored.get().bytes());
      return Optional.of(answer);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the stored answer of request " + id + " does not parse", e);
    }
  }

  /** A request_id as stored: a UUID in lower case; INVALID_ARGUMENT for anything else. */
  static String checkedId(String requestId) {
    if (!UUID.matcher(requestId).matches()) {
      throw ServiceException.invalid(FIELD, "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, or empty");
    }
    return requestId.toLowerCase(Locale.ROOT);
  }

  private static ServiceException reused(String id) {
    String description =
        "was sent within the last 24 hours with another request (other fields, rpc or caller); send a new request_id";
    return new ServiceException(
        ErrorCode.REQUEST_ID_REUSED,
        "request_id '" + id + "' " + description,
        List.of(new FieldViolation(FIELD, description)),
        Map.of(),
        null);
  }

  /** A new fingerprint of a request of {@code caller}: its rpc and key, then the request's messages. */
  static Fingerprint fingerprint(Caller caller) {
    return new Fingerprint(caller);
  }

  /**
   * SHA-256 over the rpc, the caller's key id and the request's messages without their
   * request_id, each in protobuf's deterministic form (map entries ordered by key), so a retry
   * from any client library hashes the same.
   */
  static final class Fingerprint {
    private final MessageDigest digest;

    private Fingerprint(Caller caller) {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      digest.update((caller.rpc() + "\n" + caller.principal().keyId() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Fingerprint add(Message message) {
      FieldDescriptor requestId = message.getDescriptorForType().findFieldByName(FIELD);
      Message without = requestId == null ? message : message.toBuilder().clearField(requestId).build();
      byte[] bytes = new byte[without.getSerializedSize()];
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      try {
        without.writeTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // Length first, so the messages of a stream cannot run into each other.
      digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) ':');
      digest.update(bytes);
      return this;
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
