package org.siproute.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siproute.client.SiprouteClient;
import org.siproute.client.tools.RouteTableTool;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAction;
import org.siproute.server.testing.RouteImports;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** The route-table CSV tool against a server on a loopback port. */
class RouteTableToolTest {
  private static final String HEADER =
      "prefix,provider_id,priority,weight,action,block_sip_code,source_prefix,strip_digits,prepend,disabled,"
          + "time_zone,windows,name,detail";

  @TempDir Path dir;
  private TestServer server;
  private SiprouteClient client;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    server = TestServer.builder().loopback().start();
    client = server.client();
    for (String id : List.of("carrier-a", "carrier-b")) {
      client.admin().createProvider(CreateProviderRequest.newBuilder()
          .setProvider(Provider.newBuilder().setId(id).setName(id).setHostname("sip." + id + ".example")).build());
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int tool(String... args) {
    out.reset();
    err.reset();
    return new RouteTableTool(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private int importFile(Path file, String... more) {
    List<String> args = new java.util.ArrayList<>(
        List.of("import", "--target", server.target(), "--key", TestKeys.ADMIN_KEY, "--customer", "acme"));
    args.addAll(List.of(more));
    args.add(file.toString());
    return tool(args.toArray(String[]::new));
  }

  private List<Route> stored() {
    return RouteImports.export(server.channel(), "acme");
  }

  @Test
  void importsEveryColumnAndExportsAFileThatImportsUnchanged() throws Exception {
    Path table = dir.resolve("routes.csv");
    Files.writeString(table, String.join("\n",
        HEADER,
        "49,carrier-a,10,1,ROUTE,,,,,false,,,Germany,",
        "+4930,carrier-b,20,0,,,44,1,0#,false,Europe/Berlin,12345/08:00-18:00 67/10:00-14:00,Berlin office hours,",
        "",
        "# premium-rate numbers",
        "4990,,,,BLOCK,404,,,,true,,,premium rate,\"fraud, since \"\"2026\"\"\""));

    assertThat(importFile(table)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("imported 3 routes for customer acme: 3 created, 0 updated, 0 deleted, 0 unchanged");
    assertThat(stored())
        .extracting(Route::getPrefix, Route::getProviderId, Route::getAction, Route::getSourcePrefix, Route::getPrepend)
        .containsExactlyInAnyOrder(
            tuple("49", "carrier-a", RouteAction.ROUTE, "", ""),
            tuple("4930", "carrier-b", RouteAction.ROUTE, "44", "0#"),
            tuple("4990", "", RouteAction.BLOCK, "", ""));
    Route block = stored().stream().filter(r -> r.getAction() == RouteAction.BLOCK).findFirst().orElseThrow();
    assertThat(block.getDetail()).isEqualTo("fraud, since \"2026\"");
    assertThat(block.getBlockSipCode()).isEqualTo(404);

    Path exported = dir.resolve("out.csv");
    assertThat(tool("export", "--target", server.target(), "--key", TestKeys.ADMIN_KEY, "--customer", "acme", exported.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("exported 3 routes of customer acme");
    List<String> lines = Files.readAllLines(exported);
    assertThat(lines.get(0)).isEqualTo(HEADER);
    assertThat(lines).contains(
        "4930,carrier-b,20,0,ROUTE,,44,1,0#,false,Europe/Berlin,12345/08:00-18:00 67/10:00-14:00,Berlin office hours,",
        "4990,,0,0,BLOCK,404,,0,,true,,,premium rate,\"fraud, since \"\"2026\"\"\"");

    assertThat(importFile(exported, "--replace")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("0 created, 0 updated, 0 deleted, 3 unchanged");
  }

  @Test
  void badLinesAreReportedWithTheirLineNumbersAndNothingIsImported() throws Exception {
    Path table = dir.resolve("bad.csv");
    Files.writeString(table, String.join("\n",
        HEADER,
        "49,carrier-a,10,1,ROUTE,,,,,false,,,,",
        "4x,carrier-a,10,1,ROUTE,,,,,false,,,,",
        "44,carrier-a,10,1,ROUTE,,,,,maybe,,,,",
        "49,carrier-a,20,1,ROUTE,,,,,false,,,,",
        "33,,10,1,ROUTE,,,,,false,,,,"));

    assertThat(importFile(table)).isEqualTo(1);

    assertThat(err.toString())
        .contains("line 3: prefix '4x'")
        .contains("line 4: disabled 'maybe'")
        .contains("line 5: prefix '49' provider 'carrier-a' is on line 2 already")
        .contains("line 6: provider_id ''");
    assertThat(stored()).isEmpty();
  }

  @Test
  void aLineTheServerRefusesIsNamedByItsLineInTheFileAndNothingIsImported() throws Exception {
    Path table = dir.resolve("unknown.csv");
    Files.writeString(table, String.join("\n",
        HEADER,
        "49,carrier-a,10,1,ROUTE,,,,,false,,,,",
        "# a carrier the server does not know",
        "44,carrier-z,10,1,ROUTE,,,,,false,,,,"));

    assertThat(importFile(table)).isEqualTo(1);

    assertThat(err.toString()).contains("INVALID_ARGUMENT").contains("line 4 of " + table + " (routes[1]).provider_id");
    assertThat(stored()).isEmpty();
  }
}
