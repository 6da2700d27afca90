/**
 * The Prometheus registry the core counts into, and the HTTP endpoint with the gauges read at
 * scrape time. Timing of rpcs is the edge's interceptor's.
 */
package org.siproute.server.metrics;
