package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.provider;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListProvidersResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRatesResponse;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.ListRoutesResponse;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Route;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.ServerPerClass;

/**
 * Paging while others write: every row that existed when paging began is listed exactly once,
 * whatever is added between pages, and the last page has no next token.
 */
@OnEachDatabase
class PaginationTest extends ServerPerClass {

  private void createProviderWithId(String id) {
    admin.createProvider(CreateProviderRequest.newBuilder().setProvider(provider(id)).build());
  }

  @Test
  void providerPagesNeitherRepeatNorSkipWhileProvidersAreAdded() {
    // Ids sort both before and after the cursor as it moves, so additions land on pages
    // already read and on pages still to come.
    String stem = uniqueId("pg");
    Set<String> existing = new TreeSet<>();
    for (int i = 10; i < 30; i += 2) {
      String id = stem + "-" + i;
      createProviderWithId(id);
      existing.add(id);
    }

    List<String> listed = new ArrayList<>();
    String token = "";
    int pages = 0;
    int added = 11;
    do {
      ListProvidersResponse page =
          admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(3).setPageToken(token).build());
      assertThat(page.getProvidersCount()).isLessThanOrEqualTo(3);
      page.getProvidersList().stream().map(Provider::getId).filter(id -> id.startsWith(stem)).forEach(listed::add);
      token = page.getNextPageToken();
      createProviderWithId(stem + "-" + added);
      createProviderWithId(stem + "-" + (added + 20));
      added += 2;
      pages++;
    } while (!token.isEmpty() && pages < 100);

    assertThat(token).as("paging ends").isEmpty();
    assertThat(listed).as("no repeats").doesNotHaveDuplicates();
    assertThat(listed).as("no skips").containsAll(existing);
    assertThat(listed).as("in id order").isSorted();
  }

  @Test
  void routePagesOfOneCustomerNeitherRepeatNorSkipWhileRoutesAreAdded() {
    String customer = uniqueId("cust");
    String providerId = createProvider(admin).getId();
    Set<String> existing = new TreeSet<>();
    for (int i = 0; i < 7; i++) {
      existing.add(createRoute(admin, route(customer, "4" + i, providerId)).getId());
    }
    createRoute(admin, route(uniqueId("cust"), "40", providerId));

    List<String> listed = new ArrayList<>();
    String token = "";
    int added = 0;
    do {
      ListRoutesResponse page =
          admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customer).setPageSize(2).setPageToken(token).build());
      page.getRoutesList().forEach(r -> assertThat(r.getCustomerId()).isEqualTo(customer));
      page.getRoutesList().stream().map(Route::getId).forEach(listed::add);
      token = page.getNextPageToken();
      createRoute(admin, route(customer, "5" + added++, providerId));
    } while (!token.isEmpty() && added < 100);

    assertThat(listed).doesNotHaveDuplicates().containsAll(existing).isSorted();
  }

  @Test
  void ratePagesNeitherRepeatNorSkipWhileLinesAreAdded() {
    String providerId = createProvider(admin).getId();
    ImportRatesRequest.Builder deck = ImportRatesRequest.newBuilder().setProviderId(providerId);
    Set<String> existing = new TreeSet<>();
    for (int i = 10; i < 60; i += 2) {
      deck.addRates(Rate.newBuilder().setPrefix("49" + i).setPriceMicros(i).setCurrency("EUR"));
      existing.add("49" + i);
    }
    RateImports.run(server.channel(), deck.build());

    List<String> listed = new ArrayList<>();
    String token = "";
    int added = 11;
    do {
      ListRatesResponse page =
          admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).setPageSize(4).setPageToken(token).build());
      page.getRatesList().stream().map(Rate::getPrefix).forEach(listed::add);
      token = page.getNextPageToken();
      RateImports.run(
          server.channel(),
          ImportRatesRequest.newBuilder()
              .setProviderId(providerId)
              .addRates(Rate.newBuilder().setPrefix("49" + added).setPriceMicros(1).setCurrency("EUR"))
              .build());
      added += 2;
    } while (!token.isEmpty() && added < 200);

    assertThat(listed).doesNotHaveDuplicates().containsAll(existing).isSorted();
  }

  @Test
  void exactlyFullLastPageHasNoNextToken() {
    String providerId = createProvider(admin).getId();
    ImportRatesRequest.Builder deck = ImportRatesRequest.newBuilder().setProviderId(providerId);
    for (int i = 0; i < 4; i++) {
      deck.addRates(Rate.newBuilder().setPrefix("3" + i).setPriceMicros(i).setCurrency("EUR"));
    }
    RateImports.run(server.channel(), deck.build());

    ListRatesResponse first = admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).setPageSize(2).build());
    ListRatesResponse second =
        admin.listRates(
            ListRatesRequest.newBuilder().setProviderId(providerId).setPageSize(2).setPageToken(first.getNextPageToken()).build());

    assertThat(first.getRatesList()).extracting(Rate::getPrefix).containsExactly("30", "31");
    assertThat(second.getRatesList()).extracting(Rate::getPrefix).containsExactly("32", "33");
    assertThat(second.getNextPageToken()).isEmpty();
  }
}
