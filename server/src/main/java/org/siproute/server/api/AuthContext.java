package org.siproute.server.api;

import io.grpc.Context;
import org.siproute.server.auth.Caller;
import org.siproute.server.auth.Principal;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * The authenticated caller and the rpc being served, as {@link AuthInterceptor} put them in the
 * gRPC {@link Context} of the call. gRPC attaches that context to every callback of the call;
 * the services hand the core a {@link Caller} made from it.
 */
public final class AuthContext {
  static final Context.Key<Principal> PRINCIPAL = Context.key("siproute-principal");
  static final Context.Key<String> RPC = Context.key("siproute-rpc");

  private AuthContext() {}

  /**
   * The caller of the current rpc. Fails closed with UNAUTHENTICATED where no call was
   * authenticated (code running outside an intercepted call), rather than acting for nobody.
   */
  public static Principal principal() {
    Principal principal = PRINCIPAL.get();
    if (principal == null) {
      throw new ServiceException(ErrorCode.API_KEY_MISSING, "no authenticated caller");
    }
    return principal;
  }

  /** The caller of the current rpc as the core takes it: who, and through which rpc. */
  public static Caller caller() {
    String rpc = RPC.get();
    return new Caller(principal(), rpc == null ? "" : rpc);
  }

  /** A context in which {@code principal} calls {@code rpc}; for the interceptor and tests. */
  public static Context with(Context base, Principal principal, String rpc) {
    return base.withValues(PRINCIPAL, principal, RPC, rpc);
  }
}
