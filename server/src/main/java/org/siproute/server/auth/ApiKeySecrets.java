package org.siproute.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key secrets: "sr_" and 32 random bytes in base64url. Only their SHA-256 is ever stored
 * or kept in memory. A fast hash is right here, unlike for passwords: the secrets are random
 * with 256 bits of entropy, so there is nothing to guess, and hashing stays cheap on the hot
 * path of every call.
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

  /** Lower-case hex SHA-256 of the secret's UTF-8 bytes: the only form a secret is kept in. */
  static String sha256Hex(String secret) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
