package org.siproute.server.api;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.RouteTable;
import org.siproute.server.auth.Caller;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;

/**
 * The routes of one ImportRoutes stream ({@link ImportStream} runs the protocol around them):
 * each message's routes are checked as they arrive, named by their index across the whole
 * stream ({@code routes[1500].prefix}), and kept until the stream ends; then the core imports
 * them in one transaction ({@link AdminService#importRoutes}). Unlike a rate deck (millions of
 * lines, written as they come), a route table is held in memory, bounded by {@code
 * --max-import-routes}, so that the transaction is short and nothing is written until the
 * whole import is known to be good.
 */
final class RouteImportStream implements ImportStream.Kind<ImportRoutesRequest, RouteTable.Result, ImportRoutesResponse> {
  static final int MAX_ROUTES_PER_MESSAGE = 10_000;

  private final AdminService admin;
  private final int maxRoutes;
  private final List<Route> routes = new ArrayList<>();
  private Caller caller;
  private String owner;
  private boolean replace;

  private RouteImportStream(AdminService admin, int maxRoutes) {
    this.admin = admin;
    this.maxRoutes = maxRoutes;
  }

  static StreamObserver<ImportRoutesRequest> open(
      AdminService admin, Idempotency idempotency, int maxRoutes, StreamObserver<ImportRoutesResponse> out) {
    return new ImportStream<>(new RouteImportStream(admin, maxRoutes), idempotency, out);
  }

  @Override
  public String ownerField() {
    return "customer_id";
  }

  @Override
  public String owner(ImportRoutesRequest message) {
    return message.getCustomerId();
  }

  @Override
  public String requestId(ImportRoutesRequest message) {
    return message.getRequestId();
  }

  @Override
  public boolean validateOnly(ImportRoutesRequest message) {
    return message.getValidateOnly();
  }

  @Override
  public void checkOwner(Violations v, String owner) {
    AdminValidator.customerId(v, "customer_id", owner, true);
  }

  @Override
  public ImportRoutesResponse prototype() {
    return ImportRoutesResponse.getDefaultInstance();
  }

  @Override
  public void accept(Caller caller, String owner, ImportRoutesRequest message) {
    if (this.caller == null) {
      // The owner is checked at once, so a customer key learns before sending 200 000 routes.
      caller.principal().checkAccess(owner, "routes");
      this.caller = caller;
      this.owner = owner;
      this.replace = message.getReplace();
    }
    int count = message.getRoutesCount();
    if (count > MAX_ROUTES_PER_MESSAGE) {
      throw ServiceException.invalid("routes", "at most " + MAX_ROUTES_PER_MESSAGE + " routes per message, got " + count);
    }
    if ((long) routes.size() + count > maxRoutes) {
      throw ServiceException.invalid(
          "routes", "at most " + maxRoutes + " routes per import (--max-import-routes); split the table by owner or raise it");
    }
    Violations v = new Violations();
    int first = routes.size();
    for (int i = 0; i < count; i++) {
      String path = "routes[" + (first + i) + "]";
      org.siproute.proto.v1.Route in = message.getRoutes(i);
      if (!in.getCustomerId().isEmpty() && !in.getCustomerId().equals(owner)) {
        v.add(path + ".customer_id", "must be empty or the import's customer_id '" + owner + "'");
      }
      Route route = AdminValidator.importedRoute(v, in, path, owner);
      if (v.isEmpty()) {
        routes.add(route);
      } else if (v.size() >= Violations.MAX_REPORTED) {
        break; // enough to report: the rest of the message need not be read
      }
    }
    v.throwIfAny();
  }

  @Override
  public RouteTable.Result finish() {
    return admin.importRoutes(caller, owner, replace, routes);
  }

  @Override
  public void abort() {
    routes.clear();
  }

  @Override
  public ImportRoutesResponse response(RouteTable.Result result) {
    return ImportRoutesResponse.newBuilder()
        .setCreated(result.created())
        .setUpdated(result.updated())
        .setDeleted(result.deleted())
        .setUnchanged(result.unchanged())
        .build();
  }
}
