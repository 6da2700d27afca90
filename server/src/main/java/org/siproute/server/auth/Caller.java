package org.siproute.server.auth;

import java.util.Objects;

/**
 * Who asks the core for something, and through which operation: every use case that checks
 * access or writes the audit trail takes one. The edge makes it from the authenticated call
 * ({@code rpc} is then the full gRPC method name); the server's own tasks name themselves.
 */
public record Caller(Principal principal, String rpc) {
  public Caller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(rpc, "rpc");
  }

  /** The server itself doing {@code task} as an ADMIN, e.g. loading the demo data. */
  public static Caller internal(String task) {
    return new Caller(Principal.internal(task), task);
  }
}
