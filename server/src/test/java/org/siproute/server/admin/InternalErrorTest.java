package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Refusals.refused;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.ServerPerClass;

/**
 * A database failure nobody planned for reaches the client as INTERNAL with an incident id
 * only: no SQL, no driver message, no stack trace. Breaks its own database on purpose.
 */
@OnEachDatabase
class InternalErrorTest extends ServerPerClass {

  @Test
  void brokenSchemaGivesInternalWithAnIncidentIdAndNoInternals() {
    Provider stored = createProvider(admin);
    server.database().execute("DROP TABLE provider_label");
    server.database().execute("DROP TABLE rate");

    var get = refused(Status.Code.INTERNAL, () -> admin.getProvider(GetProviderRequest.newBuilder().setId(stored.getId()).build()));
    var list = refused(Status.Code.INTERNAL, () -> admin.listProviders(ListProvidersRequest.getDefaultInstance()));
    var rates =
        refused(
            Status.Code.INTERNAL,
            () ->
                RateImports.run(
                    server.channel(),
                    ImportRatesRequest.newBuilder()
                        .setProviderId(stored.getId())
                        .addRates(Rate.newBuilder().setPrefix("49").setCurrency("EUR"))
                        .build()));

    for (var e : java.util.List.of(get, list, rates)) {
      assertThat(e.getStatus().getDescription()).matches("internal error \\(incident [0-9a-f-]{36}\\)");
      var info = org.siproute.server.testing.Refusals.errorInfo(e);
      assertThat(info.getReason()).isEqualTo("INTERNAL");
      assertThat(e.getStatus().getDescription()).contains(info.getMetadataOrThrow("incident"));
    }
  }
}
