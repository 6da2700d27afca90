package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.Refusals.violatedFields;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.Rate;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.ServerPerClass;

/** Rate decks: streamed imports (merge and replace), refusals that write nothing, listing. */
@OnEachDatabase
class RateAdminTest extends ServerPerClass {
  private String providerId;

  @BeforeEach
  void provider() {
    providerId = createProvider(admin).getId();
  }

  private static Rate rate(String prefix, long priceMicros) {
    return Rate.newBuilder().setPrefix(prefix).setPriceMicros(priceMicros).setCurrency("USD").build();
  }

  private ImportRatesRequest.Builder chunk(Rate... rates) {
    return ImportRatesRequest.newBuilder().addAllRates(List.of(rates));
  }

  private ImportRatesResponse importRates(ImportRatesRequest.Builder first, ImportRatesRequest.Builder... more) {
    List<ImportRatesRequest> messages = new java.util.ArrayList<>();
    messages.add(first.setProviderId(providerId).build());
    for (ImportRatesRequest.Builder m : more) {
      messages.add(m.build());
    }
    return RateImports.run(server.channel(), messages);
  }

  private List<Rate> deck() {
    return admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).build()).getRatesList();
  }

  @Test
  void importInSeveralMessagesWritesEveryLineInPrefixOrder() {
    ImportRatesResponse answer =
        importRates(chunk(rate("49", 12_000), rate("1", 5_000)), chunk(rate("4930", 10_000)));

    assertThat(answer.getImported()).isEqualTo(3);
    assertThat(answer.getReplaced()).isZero();
    assertThat(deck())
        .extracting(Rate::getProviderId, Rate::getPrefix, Rate::getPriceMicros, Rate::getCurrency)
        .containsExactly(
            tuple(providerId, "1", 5_000L, "USD"),
            tuple(providerId, "49", 12_000L, "USD"),
            tuple(providerId, "4930", 10_000L, "USD"));
  }

  @Test
  void importWithoutReplaceMergesIntoTheStoredDeck() {
    importRates(chunk(rate("49", 12_000), rate("44", 8_000)));

    ImportRatesResponse answer = importRates(chunk(rate("49", 11_000), rate("33", 9_000)));

    assertThat(answer.getImported()).isEqualTo(2);
    assertThat(answer.getReplaced()).as("the stored 49 line").isEqualTo(1);
    assertThat(deck())
        .extracting(Rate::getPrefix, Rate::getPriceMicros)
        .containsExactly(tuple("33", 9_000L), tuple("44", 8_000L), tuple("49", 11_000L));
  }

  @Test
  void importWithReplaceSwapsTheWholeDeck() {
    importRates(chunk(rate("49", 12_000), rate("44", 8_000), rate("33", 9_000)));

    ImportRatesResponse answer = importRates(chunk(rate("49", 11_000)).setReplace(true));

    assertThat(answer.getImported()).isEqualTo(1);
    assertThat(answer.getReplaced()).as("every stored line").isEqualTo(3);
    assertThat(deck()).extracting(Rate::getPrefix, Rate::getPriceMicros).containsExactly(tuple("49", 11_000L));
  }

  @Test
  void validityPeriodsRoundTripAndDatedLinesOfOnePrefixCoexist() {
    Rate now = rate("49", 12_000).toBuilder().setValidUntil(Timestamps.fromSeconds(1_800_000_000L)).build();
    Rate later = rate("49", 9_000).toBuilder().setValidFrom(Timestamps.fromSeconds(1_800_000_000L)).build();

    importRates(chunk(now, later));

    assertThat(deck())
        .containsExactly(
            listed(now.toBuilder().setProviderId(providerId)), listed(later.toBuilder().setProviderId(providerId)));
  }

  /** A line as ListRates gives it back: increments left at 0 are stored and listed as 60. */
  private static Rate listed(Rate.Builder line) {
    return line.setFirstIncrementSeconds(60).setNextIncrementSeconds(60).build();
  }

  @Test
  void connectFeesAndBillingIncrementsRoundTripAndOldStyleLinesMeanSixtySixty() {
    Rate perSecond = rate("44", 12_000).toBuilder().setFirstIncrementSeconds(1).setNextIncrementSeconds(1).build();
    Rate thirtySix =
        rate("49", 10_000).toBuilder().setConnectFeeMicros(2_500).setFirstIncrementSeconds(30).setNextIncrementSeconds(6).build();
    Rate oldStyle = rate("33", 9_000);

    importRates(chunk(perSecond, thirtySix, oldStyle));

    assertThat(deck())
        .extracting(Rate::getPrefix, Rate::getConnectFeeMicros, Rate::getFirstIncrementSeconds, Rate::getNextIncrementSeconds)
        .containsExactly(tuple("33", 0L, 60, 60), tuple("44", 0L, 1, 1), tuple("49", 2_500L, 30, 6));
  }

  @Test
  void badLineIsRefusedWithItsLineNumberAndNothingIsWritten() {
    importRates(chunk(rate("49", 12_000)));
    List<Rate> before = deck();

    var e =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                importRates(
                    chunk(rate("1", 1), rate("2", 2), rate("3", 3)).setReplace(true),
                    chunk(rate("44", 4), rate("4x", 5), rate("45", 6))));

    assertThat(e.getStatus().getDescription()).contains("line 5").contains("prefix");
    assertThat(violatedFields(e)).containsExactly("rates[1].prefix");
    assertThat(deck()).as("neither the replace nor the first chunk took effect").isEqualTo(before);
  }

  @Test
  void lineRepeatedWithinOneImportIsRefused() {
    var e =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () -> importRates(chunk(rate("49", 1), rate("44", 2)), chunk(rate("49", 3))));

    assertThat(e.getStatus().getDescription()).contains("line 3").contains("49");
    assertThat(deck()).isEmpty();
  }

  @Test
  void everyFieldOfALineIsChecked() {
    Rate bad =
        Rate.newBuilder()
            .setProviderId("someone-else")
            .setPrefix("")
            .setPriceMicros(-1)
            .setCurrency("usd")
            .setValidFrom(Timestamps.fromSeconds(2_000))
            .setValidUntil(Timestamps.fromSeconds(1_000))
            .setConnectFeeMicros(-1)
            .setFirstIncrementSeconds(-1)
            .setNextIncrementSeconds(3601)
            .build();

    List<String> fields = invalid("rates[0].prefix", () -> importRates(chunk(bad)));

    assertThat(fields)
        .containsExactlyInAnyOrder(
            "rates[0].provider_id", "rates[0].prefix", "rates[0].price_micros", "rates[0].currency", "rates[0].valid_until",
            "rates[0].connect_fee_micros", "rates[0].first_increment_seconds", "rates[0].next_increment_seconds");
    assertThat(deck()).isEmpty();
  }

  @Test
  void abandonedImportWritesNothing() {
    importRates(chunk(rate("49", 12_000)));

    RateImports.abandon(
        server.channel(), chunk(rate("1", 1), rate("2", 2)).setProviderId(providerId).setReplace(true).build());

    // A later import of the same deck must not wait for, or see, the abandoned one.
    importRates(chunk(rate("44", 8_000)));
    assertThat(deck()).extracting(Rate::getPrefix).containsExactly("44", "49");
  }

  @Test
  void importForUnknownProviderIsNotFound() {
    String missing = uniqueId("missing");

    var e =
        refused(
            Status.Code.NOT_FOUND,
            () -> RateImports.run(server.channel(), ImportRatesRequest.newBuilder().setProviderId(missing).addRates(rate("49", 1)).build()));

    assertThat(e.getStatus().getDescription()).contains(missing);
  }

  @Test
  void providerIdMustStayTheSameAcrossMessages() {
    invalid(
        "provider_id",
        () -> importRates(chunk(rate("49", 1)), chunk(rate("44", 2)).setProviderId(uniqueId("other"))));
    assertThat(deck()).isEmpty();
  }

  @Test
  void emptyStreamIsRefused() {
    invalid("provider_id", () -> RateImports.run(server.channel(), List.of()));
  }

  @Test
  void listFiltersByPrefixAndRefusesUnknownProviders() {
    importRates(chunk(rate("49", 1), rate("4930", 2), rate("4989", 3), rate("44", 4)));

    assertThat(admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).setPrefix("49").build()).getRatesList())
        .extracting(Rate::getPrefix)
        .containsExactly("49", "4930", "4989");
    invalid("prefix", () -> admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).setPrefix("+49").build()));
    refused(Status.Code.NOT_FOUND, () -> admin.listRates(ListRatesRequest.newBuilder().setProviderId(uniqueId("missing")).build()));
  }
}
