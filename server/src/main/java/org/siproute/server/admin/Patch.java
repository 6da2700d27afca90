package org.siproute.server.admin;

import java.util.Set;

/**
 * What an update changes: the fields it names, with their new values in {@code values} (a
 * record of the resource's type whose other fields do not count). The edge makes it once from
 * the request, checked; the admin service merges it into the record it locked. Which fields an
 * update names is the edge's reading of the request alone.
 *
 * @param <F> the resource's writable fields
 * @param <T> the resource's record
 */
public record Patch<F extends Enum<F>, T>(Set<F> fields, T values) {
  public Patch {
    fields = Set.copyOf(fields);
  }

  public boolean names(F field) {
    return fields.contains(field);
  }
}
