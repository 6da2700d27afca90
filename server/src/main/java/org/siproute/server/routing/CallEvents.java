package org.siproute.server.routing;

import org.siproute.server.domain.AttemptFailure;

/**
 * What happens to the attempts of Dial streams, for quality statistics and call limits. An
 * attempt holds its provider from {@link #attemptStarted} until it fails, is abandoned, or (when
 * answered) until {@link #callEnded}. Outcomes name the gateway (its address, as in {@link
 * Plan.Attempt#gateway}): circuits and statistics count per gateway, call slots per provider.
 */
public interface CallEvents {
  CallEvents NONE = new CallEvents() {};

  default void attemptStarted(String providerId) {}

  /** A final outcome: a SIP code (0 when {@code failure} is set). */
  default void attemptFinished(
      String providerId, String gateway, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs) {}

  /** The caller went away before reporting the attempt's outcome. */
  default void attemptAbandoned(String providerId, String gateway, int callingCode) {}

  /** An answered call ended; {@code durationMs} is -1 when the caller did not say. */
  default void callEnded(String providerId, String gateway, int callingCode, long durationMs) {}
}
