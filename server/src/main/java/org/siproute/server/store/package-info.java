/**
 * The database: the pool and migrations, the one transaction style ({@code Store}: jOOQ
 * transaction lambdas whose nested {@code DSLContext} goes to repositories), repositories that
 * map rows to domain records, statement time-outs bounded by the call's {@code CallDeadline},
 * and which database failures are refusals ({@code StoreFailures}). Knows only the domain,
 * jOOQ and JDBC.
 */
package org.siproute.server.store;
