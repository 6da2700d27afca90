package org.siproute.client.tools;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.ExportRoutesRequest;
import org.siproute.proto.v1.ExportRoutesResponse;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.proto.v1.Route;

/**
 * Imports one owner's route table from CSV ({@link RouteTableCsv}) through
 * RouteAdmin.ImportRoutes, and exports it back through ExportRoutes: the rate-deck tool's
 * conventions (progress on stderr, a summary on stdout, line-numbered errors). Every line is
 * checked before anything is sent, and the server imports all or nothing, so a file with a bad
 * line imports nothing.
 *
 * <pre>
 * java -cp siproute-client-*-cli.jar org.siproute.client.tools.RouteTableTool \
 *     import --target 127.0.0.1:50051 [--customer acme] [--replace] [--validate-only] routes.csv
 * java -cp siproute-client-*-cli.jar org.siproute.client.tools.RouteTableTool \
 *     export --target 127.0.0.1:50051 [--customer acme] out.csv
 * </pre>
 *
 * Without --customer the tool works on the default routes. The API key comes from --key or
 * SIPROUTE_KEY. Every import carries a request_id (a new one, or {@code --request-id} to rerun
 * an import whose outcome was unknown); {@code --timeout} bounds the whole import (default 30m).
 * Exit codes: 0 done, 1 refused or failed (nothing imported), 2 bad usage, 3 outcome unknown
 * (see {@link ImportOutcome}).
 */
public final class RouteTableTool {
  private static final int CHUNK = 5_000;
  private static final int PROBLEMS_SHOWN = 20;
  private static final Pattern ROW = Pattern.compile("routes\\[(\\d+)\\]");

  private final PrintStream out;
  private final PrintStream err;

  public RouteTableTool(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new RouteTableTool(System.out, System.err).run(args));
  }

  /** Runs one command; returns the exit code. */
  public int run(String[] args) {
    if (args.length == 0) {
      return usage("a command is required");
    }
    String command = args[0];
    ToolOptions options;
    try {
      options = ToolOptions.parse(args, Set.of("--customer"), Set.of("--validate-only"));
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    Path file = options.file;
    if (file == null) {
      return usage("a file is required");
    }
    String customer = options.value("--customer", "");
    try (SiprouteClient client = SiprouteClient.forTarget(options.target).apiKey(options.key).build()) {
      return switch (command) {
        case "import" -> importTable(
            client, customer, file, options.replace, options.has("--validate-only"), options.requestId, options.timeout);
        case "export" -> exportTable(client, customer, file);
        default -> usage("unknown command " + command);
      };
    } catch (StatusRuntimeException e) {
      err.println("refused: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      return 1;
    } catch (IOException e) {
      err.println("cannot use " + file + ": " + e.getMessage());
      return 1;
    }
  }

  private int usage(String problem) {
    err.println(problem);
    err.println("usage: RouteTableTool import --target HOST:PORT [--customer ID] [--key KEY] [--replace] [--validate-only]");
    err.println("                             [--request-id UUID] [--timeout 30m] routes.csv");
    err.println("       RouteTableTool export --target HOST:PORT [--customer ID] [--key KEY] out.csv");
    err.println("columns: " + RouteTableCsv.HEADER);
    return 2;
  }

  /** Reads and checks the whole file first, then streams the routes in chunks. */
  int importTable(
      SiprouteClient client, String customer, Path file, boolean replace, boolean validateOnly, String requestId, Duration timeout)
      throws IOException {
    long started = System.nanoTime();
    List<Route> routes = new ArrayList<>();
    List<Long> lineNumbers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Long> keys = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && RouteTableCsv.isHeader(line)) {
          continue;
        }
        try {
          Route route = RouteTableCsv.parse(line, number);
          if (route == null) {
            continue;
          }
          Long earlier = keys.putIfAbsent(RouteTableCsv.key(route), number);
          if (earlier != null) {
            throw new RouteTableCsv.BadLine(number, RouteTableCsv.key(route) + " is on line " + earlier + " already");
          }
          routes.add(route);
          lineNumbers.add(number);
        } catch (RouteTableCsv.BadLine bad) {
          if (problems.size() < PROBLEMS_SHOWN) {
            problems.add(bad.getMessage());
          } else if (problems.size() == PROBLEMS_SHOWN) {
            problems.add("(more bad lines not shown)");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      err.println("not imported: " + file + " has bad lines:");
      problems.forEach(p -> err.println("  " + p));
      return 1;
    }
    err.printf("read %,d routes from %s in %.1f s; importing%n", routes.size(), file, ToolSupport.seconds(started));

    CompletableFuture<ImportRoutesResponse> done = new CompletableFuture<>();
    StreamObserver<ImportRoutesRequest> stream =
        client.adminAsync().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).importRoutes(ToolSupport.answerTo(done));
    long sent = 0;
    int lastPercent = -1;
    for (int from = 0; from == 0 || (from < routes.size() && !done.isDone()); from += CHUNK) {
      List<Route> chunk = routes.subList(from, Math.min(routes.size(), from + CHUNK));
      ImportRoutesRequest.Builder message = ImportRoutesRequest.newBuilder().addAllRoutes(chunk);
      if (from == 0) {
        message.setCustomerId(customer).setReplace(replace).setValidateOnly(validateOnly).setRequestId(requestId);
      }
      stream.onNext(message.build());
      sent += chunk.size();
      int percent = routes.isEmpty() ? 100 : (int) (sent * 100 / routes.size());
      if (percent / 5 != lastPercent / 5) {
        lastPercent = percent;
        err.printf("\r  sent %,d / %,d (%d%%) %.1f s", sent, routes.size(), percent, ToolSupport.seconds(started));
      }
    }
    stream.onCompleted();
    err.println();
    String owner = customer.isEmpty() ? "the default routes" : "customer " + customer;
    try {
      ImportRoutesResponse r = done.get();
      out.printf("%s %,d routes for %s: %,d created, %,d updated, %,d deleted, %,d unchanged in %.1f s%n",
          validateOnly ? "checked (nothing written)" : "imported", routes.size(), owner, r.getCreated(), r.getUpdated(),
          r.getDeleted(), r.getUnchanged(), ToolSupport.seconds(started));
      return 0;
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      String description = status.getDescription() == null ? "" : status.getDescription();
      return ImportOutcome.report(err, status, withLineNumbers(description, lineNumbers, file), "route table", requestId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ImportOutcome.report(err, Status.CANCELLED, "interrupted while waiting for the answer", "route table", requestId);
    }
  }

  /** The server names routes by their index in the import: say which line of the file each is. */
  private static String withLineNumbers(String description, List<Long> lineNumbers, Path file) {
    Matcher m = ROW.matcher(description);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      int index = Integer.parseInt(m.group(1));
      String replacement =
          index < lineNumbers.size() ? "line " + lineNumbers.get(index) + " of " + file + " (" + m.group() + ")" : m.group();
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  int exportTable(SiprouteClient client, String customer, Path file) throws IOException {
    long started = System.nanoTime();
    long count = 0;
    Iterator<ExportRoutesResponse> chunks =
        client.admin().withDeadlineAfter(30, TimeUnit.MINUTES)
            .exportRoutes(ExportRoutesRequest.newBuilder().setCustomerId(customer).build());
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(RouteTableCsv.HEADER);
      writer.newLine();
      long lastReport = 0;
      while (chunks.hasNext()) {
        for (Route route : chunks.next().getRoutesList()) {
          writer.write(RouteTableCsv.format(route));
          writer.newLine();
          count++;
        }
        if (count - lastReport >= 50_000) {
          lastReport = count;
          err.printf("\r  exported %,d routes %.1f s", count, ToolSupport.seconds(started));
        }
      }
    }
    if (count >= 50_000) {
      err.println(); // ends the progress line
    }
    String owner = customer.isEmpty() ? "the default routes" : "customer " + customer;
    out.printf("exported %,d routes of %s to %s in %.1f s%n", count, owner, file, ToolSupport.seconds(started));
    return 0;
  }

}
