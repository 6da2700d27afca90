/**
 * The admin use cases: providers, routes, rate imports and routing policies, on checked domain
 * values. Every write of a stored resource goes through {@code VersionedWrites} (lock, access,
 * etag, merge, versioned write, audit, routing revision, read-your-writes); an update arrives
 * as a {@code Patch}, the fields the edge read from the request.
 */
package org.siproute.server.admin;
