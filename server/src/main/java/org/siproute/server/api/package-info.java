/**
 * The gRPC edge, the only package below the wiring that speaks the wire: the RouteAdmin and
 * RouteSelect services (each rpc checks its request, turns it into domain values, asks a core
 * use case and answers in wire form), request checks with field paths, proto and domain
 * mapping, update masks, page tokens, the one mapping of the core's refusals to gRPC statuses,
 * the interceptors (authentication, metrics, malformed requests), health, reflection and TLS.
 * Business rules do not belong here: they go in the core package of their feature.
 */
package org.siproute.server.api;
