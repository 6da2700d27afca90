package org.siproute.server.testing;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Small helpers to observe how calls end. */
public final class Calls {
  private Calls() {}

  /** The status a blocking call ended with: OK when it returned. */
  public static Status statusOf(Runnable call) {
    try {
      call.run();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }
}
