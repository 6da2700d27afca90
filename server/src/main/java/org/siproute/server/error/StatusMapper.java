package org.siproute.server.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Refusals keep their code and message;
 * anything unexpected is logged here with an incident id and reaches the caller as INTERNAL
 * carrying only that id, never SQL or a stack trace.
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
            .setCode(refusal.code().statusCode().value())
            .setMessage(refusal.getMessage());
    if (!refusal.violations().isEmpty()) {
      BadRequest.Builder badRequest = BadRequest.newBuilder();
      for (FieldViolation v : refusal.violations()) {
        badRequest.addFieldViolationsBuilder().setField(v.field()).setDescription(v.description());
      }
      status.addDetails(Any.pack(badRequest.build()));
    }
    assert status.getCode() != Code.OK_VALUE;
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
