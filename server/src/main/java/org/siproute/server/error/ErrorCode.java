package org.siproute.server.error;

import io.grpc.Status;

/** Every error siproute reports, each with the gRPC status it becomes on the wire. */
public enum ErrorCode {
  INVALID_ARGUMENT(Status.Code.INVALID_ARGUMENT),
  NOT_FOUND(Status.Code.NOT_FOUND),
  ALREADY_EXISTS(Status.Code.ALREADY_EXISTS),
  FAILED_PRECONDITION(Status.Code.FAILED_PRECONDITION),
  /** An etag did not match: somebody else changed the resource first. */
  STALE_ETAG(Status.Code.ABORTED),
  /** A concurrent write got in the way; retrying is safe. */
  CONFLICT(Status.Code.ABORTED),
  UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),
  PERMISSION_DENIED(Status.Code.PERMISSION_DENIED),
  RESOURCE_EXHAUSTED(Status.Code.RESOURCE_EXHAUSTED),
  DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED),
  /** The database cannot be reached; the caller may retry later. */
  DATABASE_UNAVAILABLE(Status.Code.UNAVAILABLE),
  UNIMPLEMENTED(Status.Code.UNIMPLEMENTED),
  INTERNAL(Status.Code.INTERNAL);

  private final Status.Code statusCode;

  ErrorCode(Status.Code statusCode) {
    this.statusCode = statusCode;
  }

  public Status.Code statusCode() {
    return statusCode;
  }
}
