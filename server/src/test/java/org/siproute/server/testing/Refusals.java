package org.siproute.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions on refused calls. Every refusal checked here is also checked for leaks: no SQL,
 * no JDBC or jOOQ names, no exception class names or stack frames in the message a client
 * sees; and for its google.rpc.ErrorInfo (domain "siproute", a reason), which every refusal
 * carries, with RetryInfo on UNAVAILABLE and RESOURCE_EXHAUSTED.
 */
public final class Refusals {
  /** Upper-case SQL as jOOQ renders it, or names of the schema's constraints. */
  private static final Pattern SQL =
      Pattern.compile("\\b(SELECT|INSERT INTO|UPDATE \\w+ SET|DELETE FROM|WHERE|CONSTRAINT)\\b|\\b(uq|fk|pk|ix)_\\w+");

  private static final List<String> INTERNALS =
      List.of("sql", "jdbc", "jooq", "exception", "\tat ", "java.", "org.siproute", "hikari", "h2", "mariadb", "mysql");

  private Refusals() {}

  /** Runs {@code call}, asserts it fails with {@code code}, and returns the failure. */
  public static StatusRuntimeException refused(Status.Code code, ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have been refused with %s", code).isNotNull();
    assertThat(e.getStatus().getCode()).as("status of: %s", e.getStatus().getDescription()).isEqualTo(code);
    assertNoInternals(e);
    if (!madeByTheGrpcLibrary(e.getStatus())) {
      errorInfo(e);
    }
    return e;
  }

  /**
   * Statuses no siproute code makes, which therefore carry no ErrorInfo (errors.proto says so):
   * the client's own deadline, and a message over the size limit, refused by gRPC's transport
   * before the call reaches the server's services.
   */
  private static boolean madeByTheGrpcLibrary(Status status) {
    String description = String.valueOf(status.getDescription());
    return (status.getCode() == Status.Code.DEADLINE_EXCEEDED && description.startsWith("CallOptions deadline exceeded"))
        || (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && description.startsWith("gRPC message exceeds maximum size"));
  }

  /** Runs {@code call}, asserts it fails with {@code code} and ErrorInfo {@code reason}. */
  public static StatusRuntimeException refused(Status.Code code, String reason, ThrowingCallable call) {
    StatusRuntimeException e = refused(code, call);
    assertThat(errorInfo(e).getReason()).as("ErrorInfo.reason of: %s", e.getStatus().getDescription()).isEqualTo(reason);
    return e;
  }

  /**
   * The ErrorInfo of {@code e}, asserted present with domain "siproute", a reason, and RetryInfo
   * beside it exactly when the status is UNAVAILABLE or RESOURCE_EXHAUSTED.
   */
  public static ErrorInfo errorInfo(StatusRuntimeException e) {
    return errorInfo(e.getStatus(), e.getTrailers());
  }

  /** The same for a status and trailers seen by a client call listener. */
  public static ErrorInfo errorInfo(Status status, Metadata trailers) {
    com.google.rpc.Status rich = StatusProto.fromStatusAndTrailers(status, trailers);
    assertThat(rich).as("rich status (grpc-status-details-bin) of %s", status).isNotNull();
    assertThat(rich.getCode()).as("rich status code").isEqualTo(status.getCode().value());
    ErrorInfo info =
        detail(rich, ErrorInfo.class).orElseThrow(() -> new AssertionError("no google.rpc.ErrorInfo in the details of " + status));
    assertThat(info.getDomain()).isEqualTo("siproute");
    assertThat(info.getReason()).as("ErrorInfo.reason").matches("[A-Z][A-Z_]+[A-Z]");
    boolean retryable = status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.RESOURCE_EXHAUSTED;
    assertThat(detail(rich, RetryInfo.class)).as("RetryInfo of %s", status.getCode()).matches(r -> r.isPresent() == retryable);
    detail(rich, RetryInfo.class)
        .ifPresent(r -> assertThat(r.getRetryDelay().getSeconds() * 1000 + r.getRetryDelay().getNanos() / 1_000_000).isPositive());
    return info;
  }

  private static <T extends com.google.protobuf.Message> Optional<T> detail(com.google.rpc.Status rich, Class<T> type) {
    for (Any detail : rich.getDetailsList()) {
      if (detail.is(type)) {
        try {
          return Optional.of(detail.unpack(type));
        } catch (InvalidProtocolBufferException bad) {
          throw new AssertionError(bad);
        }
      }
    }
    return Optional.empty();
  }

  /** Asserts INVALID_ARGUMENT whose BadRequest names {@code field}; returns every field named. */
  public static List<String> invalid(String field, ThrowingCallable call) {
    StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT, call);
    List<String> fields = violatedFields(e);
    assertThat(fields).as("BadRequest field violations of: %s", e.getStatus().getDescription()).contains(field);
    return fields;
  }

  /** The field paths of the google.rpc.BadRequest in the error's details. */
  public static List<String> violatedFields(StatusRuntimeException e) {
    List<String> fields = new ArrayList<>();
    for (BadRequest.FieldViolation v : badRequest(e).getFieldViolationsList()) {
      fields.add(v.getField());
    }
    return fields;
  }

  public static BadRequest badRequest(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("rich status of %s", e).isNotNull();
    for (Any detail : status.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        try {
          return detail.unpack(BadRequest.class);
        } catch (InvalidProtocolBufferException bad) {
          throw new AssertionError(bad);
        }
      }
    }
    throw new AssertionError("no google.rpc.BadRequest in the details of " + e.getStatus());
  }

  /** Fails when the message or any violation description shows internals. */
  public static void assertNoInternals(StatusRuntimeException e) {
    for (String text : textsShownToClients(e)) {
      assertThat(text).as("error text shown to clients").doesNotContainPattern(SQL);
      for (String internal : INTERNALS) {
        assertThat(text.toLowerCase(java.util.Locale.ROOT)).as("error text shown to clients").doesNotContain(internal);
      }
    }
    assertThat(e.getStatus().getCause()).as("a cause never crosses the wire").isNull();
  }

  /**
   * The signs of internals (SQL, driver, jOOQ or Java names, stack frames) in the texts a client
   * sees of {@code e}; empty when there are none. For tests that collect rather than assert.
   */
  public static List<String> internalsShown(StatusRuntimeException e) {
    List<String> found = new ArrayList<>();
    for (String text : textsShownToClients(e)) {
      var sql = SQL.matcher(text);
      if (sql.find()) {
        found.add(sql.group());
      }
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      for (String internal : INTERNALS) {
        if (lower.contains(internal)) {
          found.add(internal);
        }
      }
    }
    return found;
  }

  /** The description and every BadRequest field violation of {@code e}. */
  public static List<String> textsShownToClients(StatusRuntimeException e) {
    List<String> texts = new ArrayList<>();
    texts.add(String.valueOf(e.getStatus().getDescription()));
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    if (rich != null) {
      for (Any detail : rich.getDetailsList()) {
        if (detail.is(BadRequest.class)) {
          badRequest(e).getFieldViolationsList().forEach(v -> {
            texts.add(v.getField());
            texts.add(v.getDescription());
          });
        }
      }
    }
    return texts;
  }
}
