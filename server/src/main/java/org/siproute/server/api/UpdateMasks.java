package org.siproute.server.api;

import com.google.protobuf.FieldMask;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.siproute.server.domain.Violations;

/**
 * Reads an update_mask: which writable fields of a resource an update names. Each field is
 * named on the wire as its enum constant in lower case ("tech_prefix" for TECH_PREFIX).
 */
final class UpdateMasks {
  private UpdateMasks() {}

  /** The fields {@code mask} names; every writable one when it is empty. */
  static <F extends Enum<F>> Set<F> fields(FieldMask mask, Class<F> writable) {
    Violations v = new Violations();
    EnumSet<F> fields = EnumSet.noneOf(writable);
    for (String path : mask.getPathsList()) {
      F field = field(path, writable);
      if (field == null) {
        v.add("update_mask", "'" + AdminValidator.printable(path) + "' is not a field that can be updated; updatable: "
            + String.join(", ", names(writable)));
      } else {
        fields.add(field);
      }
    }
    v.throwIfAny();
    return fields.isEmpty() ? EnumSet.allOf(writable) : fields;
  }

  private static <F extends Enum<F>> F field(String path, Class<F> writable) {
    for (F field : writable.getEnumConstants()) {
      if (name(field).equals(path)) {
        return field;
      }
    }
    return null;
  }

  private static String name(Enum<?> field) {
    return field.name().toLowerCase(Locale.ROOT);
  }

  private static <F extends Enum<F>> Set<String> names(Class<F> writable) {
    Set<String> names = new TreeSet<>();
    for (F field : writable.getEnumConstants()) {
      names.add(name(field));
    }
    return names;
  }
}
