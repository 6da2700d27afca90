package org.siproute.server.admin;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.util.FieldMaskUtil;
import java.util.Set;
import org.siproute.server.error.Violations;

/** Applies an update_mask: checks its paths, then copies the named fields onto the stored value. */
final class UpdateMasks {
  private UpdateMasks() {}

  private static final FieldMaskUtil.MergeOptions REPLACE =
      new FieldMaskUtil.MergeOptions().setReplaceMessageFields(true).setReplaceRepeatedFields(true).setReplacePrimitiveFields(true);

  /** The mask to apply: the request's, or every writable field when it is empty. */
  static FieldMask effective(FieldMask mask, Set<String> writable) {
    Violations v = new Violations();
    for (String path : mask.getPathsList()) {
      if (!writable.contains(path)) {
        v.add("update_mask", "'" + AdminValidator.printable(path) + "' is not a field that can be updated; updatable: " + String.join(", ", writable.stream().sorted().toList()));
      }
    }
    v.throwIfAny();
    return mask.getPathsCount() == 0 ? FieldMask.newBuilder().addAllPaths(writable).build() : mask;
  }

  @SuppressWarnings("unchecked")
  static <M extends Message> M merge(M stored, M update, FieldMask mask) {
    Message.Builder builder = stored.toBuilder();
    FieldMaskUtil.merge(mask, update, builder, REPLACE);
    return (M) builder.build();
  }
}
