package org.siproute.server.auth;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The SHA-256 of an API key secret as four longs: what {@link ApiKeyCache} looks keys up by. Made
 * once per call from the digest's 32 bytes, it hashes and compares without the 64-character hex
 * string the database keeps (which is parsed once, when the key table loads).
 */
record KeyDigest(long a, long b, long c, long d) {
  static KeyDigest of(byte[] sha256) {
    ByteBuffer bytes = ByteBuffer.wrap(sha256);
    return new KeyDigest(bytes.getLong(0), bytes.getLong(8), bytes.getLong(16), bytes.getLong(24));
  }

  /** From the lower-case hex form that is stored. */
  static KeyDigest ofHex(String sha256Hex) {
    return of(HexFormat.of().parseHex(sha256Hex));
  }

  /** Compares in constant time, for the one comparison that is not a map lookup (the bootstrap key). */
  boolean sameAs(KeyDigest other) {
    return ((a ^ other.a) | (b ^ other.b) | (c ^ other.c) | (d ^ other.d)) == 0;
  }
}
