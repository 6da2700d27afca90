package org.siproute.server.auth;

import io.grpc.Context;
import java.util.function.Supplier;
import org.siproute.server.error.ErrorCode;
import org.siproute.server.error.ServiceException;

/**
 * The authenticated caller and the rpc being served, as {@link AuthInterceptor} put them in the
 * gRPC {@link Context} of the call. gRPC attaches that context to every callback of the call;
 * work handed to another thread must carry it along ({@link Context#wrap(Runnable)}).
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
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "no authenticated caller");
    }
    return principal;
  }

  /** The full gRPC method name of the current rpc, e.g. "siproute.v1.RouteAdmin/CreateRoute". */
  public static String rpc() {
    String rpc = RPC.get();
    return rpc == null ? "" : rpc;
  }

  /**
   * Runs work of the server itself (e.g. loading demo data at start) as {@code principal}: the
   * admin service requires a caller, and the audit trail names this one.
   */
  public static <T> T runAs(Principal principal, String task, Supplier<T> work) {
    try {
      return with(Context.current(), principal, task).call(work::get);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A context in which {@code principal} calls {@code rpc}; for the interceptor and tests. */
  public static Context with(Context base, Principal principal, String rpc) {
    return base.withValues(PRINCIPAL, principal, RPC, rpc);
  }
}
