package org.siproute.server.domain;

import java.util.Optional;

/**
 * An API key as stored: the SHA-256 of its secret, never the secret itself.
 *
 * @param role the role's name as stored; a name this version does not know is refused when
 *     keys are loaded, not dropped from listings
 * @param customerId the customer a CUSTOMER key is bound to; empty for the other roles
 * @param createdBy the key id of the admin who created it
 */
public record ApiKey(
    String id,
    String secretSha256,
    String role,
    String customerId,
    String name,
    String createdBy,
    long createMs,
    Optional<Long> revokeMs) {

  public boolean revoked() {
    return revokeMs.isPresent();
  }
}
