package org.siproute.server.auth;

import java.util.Optional;

/** What an API key may do; see siproute.v1.Role for the contract. */
public enum Role {
  /** Operators: everything. */
  ADMIN(org.siproute.proto.v1.Role.ADMIN),
  /** A tenant: its own routes and policy, and routing of its own calls. */
  CUSTOMER(org.siproute.proto.v1.Role.CUSTOMER),
  /** Call services: routing decisions for any customer, no configuration. */
  ROUTER(org.siproute.proto.v1.Role.ROUTER);

  private final org.siproute.proto.v1.Role wire;

  Role(org.siproute.proto.v1.Role wire) {
    this.wire = wire;
  }

  public org.siproute.proto.v1.Role toProto() {
    return wire;
  }

  /** The role of a wire value; empty for ROLE_UNSPECIFIED and values this server does not know. */
  public static Optional<Role> fromProto(org.siproute.proto.v1.Role wire) {
    for (Role role : values()) {
      if (role.wire == wire) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The role stored under {@code name}, or empty for a name this version does not know. */
  static Optional<Role> fromStored(String name) {
    for (Role role : values()) {
      if (role.name().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
