package org.siproute.server.error;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects every bad field of a request, so one answer names them all. */
public final class Violations {
  private final List<FieldViolation> list = new ArrayList<>();

  public Violations add(String field, String description) {
    list.add(new FieldViolation(field, description));
    return this;
  }

  public int size() {
    return list.size();
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** Throws INVALID_ARGUMENT with every violation collected, if there is any. */
  public void throwIfAny() {
    if (list.isEmpty()) {
      return;
    }
    String message =
        list.stream()
            .map(v -> v.field() + ": " + v.description())
            .collect(Collectors.joining("; "));
    throw new ServiceException(ErrorCode.INVALID_ARGUMENT, message, list, null);
  }
}
