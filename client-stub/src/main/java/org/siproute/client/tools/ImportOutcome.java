package org.siproute.client.tools;

import io.grpc.Status;
import java.io.PrintStream;
import java.util.Set;

/**
 * What a CSV tool may say about an import that did not answer OK. A refusal (a bad line, a
 * missing provider, no permission, overload at admission) means nothing was imported. But when
 * the answer was lost (the connection broke, the deadline passed, the server failed in an
 * unknown way) the import may have been committed before: saying "not imported" then would be
 * a lie an operator acts on. Such an outcome is reported as unknown, with the request_id that
 * makes a rerun safe (AIP-155: the server finishes the import or repeats its first answer, and
 * imports nothing twice).
 */
final class ImportOutcome {
  /** Exit code of an import whose outcome is unknown; 1 is a refusal, 0 done. */
  static final int UNKNOWN_EXIT = 3;

  /** Codes after which the client cannot know whether the server committed the import. */
  private static final Set<Status.Code> UNKNOWN =
      Set.of(
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNAVAILABLE,
          Status.Code.CANCELLED,
          Status.Code.UNKNOWN,
          Status.Code.INTERNAL,
          Status.Code.DATA_LOSS);

  private ImportOutcome() {}

  static boolean isUnknown(Status status) {
    return UNKNOWN.contains(status.getCode());
  }

  /**
   * Reports a failed import: "not imported" for a refusal, "outcome unknown" with how to rerun
   * safely otherwise. Returns the exit code.
   */
  static int report(PrintStream err, Status status, String description, String what, String requestId) {
    if (!isUnknown(status)) {
      err.println("not imported (" + status.getCode() + "): " + description);
      return 1;
    }
    err.println("outcome unknown (" + status.getCode() + "): " + description);
    err.println("  the " + what + " may or may not have been imported. Run the same command again with");
    err.println("  --request-id " + requestId);
    err.println("  within 24 hours: the server then finishes it or repeats its first answer, and imports nothing twice.");
    return UNKNOWN_EXIT;
  }
}
