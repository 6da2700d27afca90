package org.siproute.server.domain;

/** One bad field of a request: its path (e.g. "provider.hostname") and what is wrong. */
public record FieldViolation(String field, String description) {}
