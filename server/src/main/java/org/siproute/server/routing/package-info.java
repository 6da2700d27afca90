/**
 * The routing engine: the in-memory snapshot of the routing configuration (patched with what the
 * change log says changed when the routing revision moves, loaded whole when it cannot say) and
 * the decision of a call's plan from it, never from the database.
 * {@code SnapshotBuilder} makes a snapshot from domain objects, whether the store's loader or a
 * test feeds them, in two kinds of parts: owners (a customer's routes and policy, or the
 * defaults) and provider slots (a provider and its rate deck).
 * Quality reaches it through small interfaces ({@code ProviderHealth}, {@code QualityScores},
 * {@code CallEvents}) that the quality package implements.
 */
package org.siproute.server.routing;
