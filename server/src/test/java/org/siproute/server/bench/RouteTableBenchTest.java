package org.siproute.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ExportRoutesRequest;
import org.siproute.proto.v1.ExportRoutesResponse;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * ImportRoutes and ExportRoutes at issue 11's scale: 100 000 default-route prefixes to about 2.2
 * of 20 providers each (220 000 routes), through the real gRPC stack of an in-process server, on
 * H2 and on MariaDB (-Dsiproute.mysql.url, default 127.0.0.1:3306; skipped when none answers).
 * Each import's time runs from the first message to the answer, so it includes the
 * transaction and the wait until this instance's snapshot has the new revision
 * (read-your-writes). Prints figures; asserts only the counts.
 */
@Tag("benchmark")
class RouteTableBenchTest {
  private static final int PREFIXES = 100_000;
  private static final int PROVIDERS = 20;
  private static final int CHUNK = 5_000;

  @Test
  void h2() {
    run("H2 (in memory)", TestDatabase.h2());
  }

  @Test
  void mariaDb() {
    String url = TestDatabase.mysqlServerUrl().orElse("jdbc:mysql://127.0.0.1:3306/?user=root");
    TestDatabase database;
    try {
      database = TestDatabase.mariaDb(url);
    } catch (RuntimeException unreachable) {
      BenchReport.line("MariaDB at %s not reachable: skipped (%s)", url, unreachable.getMessage());
      return;
    }
    run("MariaDB", database);
  }

  private void run(String what, TestDatabase database) {
    BenchReport.header("ImportRoutes / ExportRoutes of 220 000 routes on " + what);
    try (TestServer server = TestServer.start(database)) {
      RouteAdminGrpc.RouteAdminBlockingStub admin = server.admin();
      for (int p = 0; p < PROVIDERS; p++) {
        admin.createProvider(CreateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId(provider(p)).setName("carrier " + p).setHostname("sip" + p + ".example"))
            .build());
      }
      List<Route> table = table();

      long t0 = System.nanoTime();
      ImportRoutesResponse first = importRoutes(server, table, false);
      long importMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(first.getCreated()).isEqualTo(table.size());
      BenchReport.line("%s: ImportRoutes of %,d new routes: %,d ms (load %s)", what, table.size(), importMs, BenchReport.loadAverage());

      t0 = System.nanoTime();
      long exported = export(server);
      long exportMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(exported).isEqualTo(table.size());
      BenchReport.line("%s: ExportRoutes of %,d routes: %,d ms (load %s)", what, exported, exportMs, BenchReport.loadAverage());

      t0 = System.nanoTime();
      ImportRoutesResponse same = importRoutes(server, table, true);
      long againMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(same.getUnchanged()).isEqualTo(table.size());
      BenchReport.line("%s: ImportRoutes (replace) of the same %,d routes, all unchanged: %,d ms (load %s)",
          what, table.size(), againMs, BenchReport.loadAverage());

      List<Route> changed = new ArrayList<>(table.size());
      for (int i = 0; i < table.size(); i++) {
        Route r = table.get(i);
        changed.add(i % 10 == 0 ? r.toBuilder().setPriority(r.getPriority() + 1).build() : r);
      }
      t0 = System.nanoTime();
      ImportRoutesResponse tenth = importRoutes(server, changed, true);
      long changedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(tenth.getUpdated()).isEqualTo((table.size() + 9) / 10);
      BenchReport.line("%s: ImportRoutes (replace) with every tenth route changed (%,d updated): %,d ms (load %s)",
          what, tenth.getUpdated(), changedMs, BenchReport.loadAverage());
    }
  }

  private static String provider(int p) {
    return "carrier-" + p;
  }

  /** 100 000 prefixes; every fifth has 3 providers, the others 2: 220 000 routes. */
  private static List<Route> table() {
    List<Route> routes = new ArrayList<>(220_000);
    for (int i = 0; i < PREFIXES; i++) {
      String prefix = Integer.toString(1_000_000 + i * 7);
      int count = i % 5 == 0 ? 3 : 2;
      for (int k = 0; k < count; k++) {
        routes.add(Route.newBuilder()
            .setPrefix(prefix)
            .setProviderId(provider((i + k * 7) % PROVIDERS))
            .setPriority(k * 10)
            .setName("p" + i)
            .build());
      }
    }
    return routes;
  }

  private static ImportRoutesResponse importRoutes(TestServer server, List<Route> routes, boolean replace) {
    CompletableFuture<ImportRoutesResponse> done = new CompletableFuture<>();
    StreamObserver<ImportRoutesRequest> stream =
        RouteAdminGrpc.newStub(server.channel()).withDeadlineAfter(10, TimeUnit.MINUTES).importRoutes(new StreamObserver<>() {
          @Override
          public void onNext(ImportRoutesResponse value) {
            done.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    for (int from = 0; from < routes.size(); from += CHUNK) {
      ImportRoutesRequest.Builder m = ImportRoutesRequest.newBuilder().addAllRoutes(routes.subList(from, Math.min(routes.size(), from + CHUNK)));
      if (from == 0) {
        m.setReplace(replace);
      }
      stream.onNext(m.build());
    }
    stream.onCompleted();
    return done.join();
  }

  private static long export(TestServer server) {
    long count = 0;
    Iterator<ExportRoutesResponse> chunks =
        RouteAdminGrpc.newBlockingStub(server.channel())
            .withDeadlineAfter(10, TimeUnit.MINUTES)
            .exportRoutes(ExportRoutesRequest.newBuilder().build());
    while (chunks.hasNext()) {
      count += chunks.next().getRoutesCount();
    }
    return count;
  }
}
