package org.siproute.server.domain;

/**
 * Every refusal the core reports. The edge turns each into a gRPC status (see the api
 * package's StatusMapper); the core knows nothing of statuses.
 */
public enum ErrorCode {
  INVALID_ARGUMENT,
  /** A request_id was sent before with another request; field violation on request_id. */
  REQUEST_ID_REUSED,
  NOT_FOUND,
  ALREADY_EXISTS,
  FAILED_PRECONDITION,
  /** A provider still has routes; metadata {@value ServiceException#ROUTES}: how many. */
  PROVIDER_IN_USE,
  /** An etag did not match: somebody else changed the resource first. */
  STALE_ETAG,
  /** A concurrent write got in the way; retrying is safe. */
  CONFLICT,
  /** No API key was sent. */
  API_KEY_MISSING,
  /** The API key sent is malformed, unknown or revoked. */
  UNAUTHENTICATED,
  PERMISSION_DENIED,
  /** This instance is at a capacity limit (e.g. Dial streams); another instance or later may do. */
  OVERLOADED,
  /** The request exceeds a fixed limit; the same request fails again. */
  RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED,
  /** The database cannot be reached; the caller may retry later. */
  DATABASE_UNAVAILABLE,
  INTERNAL
}
