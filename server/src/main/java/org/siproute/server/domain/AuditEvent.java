package org.siproute.server.domain;

/**
 * One admin write in the audit trail: who (the key id and its role), through which operation,
 * what resource, and its state before and after as JSON (empty when there is none: before a
 * create, after a delete).
 *
 * @param id assigned when stored, ascending; 0 before
 * @param customerId owner of the resource; "" for platform-wide resources
 */
public record AuditEvent(
    long id,
    long eventMs,
    String actor,
    String actorRole,
    String rpc,
    String resourceType,
    String resourceId,
    String customerId,
    String beforeJson,
    String afterJson) {}
