package org.siproute.server.quality;

/** What the outcome statistics count, one slot each in a window bucket. */
enum Counter {
  /** Attempts with a reported outcome. */
  ATTEMPTS,
  /** 2xx. */
  ANSWERED,
  /** 3xx. */
  REDIRECTIONS,
  /** 4xx, callee answers (480, 486, 487) included. */
  CLIENT_FAILURES,
  /** 5xx. */
  SERVER_FAILURES,
  /** 6xx. */
  GLOBAL_FAILURES,
  TIMEOUTS,
  TRANSPORT_ERRORS,
  /** 5xx, 408, timeouts and transport errors: the failures that open circuits. */
  PROVIDER_FAILURES,
  /** Dial attempts whose caller went away before reporting; not in ATTEMPTS. */
  ABANDONED,
  POST_DIAL_DELAY_COUNT,
  POST_DIAL_DELAY_SUM_MS,
  /** Answered calls whose length is known. */
  CALLS_ENDED,
  DURATION_SUM_MS;

  static final Counter[] ALL = values();
  static final int COUNT = ALL.length;
}
