package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.RoutingFixtures.call;

import com.google.protobuf.FieldMask;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.NumberFormat;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * Number translation through the real gRPC stack and database: the provider's number_format
 * and the route's strip_digits and prepend are stored, checked and read back, and every Select
 * sends the number as they say, percent-encoded in the URI where RFC 3261 requires it.
 */
@OnEachDatabase
class NumberTranslationDecisionTest extends ServerPerClass {

  private Provider provider(Provider.Builder provider) {
    return admin.createProvider(CreateProviderRequest.newBuilder().setProvider(provider).build());
  }

  private Provider provider(NumberFormat format) {
    String id = Fixtures.uniqueId("p");
    return provider(Provider.newBuilder().setId(id).setName(id).setHostname(id + ".example").setNumberFormat(format));
  }

  private Route route(String customer, String providerId, int stripDigits, String prepend) {
    return admin.createRoute(
        CreateRouteRequest.newBuilder()
            .setRoute(
                Route.newBuilder()
                    .setCustomerId(customer)
                    .setProviderId(providerId)
                    .setStripDigits(stripDigits)
                    .setPrepend(prepend))
            .build());
  }

  private Attempt firstAttempt(String customer, String destination) {
    SelectResponse response = server.select().select(call(customer, destination).build());
    assertThat(response.getAttemptsList()).isNotEmpty();
    return response.getAttempts(0);
  }

  /** Numbers of several regions, each written in each format by a provider of that format. */
  @ParameterizedTest(name = "{0} as {1}: {2}")
  @CsvSource({
    "+49 30 1234567,    E164_DIGITS,               49301234567",
    "+49 30 1234567,    NUMBER_FORMAT_UNSPECIFIED, 49301234567",
    "+49 30 1234567,    E164_PLUS,                 +49301234567",
    "+49 30 1234567,    NATIONAL,                  0301234567",
    "+49 30 1234567,    INTERNATIONAL_00,          0049301234567",
    "+49 30 1234567,    INTERNATIONAL_011,         01149301234567",
    "+1 (212) 555-0100, NATIONAL,                  2125550100",
    "+1 (212) 555-0100, INTERNATIONAL_00,          0012125550100",
    "+1 (212) 555-0100, INTERNATIONAL_011,         01112125550100",
    "+44 20 7123 4567,  NATIONAL,                  02071234567",
    "+44 20 7123 4567,  E164_PLUS,                 +442071234567",
    "+39 06 1234 5678,  NATIONAL,                  0612345678",
    "+33 1 23 45 67 89, NATIONAL,                  0123456789",
    "+81 3 1234 5678,   NATIONAL,                  0312345678",
  })
  void theProvidersNumberFormatWritesNumbersOfEveryRegion(String destination, NumberFormat format, String dialled) {
    Provider p = provider(format);
    String customer = Fixtures.uniqueId("c");
    route(customer, p.getId(), 0, "");

    Attempt attempt = firstAttempt(customer, destination);

    assertThat(attempt.getDialedNumber()).isEqualTo(dialled);
    assertThat(attempt.getSipUri()).isEqualTo("sip:" + dialled + "@" + p.getHostname());
  }

  @Test
  void theRouteStripsAndPrependsAndTheUriEscapesTheHash() {
    Provider p =
        provider(Provider.newBuilder().setId(Fixtures.uniqueId("p")).setName("n").setHostname("sbc.example:5061")
            .setTransport(Transport.TLS).setNumberFormat(NumberFormat.NATIONAL).setTechPrefix("#31#").setTechPostfix("#"));
    String customer = Fixtures.uniqueId("c");
    route(customer, p.getId(), 1, "*99#");

    Attempt attempt = firstAttempt(customer, "+49 30 1234567");

    assertThat(attempt.getDialedNumber()).isEqualTo("*99#301234567");
    assertThat(attempt.getSipUri()).isEqualTo("sips:%2331%23*99%23301234567%23@sbc.example:5061;transport=tls");
  }

  @Test
  void translationFieldsAreStoredReadBackAndUpdatedByMask() {
    Provider p = provider(NumberFormat.INTERNATIONAL_00);
    Route r = route(Fixtures.uniqueId("c"), p.getId(), 2, "+1");

    assertThat(admin.getProvider(GetProviderRequest.newBuilder().setId(p.getId()).build()).getNumberFormat())
        .isEqualTo(NumberFormat.INTERNATIONAL_00);
    Route stored = admin.getRoute(GetRouteRequest.newBuilder().setId(r.getId()).build());
    assertThat(stored.getStripDigits()).isEqualTo(2);
    assertThat(stored.getPrepend()).isEqualTo("+1");

    Route updated =
        admin.updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(Route.newBuilder().setId(r.getId()).setStripDigits(4).setPrepend("should stay unchanged"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("strip_digits"))
                .build());
    assertThat(updated.getStripDigits()).isEqualTo(4);
    assertThat(updated.getPrepend()).isEqualTo("+1");
    Provider national =
        admin.updateProvider(
            UpdateProviderRequest.newBuilder()
                .setProvider(Provider.newBuilder().setId(p.getId()).setNumberFormat(NumberFormat.NATIONAL))
                .setUpdateMask(FieldMask.newBuilder().addPaths("number_format"))
                .build());
    assertThat(national.getNumberFormat()).isEqualTo(NumberFormat.NATIONAL);
    assertThat(national.getName()).isEqualTo(p.getName());
  }

  @Test
  void explainSaysHowTheNumberWasDialled() {
    Provider p = provider(NumberFormat.NATIONAL);
    String customer = Fixtures.uniqueId("c");
    route(customer, p.getId(), 1, "99");

    SelectResponse response = server.select().select(call(customer, "+49 30 1234567").setExplain(true).build());

    assertThat(response.getAttempts(0).getReasonsList()).contains("dialled as '99301234567': NATIONAL, strip 1, prepend '99'");
  }

  @Test
  void aRouteThatWouldStripTheWholeNumberIsLeftOutWithItsReason() {
    Provider p = provider(NumberFormat.E164_DIGITS);
    String customer = Fixtures.uniqueId("c");
    Route r = route(customer, p.getId(), 15, "");

    SelectResponse response = server.select().select(call(customer, "+49 30 1234567").setExplain(true).build());

    assertThat(response.getAttemptsList()).isEmpty();
    assertThat(response.getConsideredList())
        .anySatisfy(c -> {
          assertThat(c.getRouteId()).isEqualTo(r.getId());
          assertThat(c.getReason()).contains("strips 15 digits");
        });
  }

  @Test
  void badTranslationFieldsAreRefusedNamingEachField() {
    List<String> fields =
        invalid("route.strip_digits", () -> admin.createRoute(CreateRouteRequest.newBuilder()
            .setRoute(Route.newBuilder().setProviderId(provider(NumberFormat.E164_DIGITS).getId()).setStripDigits(16).setPrepend("12a"))
            .build()));
    assertThat(fields).contains("route.prepend");
    invalid("route.strip_digits", () -> admin.createRoute(CreateRouteRequest.newBuilder()
        .setRoute(Route.newBuilder().setProviderId("any").setStripDigits(-1)).build()));
    invalid("route.prepend", () -> admin.createRoute(CreateRouteRequest.newBuilder()
        .setRoute(Route.newBuilder().setProviderId("any").setPrepend("1".repeat(33))).build()));

    String id = Fixtures.uniqueId("p");
    Provider.Builder bad =
        Provider.newBuilder().setId(id).setName(id).setHostname("h.example").setNumberFormatValue(99)
            .setTechPrefix("99@").setTechPostfix("x y");
    List<String> providerFields = invalid("provider.number_format", () -> provider(bad));
    assertThat(providerFields).contains("provider.tech_prefix", "provider.tech_postfix");
  }

  @Test
  void techPrefixAndPostfixAcceptTheSameCharacters() {
    String id = Fixtures.uniqueId("p");
    String both = "ab-_.!~*'()&=+$,;?/#09";

    Provider stored =
        provider(Provider.newBuilder().setId(id).setName(id).setHostname("h.example").setTechPrefix(both).setTechPostfix(both));

    assertThat(stored.getTechPrefix()).isEqualTo(both);
    assertThat(stored.getTechPostfix()).isEqualTo(both);
  }
}
