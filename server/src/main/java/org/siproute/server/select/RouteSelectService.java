package org.siproute.server.select;

import org.siproute.proto.v1.RouteSelectGrpc;

/** The RouteSelect gRPC service. */
public final class RouteSelectService extends RouteSelectGrpc.RouteSelectImplBase {}
