package org.siproute.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written customer id check accepts exactly what the former regex accepted. */
class CustomerIdCheckTest {
  private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  @Test
  void sameAsTheRegex() {
    String[] fixed = {"", "a", "acme", "cust-1", "A.b:c_d-9", "x".repeat(64), "x".repeat(65), "a b", "a/b", "é", "a\u0000",
        "😀", "acme\n", "-", ".", ":"};
    for (String id : fixed) {
      assertThat(AdminValidator.isCustomerId(id)).as(id).isEqualTo(CUSTOMER_ID.matcher(id).matches());
    }
    Random random = new Random(1);
    String alphabet = "aZ09_.:-/ @\u00e9+\t";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(70);
      for (int k = 0; k < n; k++) {
        b.append(random.nextInt(8) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
      }
      String id = b.toString();
      assertThat(AdminValidator.isCustomerId(id)).as(id).isEqualTo(CUSTOMER_ID.matcher(id).matches());
    }
  }
}
