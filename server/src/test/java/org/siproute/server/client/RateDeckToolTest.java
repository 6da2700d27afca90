package org.siproute.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siproute.client.SiprouteClient;
import org.siproute.client.tools.RateDeckTool;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** The rate-deck CSV tool against a server on a loopback port. */
class RateDeckToolTest {
  @TempDir Path dir;
  private TestServer server;
  private SiprouteClient client;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    server = TestServer.builder().loopback().start();
    client = server.client();
    client.admin().createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId("carrier").setName("Carrier").setHostname("sip.carrier.example")).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int tool(String... args) {
    return new RateDeckTool(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private List<Rate> stored() {
    return client.admin().listRates(ListRatesRequest.newBuilder().setProviderId("carrier").build()).getRatesList();
  }

  @Test
  void importsACsvDeckAndExportsItBack() throws Exception {
    Path deck = dir.resolve("deck.csv");
    Files.writeString(deck, String.join("\n",
        "prefix,price,currency,valid_from,valid_until",
        "4930,0.0125,EUR,,",
        "\"+1212\",\"0.004\",usd,2026-01-01T00:00:00Z,",
        "",
        "# comment",
        "44,0.02,GBP,,2027-01-01T00:00:00Z"));
    int code = tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, deck.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("imported 3 rates");
    assertThat(stored()).extracting(Rate::getPrefix).containsExactly("1212", "44", "4930");
    assertThat(stored()).filteredOn(r -> r.getPrefix().equals("4930")).singleElement()
        .satisfies(r -> assertThat(r.getPriceMicros()).isEqualTo(12_500));

    Path exported = dir.resolve("out.csv");
    assertThat(tool("export", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, exported.toString())).isZero();
    assertThat(Files.readAllLines(exported)).as("an old-style deck comes back with no fees, billed 60/60").containsExactly(
        "prefix,price,currency,valid_from,valid_until,connect_fee,first_increment,next_increment",
        "1212,0.004,USD,2026-01-01T00:00:00Z,,0,60,60",
        "44,0.02,GBP,,2027-01-01T00:00:00Z,0,60,60",
        "4930,0.0125,EUR,,,0,60,60");
  }

  @Test
  void anImportWhoseAnswerIsLostIsReportedAsUnknownAndARerunWithItsRequestIdImportsItOnce() throws Exception {
    Path deck = dir.resolve("deck.csv");
    Files.writeString(deck, String.join("\n", "prefix,price,currency", "4930,0.0125,EUR", "44,0.02,GBP"));

    // A deadline far too short for the answer: the client cannot know whether the server
    // committed the deck, and must not say "not imported".
    int first =
        tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY,
            "--timeout", "0.001s", deck.toString());

    assertThat(first).as(err.toString()).isEqualTo(3);
    assertThat(err.toString()).contains("outcome unknown (DEADLINE_EXCEEDED)").doesNotContain("not imported");
    Matcher id = Pattern.compile("--request-id ([0-9a-f-]{36})").matcher(err.toString());
    assertThat(id.find()).as(err.toString()).isTrue();

    int rerun =
        tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY,
            "--request-id", id.group(1), deck.toString());

    assertThat(rerun).as(err.toString()).isZero();
    assertThat(stored()).extracting(Rate::getPrefix).containsExactly("44", "4930");
    assertThat(
            server.admin()
                .listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType("rate_deck").setResourceId("carrier").build())
                .getAuditEventsList())
        .as("the deck was imported once")
        .hasSize(1);
  }

  @Test
  void anOptionWithoutAValueOrABadTimeoutIsABadUsageNotACrash() {
    assertThat(tool("import", "--provider", "carrier", "deck.csv", "--key")).isEqualTo(2);
    assertThat(err.toString()).contains("--key needs a value");
    assertThat(tool("import", "--provider", "carrier", "--timeout", "soon", "deck.csv")).isEqualTo(2);
    assertThat(err.toString()).contains("--timeout needs a duration such as 90s or 30m, not 'soon'");
  }

  @Test
  void aRefusedImportIsReportedAsNotImported() throws Exception {
    Path deck = dir.resolve("deck.csv");
    Files.writeString(deck, String.join("\n", "prefix,price,currency", "4930,0.0125,EUR"));

    int code = tool("import", "--target", server.target(), "--provider", "no-such-carrier", "--key", TestKeys.ADMIN_KEY, deck.toString());

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("not imported (NOT_FOUND)").doesNotContain("outcome unknown");
  }

  @Test
  void connectFeesAndBillingIncrementsAreImportedAndExportedInTheirOwnColumns() throws Exception {
    Path deck = dir.resolve("increments.csv");
    Files.writeString(deck, String.join("\n",
        "prefix,price,currency,valid_from,valid_until,connect_fee,first_increment,next_increment",
        "44,0.012,EUR,,,,1,1",
        "49,0.01,EUR,,,0.0025,30,6",
        "33,0.009,EUR,,,0.001",
        "34,0.009,EUR,,,,0,"));
    assertThat(tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, deck.toString()))
        .as(err.toString()).isZero();
    assertThat(stored())
        .extracting(Rate::getPrefix, Rate::getConnectFeeMicros, Rate::getFirstIncrementSeconds, Rate::getNextIncrementSeconds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("33", 1_000L, 60, 60),
            org.assertj.core.groups.Tuple.tuple("34", 0L, 60, 60),
            org.assertj.core.groups.Tuple.tuple("44", 0L, 1, 1),
            org.assertj.core.groups.Tuple.tuple("49", 2_500L, 30, 6));

    Path exported = dir.resolve("increments-out.csv");
    assertThat(tool("export", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, exported.toString())).isZero();
    assertThat(Files.readAllLines(exported)).containsExactly(
        "prefix,price,currency,valid_from,valid_until,connect_fee,first_increment,next_increment",
        "33,0.009,EUR,,,0.001,60,60",
        "34,0.009,EUR,,,0,60,60",
        "44,0.012,EUR,,,0,1,1",
        "49,0.01,EUR,,,0.0025,30,6");
  }

  @Test
  void badFeesAndIncrementsAreNamedByTheirLines() throws Exception {
    Path deck = dir.resolve("bad-increments.csv");
    Files.writeString(deck, String.join("\n",
        "44,0.012,EUR,,,-0.1,1,1",
        "45,0.012,EUR,,,0,1.5,1",
        "46,0.012,EUR,,,0,30,6,extra",
        "47,0.012,EUR,,,0,30,7200"));
    int code = tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, deck.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("line 1: connect_fee '-0.1'")
        .contains("line 2: first_increment '1.5'")
        .contains("line 3: expected 3 to 8 columns");
    assertThat(stored()).isEmpty();
  }

  @Test
  void badLinesAreReportedWithTheirLineNumbersAndNothingIsImported() throws Exception {
    Path deck = dir.resolve("bad.csv");
    Files.writeString(deck, String.join("\n",
        "prefix,price,currency",
        "4930,0.0125,EUR",
        "49x,0.01,EUR",
        "33,abc,EUR",
        "34,0.01,EURO"));
    int code = tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, deck.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("line 3: prefix '49x'").contains("line 4: price 'abc'").contains("line 5: currency 'EURO'");
    assertThat(stored()).isEmpty();
  }

  @Test
  void aLineTheServerRefusesIsNamedByItsLineInTheFile() throws Exception {
    Path deck = dir.resolve("dup.csv");
    Files.writeString(deck, String.join("\n", "prefix,price,currency", "4930,0.01,EUR", "", "4930,0.02,EUR"));
    int code = tool("import", "--target", server.target(), "--provider", "carrier", "--key", TestKeys.ADMIN_KEY, deck.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("line 4 of " + deck).contains("INVALID_ARGUMENT");
    assertThat(stored()).isEmpty();
  }
}
