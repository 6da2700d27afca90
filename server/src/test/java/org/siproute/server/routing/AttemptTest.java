package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.route;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Strategy;
import org.siproute.server.domain.Transport;

/**
 * What an attempt tells the caller to dial: sip:[tech_prefix][dialed number][tech_postfix]@host,
 * sips: and a transport parameter for TLS, a transport parameter for TCP, none for UDP; the
 * provider's headers and name; the route that placed it.
 */
class AttemptTest {

  private static Plan.Attempt attemptFor(Provider provider, String number) {
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY).provider(provider).route(route("", "", provider.id())));
    return plan(engine, "c1", number).attempts().get(0);
  }

  @Test
  void udpHasNoTransportParameter() {
    assertThat(attemptFor(provider("carrier"), LONDON).sipUri()).isEqualTo("sip:442071234567@carrier.example");
  }

  @Test
  void tcpSaysSo() {
    Provider tcp = provider("carrier", Transport.TCP, "", "", Map.of());

    assertThat(attemptFor(tcp, LONDON).sipUri()).isEqualTo("sip:442071234567@carrier.example;transport=tcp");
  }

  @Test
  void tlsUsesTheSipsScheme() {
    Provider tls = provider("carrier", Transport.TLS, "", "", Map.of());

    assertThat(attemptFor(tls, LONDON).sipUri()).isEqualTo("sips:442071234567@carrier.example;transport=tls");
  }

  @Test
  void techPrefixAndPostfixSurroundTheDigitsWithHashPercentEncoded() {
    Provider tech = provider("carrier", Transport.UDP, "0049#", "*7#", Map.of());

    Plan.Attempt attempt = attemptFor(tech, LONDON);

    assertThat(attempt.sipUri()).isEqualTo("sip:0049%23442071234567*7%23@carrier.example");
    assertThat(attempt.dialedNumber()).isEqualTo(LONDON);
  }

  @Test
  void theNumberIsDialledAsE164DigitsWhateverWayItWasWritten() {
    assertThat(attemptFor(provider("carrier"), "+44 (20) 7123-4567").sipUri())
        .isEqualTo("sip:442071234567@carrier.example");
  }

  @Test
  void theAttemptCarriesTheProvidersHeadersNameAndTheRoute() {
    Provider withHeaders = provider("carrier", Transport.UDP, "", "", Map.of("X-Account", "42"));

    Plan.Attempt attempt = attemptFor(withHeaders, LONDON);

    assertThat(attempt.headers()).containsExactly(Map.entry("X-Account", "42"));
    assertThat(attempt.providerId()).isEqualTo("carrier");
    assertThat(attempt.providerName()).isEqualTo("Provider carrier");
    assertThat(attempt.route().id()).isEqualTo("default//carrier");
  }
}
