package org.siproute.server.auth;

import java.util.Objects;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Who is calling: the API key that authenticated the call and what it may do. The edge
 * authenticates each call ({@link Authenticator}) and hands the core a {@link Caller}.
 *
 * @param keyId the public id of the key, {@value #BOOTSTRAP} for the key configured at start,
 *     or {@value #ANONYMOUS} when authentication is switched off
 * @param customerId the customer a CUSTOMER key is bound to; empty for the other roles
 */
public record Principal(String keyId, Role role, String customerId) {
  /** Actor name of the bootstrap key (SIPROUTE_ADMIN_KEY, --admin-key or the --demo key). */
  public static final String BOOTSTRAP = "bootstrap";
  /** Actor name of every caller while --insecure-no-auth is set. */
  public static final String ANONYMOUS = "anonymous";

  public Principal {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(customerId, "customerId");
    if ((role == Role.CUSTOMER) == customerId.isEmpty()) {
      throw new IllegalArgumentException("a CUSTOMER principal needs a customer id, and only it has one");
    }
  }

  /**
   * An ADMIN acting for the server itself, such as {@code internal("demo-data")}; audit events
   * name it. Only code can obtain one: no API key maps to it.
   */
  public static Principal internal(String task) {
    return new Principal(task, Role.ADMIN, "");
  }

  public static Principal bootstrap() {
    return new Principal(BOOTSTRAP, Role.ADMIN, "");
  }

  public static Principal anonymous() {
    return new Principal(ANONYMOUS, Role.ADMIN, "");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this caller may see and change resources owned by {@code ownerCustomerId}. */
  public boolean canAccess(String ownerCustomerId) {
    return role == Role.ADMIN || (role == Role.CUSTOMER && customerId.equals(ownerCustomerId));
  }

  /**
   * Refuses with PERMISSION_DENIED unless this caller may use resources of {@code
   * ownerCustomerId} ("" for platform-wide ones such as default routes).
   *
   * @param what the resources, for the message, e.g. "routes"
   */
  public void checkAccess(String ownerCustomerId, String what) {
    if (canAccess(ownerCustomerId)) {
      return;
    }
    if (role != Role.CUSTOMER) {
      throw new ServiceException(ErrorCode.PERMISSION_DENIED, "a " + role + " key cannot use " + what);
    }
    throw new ServiceException(
        ErrorCode.PERMISSION_DENIED,
        ownerCustomerId.isEmpty()
            ? "a CUSTOMER key cannot use platform-wide " + what + " (default routes, the default policy)"
            : "this key may only use " + what + " of customer '" + customerId + "'");
  }

  /** Refuses with PERMISSION_DENIED unless this caller is an ADMIN. */
  public void checkAdmin(String what) {
    if (role != Role.ADMIN) {
      throw new ServiceException(ErrorCode.PERMISSION_DENIED, "only ADMIN keys can " + what);
    }
  }

  @Override
  public String toString() {
    return "key " + keyId + " (" + role + (customerId.isEmpty() ? "" : " of customer " + customerId) + ")";
  }
}
