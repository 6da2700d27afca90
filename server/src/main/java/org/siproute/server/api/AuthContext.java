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
  /** One value, not two: a context with one more value costs one small node per call. */
  static final Context.Key<Caller> CALLER = Context.key("siproute-caller");

  private AuthContext() {}

  /**
   * The caller of the current rpc. Fails closed with UNAUTHENTICATED where no call was
   * authenticated (code running outside an intercepted call), rather than acting for nobody.
   */
  public static Principal principal() {
    return caller().principal();
  }

  /** The caller of the current rpc as the core takes it: who, and through which rpc. */
  public static Caller caller() {
    Caller caller = CALLER.get();
    if (caller == null) {
      throw new ServiceException(ErrorCode.API_KEY_MISSING, "no authenticated caller");
    }
    return caller;
  }

  /** A context in which {@code principal} calls {@code rpc}; for the interceptor and tests. */
  public static Context with(Context base, Principal principal, String rpc) {
    return base.withValue(CALLER, new Caller(principal, rpc));
  }
}
