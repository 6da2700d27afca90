package org.siproute.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md's configuration table is the declarations in {@link Settings} written out: every
 * row, in declaration order, with its variable, default, allowed values and meaning. A change
 * on either side alone fails here, and the failure shows the table to paste.
 */
class ReadmeConfigurationTableTest {
  /**
   * Flags of other programs that the docs quote (jfr print, h2load; buf curl, buf generate, npm;
   * the client-stub CSV tools, RateDeckTool and RouteTableTool).
   */
  private static final Set<String> FOREIGN_FLAGS =
      Set.of("--events", "--rps", "--log-file", "--protocol", "--http2-prior-knowledge", "--list-services", "--list-methods", "--template", "--prefix",
          "--target", "--key", "--customer", "--replace", "--validate-only", "--request-id", "--timeout");

  /** The options of the transport benchmark script, as its usage lists them. */
  private static Set<String> benchmarkScriptOptions() throws IOException {
    Set<String> options = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  (--[a-z][a-z0-9-]*)").matcher(Files.readString(Path.of("bench", "run-transport-bench.sh")));
    while (m.find()) {
      options.add(m.group(1));
    }
    return options;
  }

  private static Path repositoryFile(String name) {
    // Surefire runs in server/; the README lives one level up.
    Path file = Path.of("..", name);
    assertThat(file).as("%s at the top of the repository", name).exists();
    return file;
  }

  @Test
  void readmeTableIsExactlyTheDeclarations() throws IOException {
    List<String> lines = Files.readAllLines(repositoryFile("README.md"));
    List<String> declared = Settings.markdownTable();
    List<String> documented = new ArrayList<>();
    int header = lines.indexOf(Settings.TABLE_HEADER);
    if (header >= 0) {
      for (int i = header; i < lines.size() && lines.get(i).startsWith("|"); i++) {
        documented.add(lines.get(i));
      }
    }

    assertThat(documented)
        .as("README.md's configuration table; the declarations in Settings make this one:%n%s%n",
            String.join("\n", declared))
        .containsExactlyElementsOf(declared);
  }

  @Test
  void everyDeclarationMakesOneRowInOrder() {
    List<String> rows = Settings.markdownTable();

    assertThat(rows).hasSize(Settings.ALL.size() + 2);
    assertThat(rows.get(2)).isEqualTo(
        "| `--host` | `SIPROUTE_HOST` | `127.0.0.1` | host name or IP address"
            + " | address to listen on (`0.0.0.0` for every interface) |");
    assertThat(rows).contains(
        "| `--db-url` | `SIPROUTE_DB_URL` | empty | `jdbc:mysql:`, `jdbc:mariadb:` or `jdbc:h2:` URL"
            + " | JDBC URL of MySQL / MariaDB (`jdbc:mysql://…`); empty: embedded H2 |",
        "| `--dial-idle-timeout` | `SIPROUTE_DIAL_IDLE_TIMEOUT` | `2m` | 1s to 24h"
            + " | a Dial stream silent this long is closed |",
        "| `--max-message-size` | `SIPROUTE_MAX_MESSAGE_SIZE` | `4MiB` | 2MiB to 256MiB"
            + " | largest request message accepted (a full `ImportRates` chunk needs up to 2MiB);"
            + " larger: `RESOURCE_EXHAUSTED` |");
  }

  @Test
  void everyFlagTheDocsMentionIsDeclared() throws IOException {
    Set<String> declared = Settings.ALL.stream().map(Setting::flag).collect(Collectors.toSet());
    // The benchmark script's options are no server flags; its usage declares them.
    declared.addAll(benchmarkScriptOptions());
    List<Path> docs = new ArrayList<>(List.of(repositoryFile("README.md")));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
    }
    Path architecture = Path.of("ARCHITECTURE.md");
    if (Files.exists(architecture)) {
      docs.add(architecture);
    }
    Pattern flag = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    Set<String> unknown = new TreeSet<>();
    for (Path doc : docs) {
      Matcher m = flag.matcher(Files.readString(doc));
      while (m.find()) {
        if (!declared.contains(m.group()) && !m.group().equals("--help") && !FOREIGN_FLAGS.contains(m.group())) {
          unknown.add(doc + ": " + m.group());
        }
      }
    }

    assertThat(unknown).as("flags the docs name but no setting declares").isEmpty();
  }
}
