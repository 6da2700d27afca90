package org.siproute.server.error;

import java.util.List;

/**
 * A refusal with a code and a message fit for the caller. The message must never carry SQL,
 * stack traces or other internals: {@link StatusMapper} passes it through as it is.
 */
public class ServiceException extends RuntimeException {
  private final ErrorCode code;
  private final List<FieldViolation> violations;

  public ServiceException(ErrorCode code, String message) {
    this(code, message, List.of(), null);
  }

  public ServiceException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), cause);
  }

  public ServiceException(
      ErrorCode code, String message, List<FieldViolation> violations, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.violations = List.copyOf(violations);
  }

  public static ServiceException invalid(String field, String description) {
    return new ServiceException(
        ErrorCode.INVALID_ARGUMENT,
        field + ": " + description,
        List.of(new FieldViolation(field, description)),
        null);
  }

  public static ServiceException notFound(String what, String id) {
    return new ServiceException(ErrorCode.NOT_FOUND, what + " '" + echo(id) + "' not found");
  }

  /**
   * A caller's value as it may appear in a message: at most 64 characters, control
   * characters escaped, so an error never outgrows gRPC's metadata limit or breaks a log line.
   */
  static String echo(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length() && b.length() < 64; i++) {
      char c = value.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    return value.length() > 64 ? b + "..." : b.toString();
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}
