package org.siproute.server.api;

import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.UUID;
import org.siproute.proto.v1.ErrorReason;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.FieldViolation;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.store.DatabaseFailures;
import org.siproute.server.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Refusals keep their message and get the
 * status of their {@link ErrorCode}, with a google.rpc.ErrorInfo (domain "siproute", the reason,
 * the refusal's metadata), field violations as google.rpc.BadRequest, and google.rpc.RetryInfo
 * on UNAVAILABLE and RESOURCE_EXHAUSTED (1 s, or what the refusal's {@link
 * ServiceException#RETRY_AFTER_MILLIS} says); anything unexpected is logged here with an incident id
 * and reaches the caller as INTERNAL carrying only that id, never SQL or a stack trace.
 * Statuses made elsewhere (by gRPC or a stream's own time-out) get their ErrorInfo from {@link
 * #withDetails} as the call closes ({@link ErrorDetailsInterceptor}).
 */
public final class StatusMapper {
  /** ErrorInfo.domain of every siproute refusal. */
  public static final String DOMAIN = "siproute";
  /** ErrorInfo metadata key of an INTERNAL refusal: the incident id the server log names. */
  public static final String INCIDENT = "incident";
  /** How long RetryInfo asks a client to wait before retrying an UNAVAILABLE or RESOURCE_EXHAUSTED call. */
  static final long RETRY_DELAY_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);
  private static final Metadata.Key<com.google.rpc.Status> DETAILS_KEY =
      Metadata.Key.of("grpc-status-details-bin", io.grpc.protobuf.ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

  private StatusMapper() {}

  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (failure instanceof StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    ServiceException refusal = StoreFailures.classify(failure);
    if (refusal == null) {
      String incident = UUID.randomUUID().toString();
      log.error("internal error, incident {}", incident, failure);
      return toStatus(
          new ServiceException(
              ErrorCode.INTERNAL, "internal error (incident " + incident + ")", Map.of(INCIDENT, incident)));
    }
    if (refusal.code() == ErrorCode.DATABASE_UNAVAILABLE) {
      DatabaseFailures.refused();
      // Expected during an outage: one line, no stack trace (and rate-limited by the log).
      log.warn("refused while the database is unavailable: {}", rootMessage(failure));
    }
    return toStatus(refusal);
  }

  public static StatusRuntimeException toStatus(ServiceException refusal) {
    Status.Code code = statusCode(refusal.code());
    com.google.rpc.Status.Builder status =
        richStatus(code, refusal.getMessage(), reason(refusal.code()), refusal.metadata());
    if (!refusal.violations().isEmpty()) {
      BadRequest.Builder badRequest = BadRequest.newBuilder();
      for (FieldViolation v : refusal.violations()) {
        badRequest.addFieldViolationsBuilder().setField(v.field()).setDescription(v.description());
      }
      status.addDetails(Any.pack(badRequest.build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /**
   * {@code trailers} of a call closing with {@code status}, with the rich status (ErrorInfo,
   * RetryInfo) added when the status has none yet: for statuses not made by {@link #toStatus},
   * e.g. gRPC's own CANCELLED or a Dial stream's idle DEADLINE_EXCEEDED.
   */
  static Metadata withDetails(Status status, Metadata trailers) {
    if (status.isOk() || trailers.containsKey(DETAILS_KEY)) {
      return trailers;
    }
    String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    trailers.put(DETAILS_KEY, richStatus(status.getCode(), message, reason(status.getCode()), Map.of()).build());
    return trailers;
  }

  private static com.google.rpc.Status.Builder richStatus(
      Status.Code code, String message, ErrorReason reason, Map<String, String> metadata) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason.name()).putAllMetadata(metadata).build()));
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED) {
      // A refusal that knows better says how long (ServiceException.RETRY_AFTER_MILLIS).
      String retryAfter = metadata.get(ServiceException.RETRY_AFTER_MILLIS);
      long delayMs = retryAfter == null ? RETRY_DELAY_MS : Long.parseLong(retryAfter);
      status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Durations.fromMillis(delayMs)).build()));
    }
    return status;
  }

  /** The reason each refusal is given, named as siproute.v1.ErrorReason documents it. */
  static ErrorReason reason(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> ErrorReason.INVALID_ARGUMENT;
      case REQUEST_ID_REUSED -> ErrorReason.REQUEST_ID_REUSED;
      case NOT_FOUND -> ErrorReason.NOT_FOUND;
      case ALREADY_EXISTS -> ErrorReason.ALREADY_EXISTS;
      case FAILED_PRECONDITION -> ErrorReason.FAILED_PRECONDITION;
      case PROVIDER_IN_USE -> ErrorReason.PROVIDER_IN_USE;
      case STALE_ETAG -> ErrorReason.STALE_ETAG;
      case CONFLICT -> ErrorReason.CONFLICT;
      case API_KEY_MISSING -> ErrorReason.API_KEY_MISSING;
      case UNAUTHENTICATED -> ErrorReason.API_KEY_INVALID;
      case PERMISSION_DENIED -> ErrorReason.PERMISSION_DENIED;
      case OVERLOADED -> ErrorReason.OVERLOADED;
      case RESOURCE_EXHAUSTED -> ErrorReason.LIMIT_EXCEEDED;
      case DEADLINE_EXCEEDED -> ErrorReason.DEADLINE_EXCEEDED;
      case DATABASE_UNAVAILABLE -> ErrorReason.DATABASE_UNAVAILABLE;
      case INTERNAL -> ErrorReason.INTERNAL;
    };
  }

  /** The reason of a status siproute's core did not make, from its code alone. */
  static ErrorReason reason(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorReason.INVALID_ARGUMENT;
      case NOT_FOUND -> ErrorReason.NOT_FOUND;
      case ALREADY_EXISTS -> ErrorReason.ALREADY_EXISTS;
      case FAILED_PRECONDITION -> ErrorReason.FAILED_PRECONDITION;
      case ABORTED -> ErrorReason.CONFLICT;
      case UNAUTHENTICATED -> ErrorReason.API_KEY_INVALID;
      case PERMISSION_DENIED -> ErrorReason.PERMISSION_DENIED;
      case RESOURCE_EXHAUSTED -> ErrorReason.LIMIT_EXCEEDED;
      case DEADLINE_EXCEEDED -> ErrorReason.DEADLINE_EXCEEDED;
      case CANCELLED -> ErrorReason.CANCELLED;
      case UNAVAILABLE -> ErrorReason.UNAVAILABLE;
      default -> ErrorReason.INTERNAL;
    };
  }

  /** The gRPC status of each refusal; several refusals share one. */
  static Status.Code statusCode(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, REQUEST_ID_REUSED -> Status.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case FAILED_PRECONDITION, PROVIDER_IN_USE -> Status.Code.FAILED_PRECONDITION;
      case STALE_ETAG, CONFLICT -> Status.Code.ABORTED;
      case API_KEY_MISSING, UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
      case OVERLOADED, RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case DATABASE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
