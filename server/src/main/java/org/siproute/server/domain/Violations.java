package org.siproute.server.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects every bad field of a request, so one answer names them (up to a limit). */
public final class Violations {
  /**
   * The most violations one refusal lists. An error travels in the call's trailers, which gRPC
   * clients accept up to 8 KiB by default: a request with thousands of bad map entries would
   * otherwise get an error its caller cannot even receive.
   */
  public static final int MAX_REPORTED = 10;

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

  /**
   * Throws INVALID_ARGUMENT with the violations collected, if there is any: the first {@link
   * #MAX_REPORTED} of them, and how many more there are.
   */
  public void throwIfAny() {
    if (list.isEmpty()) {
      return;
    }
    List<FieldViolation> reported = list.size() > MAX_REPORTED ? list.subList(0, MAX_REPORTED) : list;
    String message =
        reported.stream()
            .map(v -> v.field() + ": " + v.description())
            .collect(Collectors.joining("; "));
    if (list.size() > MAX_REPORTED) {
      message += "; and " + (list.size() - MAX_REPORTED) + " more";
    }
    throw new ServiceException(ErrorCode.INVALID_ARGUMENT, message, reported, Map.of(), null);
  }
}
