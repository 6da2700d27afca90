package org.siproute.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript and Python clients' code is generated from the contract by proto/generate,
 * which needs Node.js and protoc; this build needs neither. So the build checks the next best
 * thing: that the contract is still the one the checked-in code was generated from (CI
 * regenerates and compares the code itself). Fails after a .proto change until somebody runs
 * `bash proto/generate` and commits its output.
 */
class GeneratedClientCodeTest {
  private static final Path PROTO = Path.of("..", "proto").toAbsolutePath().normalize();
  private static final Path RECORD = Path.of("generated-from.sha256").toAbsolutePath();

  @Test
  void theCheckedInClientCodeWasGeneratedFromTheContractAsItIs() throws IOException {
    List<String> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(PROTO.resolve("src/main/proto"))) {
      files.filter(f -> f.toString().endsWith(".proto"))
          .map(f -> PROTO.relativize(f).toString().replace('\\', '/'))
          .sorted() // as LC_ALL=C sort: by UTF-16 code unit, which is byte order for these names
          .forEach(inputs::add);
    }
    inputs.add("buf.gen.yaml");
    inputs.add("package-lock.json");
    List<String> actual = new ArrayList<>();
    for (String input : inputs) {
      actual.add(sha256(PROTO.resolve(input)) + "  " + input);
    }

    List<String> recorded = Files.readAllLines(RECORD, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .toList();
    assertThat(actual)
        .as("the contract changed since client-stub/typescript and client-stub/python were generated:"
            + " run `bash proto/generate` and commit its output")
        .isEqualTo(recorded);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
