package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.NOW;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.notes;
import static org.siproute.server.routing.TestRouting.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siproute.server.domain.Strategy;

/**
 * Numbers as people dial them: in a default region, national numbers and the region's
 * international access code are read with libphonenumber; E.164 stays E.164; without a region
 * the digits are taken as given.
 */
class DefaultRegionTest {

  @ParameterizedTest(name = "''{1}'' in ''{0}'' -> {2}")
  @CsvSource({
    // region, as dialled,          E.164 digits,  how it was read (part of)
    "DE, 030 1234567,               49301234567,   national number in DE",
    "DE, 0049 30 1234567,           49301234567,   international access code of DE",
    "DE, 00 44 20 7123 4567,        442071234567,  international access code of DE",
    "DE, +49 30 1234567,            49301234567,   ",
    "DE, 49301234567,               49301234567,   E.164 without '+'",
    "DE, 442071234567,              442071234567,  E.164 without '+'",
    "US, 442071234567,              442071234567,  E.164 without '+'",
    "US, (212) 555-0100,            12125550100,   national number in US",
    "US, 011 49 30 1234567,         49301234567,   international access code of US",
    "US, 1 212 555 0100,            12125550100,   ",
    "GB, 020 7123 4567,             442071234567,  national number in GB",
    "IT, 06 1234 5678,              390612345678,  national number in IT",
    "FR, 01 23 45 67 89,            33123456789,   national number in FR",
    "'', 030 1234567,               0301234567,    ",
    "'', +49 30 1234567,            49301234567,   ",
  })
  void numbersAreReadAsDialledInTheRegion(String region, String dialled, String e164, String reading) {
    Destination d = Destination.parse(dialled, region);

    assertThat(d).isNotNull();
    assertThat(d.digits()).isEqualTo(e164);
    if (reading != null) {
      assertThat(d.reading()).contains(reading);
    }
  }

  @Test
  void withoutARegionOrWithANumberWithPlusNothingIsReadDifferently() {
    assertThat(Destination.parse("030 1234567", "").reading()).isNull();
    assertThat(Destination.parse("+49 30 1234567", "DE").reading()).isNull();
  }

  @Test
  void whatIsNotANumberStaysRefusedInEveryRegion() {
    assertThat(Destination.parse("030 12x4567", "DE")).isNull();
    assertThat(Destination.parse("12", "DE")).isNull();
    assertThat(Destination.parse("", "US")).isNull();
  }

  @Test
  void regionsAreTheCodesLibphonenumberKnows() {
    assertThat(Destination.isRegion("")).isTrue();
    assertThat(Destination.isRegion("DE")).isTrue();
    assertThat(Destination.isRegion("de")).isFalse();
    assertThat(Destination.isRegion("EU")).isFalse();
    assertThat(Destination.isRegion("DEU")).isFalse();
  }

  @Test
  void explainSaysHowTheNumberWasRead() {
    RoutingEngine engine = engine(TestRouting.snapshot(Strategy.PRIORITY, "a").route(route("", "49", "a")));

    Plan plan = engine.plan(new RoutingEngine.Call("c1", Destination.parse("030 1234567", "DE"), NOW, 1, true));

    assertThat(TestRouting.providers(plan)).containsExactly("a");
    assertThat(notes(plan)).contains("destination read as 49301234567: national number in DE (default_region DE)");
  }
}
