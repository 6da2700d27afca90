package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.domain.Transport;

/**
 * The OPTIONS probe itself: the request it sends, how it reads answers, and what it makes of a
 * real SIP peer (sipp), a port where nothing answers and a closed port; the verdict thresholds.
 */
class SipOptionsProbeTest {
  @Test
  void theRequestCarriesEveryMandatoryHeaderAndNoBody() {
    SipOptionsProbe.Target target = SipOptionsProbe.Target.of("sip.carrier.example:5080", Transport.TCP);
    String request =
        SipOptionsProbe.request(target, new InetSocketAddress("192.0.2.7", 40000), "abc@192.0.2.7");
    assertThat(request).startsWith("OPTIONS sip:sip.carrier.example:5080;transport=tcp SIP/2.0\r\n");
    assertThat(request).containsPattern("\r\nVia: SIP/2\\.0/TCP 192\\.0\\.2\\.7:40000;branch=z9hG4bK[0-9a-f]{24};rport\r\n");
    assertThat(request).containsPattern("\r\nFrom: <sip:siproute@192\\.0\\.2\\.7>;tag=[0-9a-f]{16}\r\n");
    assertThat(request).contains("\r\nTo: <sip:sip.carrier.example:5080;transport=tcp>\r\n");
    assertThat(request).contains("\r\nCall-ID: abc@192.0.2.7\r\n", "\r\nCSeq: 1 OPTIONS\r\n", "\r\nMax-Forwards: 70\r\n");
    assertThat(request).endsWith("\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void targetsComeFromTheProvidersHostname() {
    assertThat(SipOptionsProbe.Target.of("carrier.example", Transport.UDP))
        .isEqualTo(new SipOptionsProbe.Target("carrier.example", 5060, Transport.UDP));
    assertThat(SipOptionsProbe.Target.of("[2001:db8::1]:5070", Transport.UDP).uriHost()).isEqualTo("[2001:db8::1]");
    assertThat(SipOptionsProbe.Target.of("[2001:db8::1]", Transport.UDP).port()).isEqualTo(5060);
    assertThat(SipOptionsProbe.Target.of("10.1.2.3:5062", Transport.UDP).port()).isEqualTo(5062);
  }

  @Test
  void responsesAreReadWithCompactHeadersAndTheirClassDecidesUpOrDown() {
    SipOptionsProbe.Response r =
        SipOptionsProbe.parse("SIP/2.0 404 Not Found\r\ni: x@y\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.reason()).isEqualTo("Not Found");
    assertThat(r.headers()).containsEntry("call-id", "x@y").containsEntry("content-length", "0");
    assertThat(SipOptionsProbe.parse("OPTIONS sip:a SIP/2.0\r\n\r\n")).as("a request").isNull();
    assertThat(SipOptionsProbe.parse("SIP/2.0 9x9 Odd\r\n\r\n")).isNull();
    assertThat(SipOptionsProbe.Result.response(200, "OK").answered()).isTrue();
    assertThat(SipOptionsProbe.Result.response(403, "Forbidden").answered()).as("an answer, if unfriendly").isTrue();
    assertThat(SipOptionsProbe.Result.response(408, "Request Timeout").answered()).isFalse();
    assertThat(SipOptionsProbe.Result.response(503, "Service Unavailable").answered()).isFalse();
    assertThat(SipOptionsProbe.Result.response(603, "Decline").answered()).isFalse();
  }

  @Test
  void aUdpPortWhereNothingAnswersTimesOut() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      SipOptionsProbe.Result result =
          SipOptionsProbe.probe(SipOptionsProbe.Target.of("127.0.0.1:" + silent.getLocalPort(), Transport.UDP), 700);
      assertThat(result.answered()).isFalse();
      assertThat(result.detail()).isEqualTo("no answer within 700 ms");
    }
  }

  @Test
  void aClosedUdpPortIsUnreachable() {
    int port = SippUas.freeUdpPort();
    SipOptionsProbe.Result result =
        SipOptionsProbe.probe(SipOptionsProbe.Target.of("127.0.0.1:" + port, Transport.UDP), 2000);
    assertThat(result.answered()).isFalse();
    assertThat(result.detail()).isIn("port unreachable", "no answer within 2000 ms");
  }

  @Test
  void anUnresolvableHostIsDown() {
    SipOptionsProbe.Result result =
        SipOptionsProbe.probe(SipOptionsProbe.Target.of("no-such-host.invalid", Transport.UDP), 500);
    assertThat(result.answered()).isFalse();
    assertThat(result.detail()).isEqualTo("cannot resolve no-such-host.invalid");
  }

  @Test
  void sippAnswersOverUdpWith200() {
    Assumptions.assumeTrue(SippUas.binary().isPresent(), SippUas.MISSING);
    int port = SippUas.freeUdpPort();
    try (SippUas sipp = SippUas.start(port, false).awaitAnswering(false)) {
      SipOptionsProbe.Target target = SipOptionsProbe.Target.of("127.0.0.1:" + port, Transport.UDP);
      SipOptionsProbe.Result result = SipOptionsProbe.probe(target, 2000);
      assertThat(result).isEqualTo(new SipOptionsProbe.Result(true, 200, "200 OK"));
    }
  }

  @Test
  void downAndUpHaveTheirOwnThresholds() {
    QualityConfig config = QualityConfig.DEFAULTS.withProbing(Duration.ofSeconds(1), Duration.ofMillis(500), 3, 2);
    OptionsProber prober =
        new OptionsProber(null, QualityTestSupport.clock(), org.siproute.server.config.ServerConfig.defaults().withQuality(config));
    SipOptionsProbe.Result miss = SipOptionsProbe.Result.failed("no answer within 500 ms");
    SipOptionsProbe.Result answer = SipOptionsProbe.Result.response(200, "OK");
    OptionsProber.Verdict v = OptionsProber.Verdict.PENDING;
    v = prober.next(v, miss, 1);
    v = prober.next(v, miss, 2);
    assertThat(v.state()).as("two misses of three").isEqualTo(ProbeState.PENDING);
    v = prober.next(v, miss, 3);
    assertThat(v.state()).isEqualTo(ProbeState.DOWN);
    assertThat(v.changedMillis()).isEqualTo(3);
    v = prober.next(v, answer, 4);
    assertThat(v.state()).as("one answer of two").isEqualTo(ProbeState.DOWN);
    v = prober.next(v, miss, 5);
    v = prober.next(v, answer, 6);
    assertThat(v.state()).as("answers must come in a row").isEqualTo(ProbeState.DOWN);
    v = prober.next(v, answer, 7);
    assertThat(v.state()).isEqualTo(ProbeState.UP);
    assertThat(v.changedMillis()).isEqualTo(7);
    v = prober.next(v, miss, 8);
    v = prober.next(v, miss, 9);
    assertThat(v.state()).isEqualTo(ProbeState.UP);
    assertThat(v.detail()).isEqualTo("no answer within 500 ms");
  }
}
