/**
 * Quality feedback that steers the routing engine: outcome statistics (shared between
 * instances through the database), circuit breakers, call slots, SIP OPTIONS probes, and what
 * they tell about each provider (provider status, outcome reports).
 */
package org.siproute.server.quality;
