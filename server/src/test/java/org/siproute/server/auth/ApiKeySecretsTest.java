package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-thread memo of the last hashed secret: reused only for exactly the same secret. */
class ApiKeySecretsTest {
  private static final String BEARER = "Bearer ";

  private static KeyDigest memoized(String header) {
    return ApiKeySecrets.sha256Memoized(header, BEARER.length(), header.length());
  }

  private static KeyDigest direct(String secret) {
    return KeyDigest.ofHex(ApiKeySecrets.sha256Hex(secret));
  }

  @Test
  void aRepeatedSecretInAnotherHeaderStringReusesTheDigest() {
    String secret = ApiKeySecrets.newSecret();
    KeyDigest first = memoized(BEARER + secret);
    // A new String each time, as gRPC makes one per call.
    KeyDigest second = memoized(new String((BEARER + secret).toCharArray()));
    assertThat(first).isEqualTo(direct(secret));
    assertThat(second).isSameAs(first);
  }

  @Test
  void aSecretDifferingOnlyInItsLastCharacterIsHashedAfresh() {
    String secret = ApiKeySecrets.newSecret();
    char last = secret.charAt(secret.length() - 1);
    String neighbour = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
    KeyDigest remembered = memoized(BEARER + secret);
    KeyDigest other = memoized(BEARER + neighbour);
    assertThat(other).isEqualTo(direct(neighbour)).isNotEqualTo(remembered);
    // and back: the memo now holds the neighbour, the first secret is hashed again
    assertThat(memoized(BEARER + secret)).isEqualTo(direct(secret));
  }

  @Test
  void aPrefixOrAnExtensionOfTheRememberedSecretIsNotTheSameSecret() {
    String secret = ApiKeySecrets.newSecret();
    memoized(BEARER + secret);
    String shorter = secret.substring(0, secret.length() - 1);
    assertThat(memoized(BEARER + shorter)).isEqualTo(direct(shorter));
    memoized(BEARER + secret);
    assertThat(memoized(BEARER + secret + "x")).isEqualTo(direct(secret + "x"));
  }

  @Test
  void eachThreadRemembersItsOwnSecret() throws Exception {
    String mine = ApiKeySecrets.newSecret();
    String theirs = ApiKeySecrets.newSecret();
    KeyDigest remembered = memoized(BEARER + mine);
    KeyDigest[] seenThere = new KeyDigest[1];
    Thread other = new Thread(() -> seenThere[0] = memoized(BEARER + theirs));
    other.start();
    other.join();
    assertThat(seenThere[0]).isEqualTo(direct(theirs));
    assertThat(memoized(BEARER + mine)).isSameAs(remembered);
  }

  @Test
  void sameSecretComparesCharactersAndLengths() {
    assertThat(ApiKeySecrets.sameSecret("xabc", 1, 4, "abcy", 0, 3)).isTrue();
    assertThat(ApiKeySecrets.sameSecret("xabc", 1, 4, "abdy", 0, 3)).isFalse();
    assertThat(ApiKeySecrets.sameSecret("xabc", 1, 4, "abc", 0, 2)).isFalse();
    assertThat(ApiKeySecrets.sameSecret("", 0, 0, "", 0, 0)).isTrue();
  }
}
