package org.siproute.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions on refused calls. Every refusal checked here is also checked for leaks: no SQL,
 * no JDBC or jOOQ names, no exception class names or stack frames in the message a client
 * sees.
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
    return e;
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
