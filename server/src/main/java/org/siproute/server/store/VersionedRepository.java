package org.siproute.server.store;

import java.util.Optional;

/**
 * A table of resources written with optimistic versions: each write names the version it read,
 * and does nothing (returning false) when the stored one has moved on since.
 *
 * @param <T> the resource's domain record
 */
public interface VersionedRepository<T> {
  /** The resource with this key, its row locked until the transaction ends. */
  Optional<T> findForUpdate(String key);

  void insert(T resource);

  /** Writes every field of {@code resource} if the stored version is {@code expectedVersion}. */
  boolean update(T resource, long expectedVersion);

  /** Deletes the resource if its version is {@code expectedVersion}. */
  boolean delete(String key, long expectedVersion);
}
