/**
 * The wiring: {@code Main} parses the configuration, the Guice modules bind every component
 * (each binding listed once, in the module of its feature; nothing is bound just in time) and
 * {@code SiprouteServer} starts the components and the gRPC server in order and stops them in
 * reverse. The only package that knows both the edge ({@code api}) and the core; nothing below
 * refers back to it. See server/ARCHITECTURE.md.
 */
package org.siproute.server;
