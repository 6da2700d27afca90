/**
 * The routing engine: the in-memory snapshot of the routing configuration (rebuilt when the
 * routing revision moves) and the decision of a call's plan from it, never from the database.
 * Quality reaches it through small interfaces ({@code ProviderHealth}, {@code QualityScores},
 * {@code CallEvents}) that the quality package implements.
 */
package org.siproute.server.routing;
