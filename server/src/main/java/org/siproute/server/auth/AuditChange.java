package org.siproute.server.auth;

import com.google.protobuf.MessageOrBuilder;
import java.util.Objects;
import java.util.Optional;

/**
 * What one admin write did to one resource, for {@link AuditRecorder}. The resource states are
 * the wire messages (Provider, Route, ...), which hold no secrets.
 *
 * @param resourceType "provider", "route", "rate_deck", "routing_policy" or "api_key"
 * @param customerId owner of the resource; "" for platform-wide resources
 */
public record AuditChange(
    String resourceType,
    String resourceId,
    String customerId,
    Optional<MessageOrBuilder> before,
    Optional<MessageOrBuilder> after) {

  public static final String PROVIDER = "provider";
  public static final String ROUTE = "route";
  public static final String RATE_DECK = "rate_deck";
  public static final String ROUTING_POLICY = "routing_policy";
  public static final String API_KEY = "api_key";

  public AuditChange {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  public static AuditChange created(String type, String id, String customerId, MessageOrBuilder after) {
    return new AuditChange(type, id, customerId, Optional.empty(), Optional.of(after));
  }

  public static AuditChange updated(
      String type, String id, String customerId, MessageOrBuilder before, MessageOrBuilder after) {
    return new AuditChange(type, id, customerId, Optional.of(before), Optional.of(after));
  }

  public static AuditChange deleted(String type, String id, String customerId, MessageOrBuilder before) {
    return new AuditChange(type, id, customerId, Optional.of(before), Optional.empty());
  }
}
