package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.provider;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.ServerPerClass;

/** Providers through RouteAdmin: create, get, update with masks and etags, delete. */
@OnEachDatabase
class ProviderAdminTest extends ServerPerClass {

  private Provider get(String id) {
    return admin.getProvider(GetProviderRequest.newBuilder().setId(id).build());
  }

  private Provider create(Provider.Builder p) {
    return admin.createProvider(CreateProviderRequest.newBuilder().setProvider(p).build());
  }

  private Provider update(Provider p, String... paths) {
    return admin.updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(p)
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(java.util.List.of(paths)))
            .build());
  }

  @Test
  void createdProviderReadsBackWithEveryField() {
    String id = uniqueId("p");
    Provider created = create(provider(id).setHostname("SIP.Carrier.Example:5061"));

    assertThat(created.getId()).isEqualTo(id);
    assertThat(created.getEtag()).isNotEmpty();
    assertThat(created.hasCreateTime()).isTrue();
    assertThat(created.getHostname()).as("host names are case-insensitive; stored lower-case").isEqualTo("sip.carrier.example:5061");
    assertThat(created.getTransport()).isEqualTo(Transport.TCP);
    assertThat(created.getTechPrefix()).isEqualTo("0049#");
    assertThat(created.getTechPostfix()).isEqualTo(";npdi");
    assertThat(created.getTechHeadersMap()).containsExactlyEntriesOf(java.util.Map.of("X-Account", "acct-17"));
    assertThat(created.getLabelsMap()).containsExactlyEntriesOf(java.util.Map.of("region", "eu"));
    assertThat(created.getWeight()).isEqualTo(3);
    assertThat(created.getMaxConcurrentCalls()).isEqualTo(100);
    assertThat(get(id)).isEqualTo(created);
  }

  @Test
  void createWithoutIdGeneratesOneAndUnsetTransportMeansUdp() {
    Provider created = create(provider("x").clearId().clearTransport());

    assertThat(created.getId()).isNotEmpty();
    assertThat(created.getTransport()).isEqualTo(Transport.UDP);
    assertThat(get(created.getId())).isEqualTo(created);
  }

  @Test
  void outputOnlyFieldsOfTheRequestAreIgnored() {
    String id = uniqueId("p");
    Provider created =
        create(provider(id).setEtag("999").setCreateTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(5)));

    assertThat(created.getEtag()).isNotEqualTo("999");
    assertThat(created.getCreateTime().getSeconds()).isNotEqualTo(5);
  }

  @Test
  void getOfUnknownProviderIsNotFound() {
    String id = uniqueId("missing");
    var e = refused(Status.Code.NOT_FOUND, () -> get(id));
    assertThat(e.getStatus().getDescription()).contains(id);
  }

  @Test
  void duplicateIdIsAlreadyExistsAndLeavesTheFirstUnchanged() {
    Provider first = createProvider(admin);

    var e = refused(Status.Code.ALREADY_EXISTS, () -> create(provider(first.getId()).setName("Impostor")));

    assertThat(e.getStatus().getDescription()).contains(first.getId());
    assertThat(get(first.getId())).isEqualTo(first);
  }

  @Test
  void updateChangesOnlyTheMaskedFields() {
    Provider stored = createProvider(admin);
    Provider request =
        stored.toBuilder().setName("Renamed").setHostname("other.example").setWeight(77).build();

    Provider updated = update(request, "name", "weight");

    assertThat(updated.getName()).isEqualTo("Renamed");
    assertThat(updated.getWeight()).isEqualTo(77);
    assertThat(updated.getHostname()).as("not in the mask").isEqualTo(stored.getHostname());
    assertThat(updated.getEtag()).isNotEqualTo(stored.getEtag());
    assertThat(updated.getCreateTime()).isEqualTo(stored.getCreateTime());
    assertThat(get(stored.getId())).isEqualTo(updated);
  }

  @Test
  void updateWithStarMaskReplacesEveryWritableField() {
    Provider stored = createProvider(admin);
    Provider replacement =
        Provider.newBuilder()
            .setId(stored.getId())
            .setName("Bare")
            .setHostname("10.0.0.7")
            .putTechHeaders("P-Preferred-Service", "urn:urn-7:3gpp-service.ims.icsi.mmtel")
            .build();

    Provider updated = update(replacement, "*");

    assertThat(updated.getName()).isEqualTo("Bare");
    assertThat(updated.getHostname()).isEqualTo("10.0.0.7");
    assertThat(updated.getTransport()).isEqualTo(Transport.UDP);
    assertThat(updated.getTechPrefix()).isEmpty();
    assertThat(updated.getTechPostfix()).isEmpty();
    assertThat(updated.getTechHeadersMap())
        .as("a map is replaced, not merged")
        .containsExactlyEntriesOf(java.util.Map.of("P-Preferred-Service", "urn:urn-7:3gpp-service.ims.icsi.mmtel"));
    assertThat(updated.getLabelsMap()).isEmpty();
    assertThat(updated.getWeight()).isZero();
    assertThat(updated.getMaxConcurrentCalls()).isZero();
    assertThat(get(stored.getId())).isEqualTo(updated);
  }

  @Test
  void updateWithCurrentEtagSucceedsAndStaleEtagIsAbortedWithoutChange() {
    Provider stored = createProvider(admin);
    Provider first = update(stored.toBuilder().setName("First").build(), "name");

    var e =
        refused(
            Status.Code.ABORTED,
            () -> update(stored.toBuilder().setName("Second").setEtag(stored.getEtag()).build(), "name"));

    assertThat(e.getStatus().getDescription()).contains(stored.getId());
    assertThat(get(stored.getId())).isEqualTo(first);
    Provider second = update(first.toBuilder().setName("Second").build(), "name");
    assertThat(second.getName()).isEqualTo("Second");
  }

  @Test
  void updateOfUnknownProviderIsNotFound() {
    refused(Status.Code.NOT_FOUND, () -> update(provider(uniqueId("missing")).build(), "name"));
  }

  @Test
  void refusedUpdateChangesNothing() {
    Provider stored = createProvider(admin);

    invalid("provider.hostname", () -> update(stored.toBuilder().setName("New").setHostname("bad host").build()));
    invalid("update_mask", () -> update(stored.toBuilder().setName("New").build(), "name", "etag"));

    assertThat(get(stored.getId())).isEqualTo(stored);
  }

  @Test
  void deleteRemovesTheProvider() {
    Provider stored = createProvider(admin);

    admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).setEtag(stored.getEtag()).build());

    refused(Status.Code.NOT_FOUND, () -> get(stored.getId()));
    refused(
        Status.Code.NOT_FOUND,
        () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).build()));
  }

  @Test
  void deleteWithStaleEtagIsAbortedAndKeepsTheProvider() {
    Provider stored = createProvider(admin);
    Provider updated = update(stored.toBuilder().setName("Changed").build(), "name");

    refused(
        Status.Code.ABORTED,
        () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).setEtag(stored.getEtag()).build()));

    assertThat(get(stored.getId())).isEqualTo(updated);
  }

  @Test
  void providerUsedByRoutesCannotBeDeletedAndTheMessageCountsThem() {
    Provider stored = createProvider(admin);
    Route r1 = createRoute(admin, route("", "49", stored.getId()));
    Route r2 = createRoute(admin, route(uniqueId("cust"), "4930", stored.getId()));

    var e =
        refused(
            Status.Code.FAILED_PRECONDITION,
            () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).build()));

    assertThat(e.getStatus().getDescription()).contains(stored.getId()).contains("2 routes");
    assertThat(get(stored.getId())).isEqualTo(stored);

    admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(r1.getId()).build());
    var one =
        refused(
            Status.Code.FAILED_PRECONDITION,
            () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).build()));
    assertThat(one.getStatus().getDescription()).contains("1 route;");

    admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(r2.getId()).build());
    admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).build());
    refused(Status.Code.NOT_FOUND, () -> get(stored.getId()));
  }

  @Test
  void deletingAProviderDeletesItsRateDeck() {
    Provider stored = createProvider(admin);
    RateImports.run(
        server.channel(),
        ImportRatesRequest.newBuilder()
            .setProviderId(stored.getId())
            .addRates(Rate.newBuilder().setPrefix("49").setPriceMicros(10_000).setCurrency("EUR"))
            .build());

    admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(stored.getId()).build());
    create(provider(stored.getId()));

    assertThat(admin.listRates(ListRatesRequest.newBuilder().setProviderId(stored.getId()).build()).getRatesList())
        .as("a provider re-created with the same id starts without the old deck")
        .isEmpty();
  }
}
