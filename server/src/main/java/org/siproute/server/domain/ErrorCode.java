package org.siproute.server.domain;

/**
 * Every refusal the core reports. The edge turns each into a gRPC status (see the api
 * package's StatusMapper); the core knows nothing of statuses.
 */
public enum ErrorCode {
  INVALID_ARGUMENT,
  NOT_FOUND,
  ALREADY_EXISTS,
  FAILED_PRECONDITION,
  /** A provider still has routes; metadata {@value ServiceException#ROUTES}: how many. */
  PROVIDER_IN_USE,
  /** An etag did not match: somebody else changed the resource first. */
  STALE_ETAG,
  /** A concurrent write got in the way; retrying is safe. */
  CONFLICT,
  UNAUTHENTICATED,
  PERMISSION_DENIED,
  RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED,
  /** The database cannot be reached; the caller may retry later. */
  DATABASE_UNAVAILABLE,
  INTERNAL
}
