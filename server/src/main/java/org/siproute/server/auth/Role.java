package org.siproute.server.auth;

import java.util.Optional;

/** What an API key may do; see siproute.v1.Role for the contract. */
public enum Role {
  /** Operators: everything. */
  ADMIN,
  /** A tenant: its own routes and policy, and routing of its own calls. */
  CUSTOMER,
  /** Call services: routing decisions for any customer, no configuration. */
  ROUTER;

  /** The role stored under {@code name}, or empty for a name this version does not know. */
  public static Optional<Role> fromStored(String name) {
    for (Role role : values()) {
      if (role.name().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
