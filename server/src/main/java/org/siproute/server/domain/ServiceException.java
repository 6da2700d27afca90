package org.siproute.server.domain;

import java.util.List;
import java.util.Map;

/**
 * A refusal with a code and a message fit for the caller. The message must never carry SQL,
 * stack traces or other internals: the edge passes it through as it is. {@link #metadata}
 * holds machine-readable facts about the refusal (which kind of resource was not found, how
 * many routes keep a provider in use), for callers that act on them.
 */
public class ServiceException extends RuntimeException {
  /** Metadata key: the kind of resource a NOT_FOUND is about, e.g. "provider". */
  public static final String RESOURCE_TYPE = "resource_type";
  /** Metadata key of PROVIDER_IN_USE: how many routes use the provider. */
  public static final String ROUTES = "routes";
  /**
   * Metadata key of a refusal the caller may retry later (OVERLOADED): after how many
   * milliseconds; the edge sends it as google.rpc.RetryInfo (instead of its default delay).
   */
  public static final String RETRY_AFTER_MILLIS = "retry_after_ms";

  private final ErrorCode code;
  private final List<FieldViolation> violations;
  private final Map<String, String> metadata;

  public ServiceException(ErrorCode code, String message) {
    this(code, message, List.of(), Map.of(), null);
  }

  public ServiceException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), Map.of(), cause);
  }

  public ServiceException(ErrorCode code, String message, Map<String, String> metadata) {
    this(code, message, List.of(), metadata, null);
  }

  public ServiceException(
      ErrorCode code, String message, List<FieldViolation> violations, Map<String, String> metadata, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.violations = List.copyOf(violations);
    this.metadata = Map.copyOf(metadata);
  }

  public static ServiceException invalid(String field, String description) {
    return new ServiceException(
        ErrorCode.INVALID_ARGUMENT,
        field + ": " + description,
        List.of(new FieldViolation(field, description)),
        Map.of(),
        null);
  }

  public static ServiceException notFound(ResourceType type, String id) {
    return new ServiceException(
        ErrorCode.NOT_FOUND, type.noun() + " '" + echo(id) + "' not found", Map.of(RESOURCE_TYPE, type.id()));
  }

  /**
   * A caller's value as it may appear in a message: at most 64 characters, control
   * characters escaped, so an error never outgrows gRPC's metadata limit or breaks a log line.
   */
  public static String echo(String value) {
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

  public Map<String, String> metadata() {
    return metadata;
  }
}
