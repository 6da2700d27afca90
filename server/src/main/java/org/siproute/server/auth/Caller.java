package org.siproute.server.auth;

import java.util.Objects;

/**
 * Who asks the core for something, and through which operation: every use case that checks
 * access or writes the audit trail takes one. The edge makes it from the authenticated call
 * ({@code rpc} is then the full gRPC method name); the server's own tasks name themselves.
 *
 * @param validateOnly the call only validates (AIP-163): a write runs every check, the
 *     integrity checks of its transaction included, and answers what it would have written,
 *     but its transaction is rolled back: nothing is stored, audited or announced
 * @param request the call's request_id and how to store the answer under it ({@link
 *     RequestIds}); null when the call carries none
 */
public record Caller(Principal principal, String rpc, boolean validateOnly, RequestRecord request) {
  public Caller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(rpc, "rpc");
  }

  public Caller(Principal principal, String rpc) {
    this(principal, rpc, false, null);
  }

  /** The server itself doing {@code task} as an ADMIN, e.g. loading the demo data. */
  public static Caller internal(String task) {
    return new Caller(Principal.internal(task), task);
  }

  /** This caller, validating only when {@code validateOnly}. */
  public Caller validatingOnly(boolean validateOnly) {
    return new Caller(principal, rpc, validateOnly, request);
  }

  /** This caller, whose write stores its answer under {@code request}. */
  public Caller recording(RequestRecord request) {
    return new Caller(principal, rpc, validateOnly, request);
  }
}
