package org.siproute.server.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.UUID;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.FieldViolation;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Refusals keep their message and get the
 * status of their {@link ErrorCode}, with field violations as google.rpc.BadRequest; anything
 * unexpected is logged here with an incident id and reaches the caller as INTERNAL carrying
 * only that id, never SQL or a stack trace.
 */
public final class StatusMapper {
  private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);

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
      return Status.INTERNAL
          .withDescription("internal error (incident " + incident + ")")
          .asRuntimeException();
    }
    if (refusal.code() == ErrorCode.DATABASE_UNAVAILABLE) {
      log.warn("refused while the database is unavailable: {}", rootMessage(failure));
    }
    return toStatus(refusal);
  }

  public static StatusRuntimeException toStatus(ServiceException refusal) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(statusCode(refusal.code()).value())
            .setMessage(refusal.getMessage());
    if (!refusal.violations().isEmpty()) {
      BadRequest.Builder badRequest = BadRequest.newBuilder();
      for (FieldViolation v : refusal.violations()) {
        badRequest.addFieldViolationsBuilder().setField(v.field()).setDescription(v.description());
      }
      status.addDetails(Any.pack(badRequest.build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /** The gRPC status of each refusal; several refusals share one. */
  static Status.Code statusCode(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case FAILED_PRECONDITION, PROVIDER_IN_USE -> Status.Code.FAILED_PRECONDITION;
      case STALE_ETAG, CONFLICT -> Status.Code.ABORTED;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
      case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
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
