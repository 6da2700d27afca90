package org.siproute.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key secrets: "sr_" and 32 random bytes in base64url. Only their SHA-256 is ever stored
 * or kept in the key tables. A fast hash is right here, unlike for passwords: the secrets are
 * random with 256 bits of entropy, so there is nothing to guess, and hashing stays cheap on the
 * hot path of every call.
 *
 * <p>A call service sends the same key on every call, so each transport thread remembers the
 * last secret it hashed and its digest ({@link #sha256Memoized}): a repeat costs one comparison
 * instead of a SHA-256 and two allocations. The comparison takes the same time wherever two
 * secrets of one length differ, so the remembered secret of one caller cannot be guessed
 * character by character by another timing its refusals. Holding one recent header per thread
 * adds nothing to what the transport holds anyway (HPACK tables keep indexed headers for the
 * life of each connection).
 */
final class ApiKeySecrets {
  static final String PREFIX = "sr_";
  /** Longer bearer values are refused before hashing; a real secret is far shorter. */
  static final int MAX_SECRET_LENGTH = 512;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  private ApiKeySecrets() {}

  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The SHA-256 of the secret {@code value.substring(start, end)}'s UTF-8 bytes, as {@link
   * #sha256Hex} computes it, without copying the secret into a string of its own: the
   * authorization header of every call goes through here.
   */
  static KeyDigest sha256(String value, int start, int end) {
    // No reset: digest() leaves the digest reset, and nothing between here and it can fail.
    MessageDigest digest = SHA_256.get();
    byte[] ascii = ASCII_SCRATCH.get();
    int length = end - start;
    boolean isAscii = length <= ascii.length;
    for (int i = 0; isAscii && i < length; i++) {
      char c = value.charAt(start + i);
      isAscii = c < 0x80;
      ascii[i] = (byte) c;
    }
    if (isAscii) {
      digest.update(ascii, 0, length);
    } else {
      digest.update(value.substring(start, end).getBytes(StandardCharsets.UTF_8));
    }
    return KeyDigest.of(digest.digest());
  }

  private static final ThreadLocal<byte[]> ASCII_SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_SECRET_LENGTH]);

  /** The last secret a thread hashed: where it sits in which header, and its digest. */
  private static final class LastSecret {
    String header;
    int start;
    int end;
    KeyDigest digest;
  }

  private static final ThreadLocal<LastSecret> LAST_SECRET = ThreadLocal.withInitial(LastSecret::new);

  /**
   * {@link #sha256}, but when this thread's previous call hashed the same secret (in an equal
   * header of another call), its digest again without hashing.
   */
  static KeyDigest sha256Memoized(String value, int start, int end) {
    LastSecret last = LAST_SECRET.get();
    if (last.digest != null && sameSecret(last.header, last.start, last.end, value, start, end)) {
      return last.digest;
    }
    KeyDigest digest = sha256(value, start, end);
    last.header = value;
    last.start = start;
    last.end = end;
    last.digest = digest;
    return digest;
  }

  /**
   * Whether {@code a[aStart, aEnd)} and {@code b[bStart, bEnd)} are the same characters, in time
   * that depends only on their lengths (which are public: every secret has the same length).
   */
  static boolean sameSecret(String a, int aStart, int aEnd, String b, int bStart, int bEnd) {
    int length = aEnd - aStart;
    if (bEnd - bStart != length) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < length; i++) {
      difference |= a.charAt(aStart + i) ^ b.charAt(bStart + i);
    }
    return difference == 0;
  }

  /** Lower-case hex SHA-256 of the secret's UTF-8 bytes: the only form a secret is kept in. */
  static String sha256Hex(String secret) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
