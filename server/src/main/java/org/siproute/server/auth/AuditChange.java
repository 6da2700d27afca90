package org.siproute.server.auth;

import java.util.Objects;
import java.util.Optional;
import org.siproute.server.domain.ResourceType;

/**
 * What one admin write did to one resource, for {@link AuditRecorder}: the resource's state
 * before and after, as {@link AuditJson} renders it.
 *
 * @param customerId owner of the resource; "" for platform-wide resources
 */
public record AuditChange(
    ResourceType resourceType,
    String resourceId,
    String customerId,
    Optional<String> beforeJson,
    Optional<String> afterJson) {

  public AuditChange {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(beforeJson, "beforeJson");
    Objects.requireNonNull(afterJson, "afterJson");
  }

  public static AuditChange created(ResourceType type, String id, String customerId, String afterJson) {
    return new AuditChange(type, id, customerId, Optional.empty(), Optional.of(afterJson));
  }

  public static AuditChange updated(
      ResourceType type, String id, String customerId, String beforeJson, String afterJson) {
    return new AuditChange(type, id, customerId, Optional.of(beforeJson), Optional.of(afterJson));
  }

  public static AuditChange deleted(ResourceType type, String id, String customerId, String beforeJson) {
    return new AuditChange(type, id, customerId, Optional.of(beforeJson), Optional.empty());
  }
}
