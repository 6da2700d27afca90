package org.siproute.server.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.siproute.server.domain.Violations;

/**
 * Reads an update_mask as AIP-134 has it: which writable fields of a resource an update
 * changes. Each field is named as its proto field ("tech_prefix" for TECH_PREFIX, the enum
 * constant in lower case) or as its JSON name ("techPrefix", what JSON clients see after
 * proto3 JSON turns {@code "updateMask": "techPrefix"} into a mask). No mask (or an empty one)
 * means the fields the request sets, i.e. those with a value other than their default; "*"
 * means every writable field, the resource is replaced as a whole.
 */
final class UpdateMasks {
  static final String FULL_REPLACEMENT = "*";
  private static final int MAX_UNKNOWN_PATHS_NAMED = 5;

  private UpdateMasks() {}

  /** The fields {@code mask} names, or without a mask those {@code resource} sets. */
  static <F extends Enum<F>> Set<F> fields(FieldMask mask, Message resource, Class<F> writable) {
    if (mask.getPathsCount() == 0) {
      return present(resource, writable);
    }
    Violations v = new Violations();
    EnumSet<F> fields = EnumSet.noneOf(writable);
    int unknown = 0;
    for (String path : mask.getPathsList()) {
      if (path.equals(FULL_REPLACEMENT)) {
        if (mask.getPathsCount() > 1) {
          v.add("update_mask", "'*' replaces the whole resource and cannot be combined with other paths");
        }
        fields.addAll(EnumSet.allOf(writable));
        continue;
      }
      F field = field(path, resource, writable);
      if (field == null) {
        // Each unknown path is named (the first few: a refusal must fit gRPC's 8 KiB of
        // metadata however many the mask has); what may be named instead is said once.
        if (++unknown <= MAX_UNKNOWN_PATHS_NAMED) {
          v.add("update_mask", "'" + AdminValidator.printable(path) + "' is not a field that can be updated");
        }
      } else {
        fields.add(field);
      }
    }
    if (unknown > 0) {
      v.add("update_mask",
          (unknown > MAX_UNKNOWN_PATHS_NAMED ? (unknown - MAX_UNKNOWN_PATHS_NAMED) + " more unknown paths; " : "")
              + "updatable: " + String.join(", ", names(writable)) + " (or '*' for all of them)");
    }
    v.throwIfAny();
    return fields;
  }

  /** The writable fields {@code resource} sets: a non-default scalar, a message, a non-empty list or map. */
  private static <F extends Enum<F>> Set<F> present(Message resource, Class<F> writable) {
    EnumSet<F> fields = EnumSet.noneOf(writable);
    for (F field : writable.getEnumConstants()) {
      FieldDescriptor descriptor = descriptor(resource, field);
      boolean set =
          descriptor.isRepeated() ? resource.getRepeatedFieldCount(descriptor) > 0 : resource.hasField(descriptor);
      if (set) {
        fields.add(field);
      }
    }
    return fields;
  }

  private static <F extends Enum<F>> F field(String path, Message resource, Class<F> writable) {
    for (F field : writable.getEnumConstants()) {
      FieldDescriptor descriptor = descriptor(resource, field);
      if (descriptor.getName().equals(path) || descriptor.getJsonName().equals(path)) {
        return field;
      }
    }
    return null;
  }

  /** The proto field a writable field is; every constant of a field enum must name one. */
  private static FieldDescriptor descriptor(Message resource, Enum<?> field) {
    FieldDescriptor descriptor = resource.getDescriptorForType().findFieldByName(name(field));
    if (descriptor == null) {
      throw new IllegalStateException(
          field.getDeclaringClass().getSimpleName() + "." + field + " is not a field of " + resource.getDescriptorForType().getFullName());
    }
    return descriptor;
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
