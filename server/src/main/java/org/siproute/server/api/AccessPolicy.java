package org.siproute.server.api;

import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.auth.Principal;
import org.siproute.server.auth.Role;

/**
 * Which role may call which rpc: the one table of method-level access. Deny by default: an rpc
 * added later is ADMIN-only until it is listed here (ROUTER gets every RouteSelect rpc, since
 * routing calls is all it is for). What a CUSTOMER key may do inside an allowed rpc is checked
 * where the data is: the customer_id of Select and Dial requests by {@link CustomerGate}, the
 * owner of stored routes and policies by the admin service.
 */
final class AccessPolicy {
  /** Services anybody may call without a key: load balancers probe health, grpcurl lists. */
  private static final Set<String> PUBLIC_SERVICES =
      Set.of(
          io.grpc.health.v1.HealthGrpc.SERVICE_NAME,
          io.grpc.reflection.v1.ServerReflectionGrpc.SERVICE_NAME,
          io.grpc.reflection.v1alpha.ServerReflectionGrpc.SERVICE_NAME);

  /** RouteAdmin rpcs of a CUSTOMER key; each checks the owner of what it touches. */
  private static final Set<String> CUSTOMER_ADMIN_RPCS =
      Set.of(
          RouteAdminGrpc.getCreateRouteMethod().getFullMethodName(),
          RouteAdminGrpc.getGetRouteMethod().getFullMethodName(),
          RouteAdminGrpc.getListRoutesMethod().getFullMethodName(),
          RouteAdminGrpc.getUpdateRouteMethod().getFullMethodName(),
          RouteAdminGrpc.getDeleteRouteMethod().getFullMethodName(),
          RouteAdminGrpc.getImportRoutesMethod().getFullMethodName(),
          RouteAdminGrpc.getExportRoutesMethod().getFullMethodName(),
          RouteAdminGrpc.getGetRoutingPolicyMethod().getFullMethodName(),
          RouteAdminGrpc.getUpdateRoutingPolicyMethod().getFullMethodName(),
          RouteAdminGrpc.getDeleteRoutingPolicyMethod().getFullMethodName(),
          RouteAdminGrpc.getListSellRatesMethod().getFullMethodName());

  /**
   * RouteSelect rpcs of a CUSTOMER key, with where their requests name the customer: a
   * message naming another customer is refused before the service sees it. Empty: the
   * message names no customer (a Dial result for the call already started).
   */
  private static final Map<String, Function<Object, Optional<String>>> CUSTOMER_SELECT_RPCS =
      Map.of(
          RouteSelectGrpc.getSelectMethod().getFullMethodName(),
          message -> Optional.of(((SelectRequest) message).getCustomerId()),
          RouteSelectGrpc.getDialMethod().getFullMethodName(),
          message ->
              ((DialRequest) message).hasStart()
                  ? Optional.of(((DialRequest) message).getStart().getRequest().getCustomerId())
                  : Optional.empty());

  private AccessPolicy() {}

  static boolean isPublic(MethodDescriptor<?, ?> method) {
    return PUBLIC_SERVICES.contains(method.getServiceName());
  }

  static boolean allows(Principal principal, MethodDescriptor<?, ?> method) {
    return switch (principal.role()) {
      case ADMIN -> true;
      case ROUTER -> RouteSelectGrpc.SERVICE_NAME.equals(method.getServiceName());
      case CUSTOMER ->
          CUSTOMER_ADMIN_RPCS.contains(method.getFullMethodName())
              || CUSTOMER_SELECT_RPCS.containsKey(method.getFullMethodName());
    };
  }

  /** For a CUSTOMER calling a routing rpc: how to read the customer its messages name. */
  static Optional<Function<Object, Optional<String>>> requestCustomer(Principal principal, MethodDescriptor<?, ?> method) {
    if (principal.role() != Role.CUSTOMER) {
      return Optional.empty();
    }
    return Optional.ofNullable(CUSTOMER_SELECT_RPCS.get(method.getFullMethodName()));
  }
}
