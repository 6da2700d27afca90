package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.formatted;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.translated;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.Strategy;
import org.siproute.server.domain.Transport;

/**
 * The number as a provider is sent it: written in the provider's number format (for the
 * destination's own country when national), then the route's strip_digits and prepend, and
 * percent-encoded in the URI's user part where RFC 3261 requires it.
 */
class NumberTranslationTest {

  private static Plan.Attempt attempt(Provider provider, Route route, String number) {
    return plan(engine(TestRouting.snapshot(Strategy.PRIORITY).provider(provider).route(route)), "c1", number)
        .attempts()
        .get(0);
  }

  private static Plan.Attempt attempt(NumberFormat format, String number) {
    return attempt(formatted(provider("carrier"), format), route("", "", "carrier"), number);
  }

  /** Destinations of several countries (region) written in every format. */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    // region, E.164,   format,             dialled
    "DE, 49301234567,   E164_DIGITS,        49301234567",
    "DE, 49301234567,   E164_PLUS,          +49301234567",
    "DE, 49301234567,   NATIONAL,           0301234567",
    "DE, 49301234567,   INTERNATIONAL_00,   0049301234567",
    "DE, 49301234567,   INTERNATIONAL_011,  01149301234567",
    "US, 12125550100,   E164_DIGITS,        12125550100",
    "US, 12125550100,   E164_PLUS,          +12125550100",
    "US, 12125550100,   NATIONAL,           2125550100",
    "US, 12125550100,   INTERNATIONAL_00,   0012125550100",
    "US, 12125550100,   INTERNATIONAL_011,  01112125550100",
    "GB, 442071234567,  NATIONAL,           02071234567",
    "GB, 442071234567,  INTERNATIONAL_00,   00442071234567",
    "IT, 390612345678,  NATIONAL,           0612345678",
    "IT, 390612345678,  E164_PLUS,          +390612345678",
    "FR, 33123456789,   NATIONAL,           0123456789",
    "FR, 33123456789,   INTERNATIONAL_011,  01133123456789",
    // International freephone (+800) has no national form: the E.164 digits stay.
    "001, 80012345678,  NATIONAL,           80012345678",
  })
  void eachFormatWritesTheNumberOfEachRegion(String region, String e164, NumberFormat format, String dialled) {
    Plan.Attempt attempt = attempt(format, e164);

    assertThat(attempt.dialedNumber()).isEqualTo(dialled);
    assertThat(attempt.sipUri()).isEqualTo("sip:" + dialled + "@carrier.example");
  }

  @Test
  void routesStripLeadingCharactersOfTheFormattedNumberThenPrepend() {
    Provider national = formatted(provider("carrier"), NumberFormat.NATIONAL);

    Plan.Attempt attempt = attempt(national, translated(route("", "49", "carrier"), 1, "1234"), "49301234567");

    assertThat(attempt.dialedNumber()).isEqualTo("1234301234567");
    assertThat(attempt.sipUri()).isEqualTo("sip:1234301234567@carrier.example");
  }

  @Test
  void stripping_countsThePlusOfE164PlusAsACharacter() {
    Provider plus = formatted(provider("carrier"), NumberFormat.E164_PLUS);

    assertThat(attempt(plus, translated(route("", "49", "carrier"), 3, ""), "49301234567").dialedNumber())
        .isEqualTo("301234567");
  }

  @Test
  void hashInPrependAndTechPrefixIsPercentEncodedInTheUriButNotInTheDialledNumber() {
    Provider tech = provider("carrier", Transport.TCP, "#31#", "", Map.of());

    Plan.Attempt attempt = attempt(tech, translated(route("", "", "carrier"), 0, "*#+"), "49301234567");

    assertThat(attempt.dialedNumber()).isEqualTo("*#+49301234567");
    assertThat(attempt.sipUri()).isEqualTo("sip:%2331%23*%23+49301234567@carrier.example;transport=tcp");
  }

  @Test
  void aRouteThatStripsTheWholeNumberIsLeftOutAndTheNextRouteIsTried() {
    Route stripsAll = translated(route("", "49", "short", 0, 0), 11, "");
    Route other = route("", "49", "other", 1, 0);
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY, "short", "other").route(stripsAll).route(other));

    Plan plan = explain(engine, "c1", "49301234567");

    assertThat(providers(plan)).containsExactly("other");
    assertThat(reasonFor(plan, stripsAll.id())).contains("strips 11 digits");
  }

  @Test
  void explainSaysHowTheNumberWasDialledWhenItIsNotPlainE164Digits() {
    Provider national = formatted(provider("natl"), NumberFormat.NATIONAL);
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY).provider(national).provider(provider("plain"))
            .route(translated(route("", "49", "natl", 0, 0), 1, "99"))
            .route(route("", "49", "plain", 1, 0)));

    Plan plan = explain(engine, "c1", "49301234567");

    assertThat(plan.attempts().get(0).reasons()).contains("dialled as '99301234567': NATIONAL, strip 1, prepend '99'");
    assertThat(plan.attempts().get(1).reasons()).noneMatch(r -> r.startsWith("dialled as"));
  }

  @Test
  void escapingLeavesWhatAUserPartAllowsAndEncodesTheRestAsUtf8() {
    assertThat(SipUserPart.escape("0049")).isSameAs("0049");
    assertThat(SipUserPart.escape("a-_.!~*'()&=+$,;?/Z")).isEqualTo("a-_.!~*'()&=+$,;?/Z");
    assertThat(SipUserPart.escape("#")).isEqualTo("%23");
    assertThat(SipUserPart.escape("1 2%3@4:5ü")).isEqualTo("1%202%253%404%3A5%C3%BC");
  }
}
