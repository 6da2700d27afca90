package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.refused;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.Channel;
import io.grpc.Status;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.server.api.AdminValidator;
import org.siproute.server.api.RateImportStream;
import org.siproute.server.api.RateImportStream;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.TestServer;

/**
 * --max-message-size on a real (Netty) port, at its smallest allowed value: the largest
 * legitimate message, a full ImportRates chunk, still fits; anything larger is refused with
 * RESOURCE_EXHAUSTED and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageSizeLimitTest {
  /** A provider id of the greatest allowed length: every rate line repeats it. */
  private static final String LONGEST_ID = "p" + "x".repeat(63);

  private TestServer server;
  private Channel channel;
  private RouteAdminGrpc.RouteAdminBlockingStub admin;

  @BeforeAll
  void start() {
    server = TestServer.builder().loopback().flags("--max-message-size", "2MiB").start();
    assertThat(server.config().limits().maxMessageBytes()).isEqualTo(LimitsConfig.MIN_MESSAGE_BYTES);
    channel = server.channel();
    admin = server.admin();
    admin.createProvider(
        CreateProviderRequest.newBuilder().setProvider(Fixtures.provider(LONGEST_ID).setHostname("sip.longest.example")).build());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void aFullImportChunkOfTheLongestRateLinesFitsTheSmallestLimit() {
    ImportRatesRequest chunk = largestChunk(0);
    assertThat(chunk.getSerializedSize()).isLessThan(LimitsConfig.MIN_MESSAGE_BYTES);

    ImportRatesResponse imported = RateImports.run(channel, chunk);

    assertThat(imported.getImported()).isEqualTo(RateImportStream.MAX_RATES_PER_MESSAGE);
  }

  @Test
  void aLargerRequestIsRefusedWithResourceExhaustedAndCreatesNothing() {
    String name = "n".repeat(LimitsConfig.MIN_MESSAGE_BYTES);

    refused(
        Status.Code.RESOURCE_EXHAUSTED,
        () -> admin.createProvider(
            CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("too-big").setName(name)).build()));

    refused(Status.Code.NOT_FOUND, () -> admin.getProvider(GetProviderRequest.newBuilder().setId("too-big").build()));
  }

  @Test
  void anOversizedMessageInTheMiddleOfAnImportRefusesTheWholeImport() {
    String other = Fixtures.uniqueId("p");
    admin.createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider(other)).build());
    ImportRatesRequest fine =
        ImportRatesRequest.newBuilder()
            .setProviderId(other)
            .addRates(Rate.newBuilder().setPrefix("49").setPriceMicros(1000).setCurrency("EUR"))
            .build();
    ImportRatesRequest tooBig =
        ImportRatesRequest.newBuilder()
            .setProviderId(other + "x".repeat(LimitsConfig.MIN_MESSAGE_BYTES))
            .build();

    refused(Status.Code.RESOURCE_EXHAUSTED, () -> RateImports.run(channel, fine, tooBig));

    assertThat(admin.listRates(ListRatesRequest.newBuilder().setProviderId(other).build()).getRatesCount())
        .as("rates of the refused import")
        .isZero();
  }

  /** 10 000 rate lines with every field at its longest (the ids, prices and times allowed). */
  private static ImportRatesRequest largestChunk(int firstPrefix) {
    Timestamp from = Timestamps.fromMillis(Instant.parse("9999-12-30T23:59:59.999Z").toEpochMilli()).toBuilder().setNanos(999_999_999).build();
    Timestamp until = Timestamps.fromMillis(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()).toBuilder().setNanos(999_999_999).build();
    ImportRatesRequest.Builder chunk = ImportRatesRequest.newBuilder().setProviderId(LONGEST_ID).setReplace(true);
    for (int i = 0; i < RateImportStream.MAX_RATES_PER_MESSAGE; i++) {
      chunk.addRates(
          Rate.newBuilder()
              .setProviderId(LONGEST_ID)
              .setPrefix(String.format("%015d", 999_999_999_000_000L + firstPrefix + i))
              .setPriceMicros(AdminValidator.MAX_PRICE_MICROS)
              .setCurrency("USD")
              .setValidFrom(from)
              .setValidUntil(until));
    }
    return chunk.build();
  }
}
