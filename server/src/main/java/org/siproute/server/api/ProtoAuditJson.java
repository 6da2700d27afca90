package org.siproute.server.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import jakarta.inject.Inject;
import org.siproute.server.auth.AuditJson;
import org.siproute.server.domain.ApiKey;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;

/** The audit trail's resource states: the wire messages in their compact JSON form. */
public final class ProtoAuditJson implements AuditJson {
  private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

  @Inject
  ProtoAuditJson() {}

  @Override
  public String provider(Provider provider) {
    return json(ProtoMapper.provider(provider));
  }

  @Override
  public String route(Route route) {
    return json(ProtoMapper.route(route));
  }

  @Override
  public String policy(RoutingPolicy policy) {
    return json(ProtoMapper.policy(policy));
  }

  @Override
  public String apiKey(ApiKey key) {
    return json(ProtoMapper.apiKey(key));
  }

  @Override
  public String exchangeRates(String platformCurrency, java.util.List<org.siproute.server.domain.ExchangeRate> rates) {
    return json(
        org.siproute.proto.v1.ListExchangeRatesResponse.newBuilder()
            .setPlatformCurrency(platformCurrency)
            .addAllRates(rates.stream().map(ProtoMapper::exchangeRate).toList()));
  }

  @Override
  public String sellRateImport(String customerId, boolean replace, long imported, long replaced) {
    return importSummary("customer_id", customerId, replace, imported, replaced);
  }

  @Override
  public String rateImport(String providerId, boolean replace, long imported, long replaced) {
    return importSummary("provider_id", providerId, replace, imported, replaced);
  }

  @Override
  public String routeImport(String customerId, boolean replace, long created, long updated, long deleted, long unchanged) {
    return json(
        Struct.newBuilder()
            .putFields("customer_id", Value.newBuilder().setStringValue(customerId).build())
            .putFields("replace", Value.newBuilder().setBoolValue(replace).build())
            .putFields("created", Value.newBuilder().setNumberValue(created).build())
            .putFields("updated", Value.newBuilder().setNumberValue(updated).build())
            .putFields("deleted", Value.newBuilder().setNumberValue(deleted).build())
            .putFields("unchanged", Value.newBuilder().setNumberValue(unchanged).build())
            .build());
  }

  private static String importSummary(String ownerField, String owner, boolean replace, long imported, long replaced) {
    return json(
        Struct.newBuilder()
            .putFields(ownerField, Value.newBuilder().setStringValue(owner).build())
            .putFields("replace", Value.newBuilder().setBoolValue(replace).build())
            .putFields("imported", Value.newBuilder().setNumberValue(imported).build())
            .putFields("replaced", Value.newBuilder().setNumberValue(replaced).build())
            .build());
  }

  private static String json(MessageOrBuilder message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any of an unknown type fails to print; resources hold none.
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
