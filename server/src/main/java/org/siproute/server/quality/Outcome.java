package org.siproute.server.quality;

import org.siproute.server.domain.AttemptFailure;

/**
 * How an attempt ended, by class. Only failures that say something about the provider (5xx,
 * 408, no answer in time, unreachable) count against it; callee answers such as 486 busy, 480
 * temporarily unavailable, 487 cancelled or 603 decline show a working provider.
 */
enum Outcome {
  ANSWERED(Counter.ANSWERED),
  REDIRECTED(Counter.REDIRECTIONS),
  CLIENT_FAILURE(Counter.CLIENT_FAILURES),
  SERVER_FAILURE(Counter.SERVER_FAILURES),
  GLOBAL_FAILURE(Counter.GLOBAL_FAILURES),
  TIMEOUT(Counter.TIMEOUTS),
  TRANSPORT_ERROR(Counter.TRANSPORT_ERRORS);

  /** 408 Request Timeout: the provider (or a proxy behind it) gave up, not the callee. */
  private static final int REQUEST_TIMEOUT = 408;

  final Counter counter;

  Outcome(Counter counter) {
    this.counter = counter;
  }

  /** The class of a final SIP response (200 to 699) or of a failure without one. */
  static Outcome of(int sipCode, AttemptFailure failure) {
    if (failure == AttemptFailure.TIMEOUT) {
      return TIMEOUT;
    }
    if (failure == AttemptFailure.TRANSPORT_ERROR) {
      return TRANSPORT_ERROR;
    }
    if (sipCode < 300) {
      return ANSWERED;
    }
    if (sipCode < 400) {
      return REDIRECTED;
    }
    if (sipCode < 500) {
      return CLIENT_FAILURE;
    }
    if (sipCode < 600) {
      return SERVER_FAILURE;
    }
    return GLOBAL_FAILURE;
  }

  /** True when the provider is to blame: 5xx, 408, timeouts and transport errors. */
  static boolean isProviderFailure(int sipCode, AttemptFailure failure) {
    Outcome outcome = of(sipCode, failure);
    return outcome == SERVER_FAILURE
        || outcome == TIMEOUT
        || outcome == TRANSPORT_ERROR
        || sipCode == REQUEST_TIMEOUT;
  }
}
