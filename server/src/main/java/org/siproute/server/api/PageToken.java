package org.siproute.server.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.siproute.server.domain.ServiceException;

/**
 * Keyset page tokens: the query they belong to and the last key returned, base64url-encoded.
 * Listing resumes after that key, so rows added while paging never repeat or push rows off.
 */
final class PageToken {
  private static final String VERSION = "1";
  private static final char SEP = '\u001f';

  private PageToken() {}

  static String encode(String query, List<String> lastKey) {
    StringBuilder b = new StringBuilder(VERSION).append(SEP).append(query);
    for (String k : lastKey) {
      b.append(SEP).append(k);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The last key of {@code token}, or empty for the first page. */
  static List<String> decode(String token, String query, int keyParts) {
    if (token.isEmpty()) {
      return List.of();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid("page_token", "is not a token returned by this list");
    }
    List<String> parts = List.of(text.split(String.valueOf(SEP), -1));
    if (parts.size() != 2 + keyParts || !parts.get(0).equals(VERSION)) {
      throw ServiceException.invalid("page_token", "is not a token returned by this list");
    }
    if (!parts.get(1).equals(query)) {
      throw ServiceException.invalid("page_token", "belongs to a list with other filters");
    }
    return parts.subList(2, parts.size());
  }

  /** The page size to use: {@code defaultSize} for 0, at most {@code max} (AIP-158 coerces larger ones). */
  static int pageSize(int requested, int defaultSize, int max) {
    if (requested < 0) {
      throw ServiceException.invalid("page_size", "must not be negative (0: default " + defaultSize + ", at most " + max + ")");
    }
    return requested == 0 ? defaultSize : Math.min(requested, max);
  }

  /** A page of a listing: its items and the token of the next page, empty after the last. */
  record Page<T>(List<T> items, String nextToken) {}

  /**
   * The page of {@code fetched}, which asked for {@code size} + 1 items so as to know whether
   * more follow: its first {@code size}, and a token that resumes after the last of them.
   */
  static <T> Page<T> page(List<T> fetched, int size, String query, Function<T, List<String>> key) {
    if (fetched.size() <= size) {
      return new Page<>(fetched, "");
    }
    return new Page<>(fetched.subList(0, size), encode(query, key.apply(fetched.get(size - 1))));
  }
}
