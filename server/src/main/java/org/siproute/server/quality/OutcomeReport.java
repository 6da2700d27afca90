package org.siproute.server.quality;

import org.siproute.server.domain.AttemptFailure;

/**
 * The outcome of an attempt that a Select caller dialled itself.
 *
 * @param gateway the gateway's address; "" for the provider's first
 * @param sipCode the final SIP response; 0 when {@code failure} is set
 * @param postDialDelayMs 0 when unknown
 * @param durationMs how long an answered call lasted; -1 when unknown
 */
public record OutcomeReport(
    String providerId,
    String gateway,
    int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs, long durationMs) {}
