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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRatesResponse;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.RouteAdminGrpc;

/**
 * Imports a carrier's CSV rate deck through RouteAdmin.ImportRates, with progress, a summary
 * and line-numbered errors, and exports a deck back to CSV.
 *
 * <pre>
 * siproute-rates import --target 127.0.0.1:50051 --provider carrier-a [--replace] deck.csv
 * siproute-rates export --target 127.0.0.1:50051 --provider carrier-a [--prefix 49] out.csv
 * </pre>
 *
 * The API key comes from --key or SIPROUTE_KEY. Every import carries a request_id (a new one,
 * or {@code --request-id} to rerun an import whose outcome was unknown); {@code --timeout} bounds
 * the whole import (default 30m). Exit codes: 0 done, 1 refused or failed (nothing imported),
 * 2 bad usage, 3 outcome unknown (see {@link ImportOutcome}).
 */
public final class RateDeckTool {
  private static final int CHUNK = 5_000;
  private static final Pattern SERVER_LINE = Pattern.compile("line (\\d+) of the import");

  private final PrintStream out;
  private final PrintStream err;

  public RateDeckTool(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new RateDeckTool(System.out, System.err).run(args));
  }

  /** Runs one command; returns the exit code. */
  public int run(String[] args) {
    if (args.length == 0) {
      return usage("a command is required");
    }
    String command = args[0];
    ToolOptions options;
    try {
      options = ToolOptions.parse(args, Set.of("--provider", "--prefix"), Set.of());
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    Path file = options.file;
    String provider = options.value("--provider", null);
    if (provider == null || file == null) {
      return usage("--provider and a file are required");
    }
    try (SiprouteClient client = SiprouteClient.forTarget(options.target).apiKey(options.key).build()) {
      return switch (command) {
        case "import" -> importDeck(client, provider, file, options.replace, options.requestId, options.timeout);
        case "export" -> exportDeck(client.admin(), provider, options.value("--prefix", ""), file);
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
    err.println("usage: siproute-rates import --target HOST:PORT --provider ID [--key KEY] [--replace]");
    err.println("                              [--request-id UUID] [--timeout 30m] deck.csv");
    err.println("       siproute-rates export --target HOST:PORT --provider ID [--key KEY] [--prefix DIGITS] out.csv");
    return 2;
  }

  /**
   * Reads and checks the whole file first (so a bad line is reported before anything is sent),
   * keeping only rate messages; then streams them.
   */
  int importDeck(SiprouteClient client, String provider, Path file, boolean replace, String requestId, Duration timeout)
      throws IOException {
    long started = System.nanoTime();
    List<Rate> rates = new ArrayList<>();
    List<Long> lineNumbers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && RateDeckCsv.isHeader(line)) {
          continue;
        }
        try {
          Rate rate = RateDeckCsv.parse(line, number);
          if (rate != null) {
            rates.add(rate);
            lineNumbers.add(number);
          }
        } catch (RateDeckCsv.BadLine bad) {
          if (problems.size() < 20) {
            problems.add(bad.getMessage());
          }
          if (problems.size() == 20) {
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
    err.printf("read %,d rates from %s in %.1f s; importing%n", rates.size(), file, ToolSupport.seconds(started));

    CompletableFuture<ImportRatesResponse> done = new CompletableFuture<>();
    StreamObserver<ImportRatesRequest> stream =
        client.adminAsync().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).importRates(ToolSupport.answerTo(done));
    long sent = 0;
    int lastPercent = -1;
    for (int from = 0; from < rates.size() && !done.isDone(); from += CHUNK) {
      List<Rate> chunk = rates.subList(from, Math.min(rates.size(), from + CHUNK));
      ImportRatesRequest.Builder message = ImportRatesRequest.newBuilder().addAllRates(chunk);
      if (from == 0) {
        message.setProviderId(provider).setReplace(replace).setRequestId(requestId);
      }
      stream.onNext(message.build());
      sent += chunk.size();
      int percent = (int) (sent * 100 / rates.size());
      if (percent / 5 != lastPercent / 5) {
        lastPercent = percent;
        err.printf("\r  sent %,d / %,d (%d%%) %.1f s", sent, rates.size(), percent, ToolSupport.seconds(started));
      }
    }
    if (rates.isEmpty()) {
      stream.onNext(ImportRatesRequest.newBuilder().setProviderId(provider).setReplace(replace).setRequestId(requestId).build());
    }
    stream.onCompleted();
    err.println();
    try {
      ImportRatesResponse response = done.get();
      out.printf("imported %,d rates for provider %s (%,d replaced) in %.1f s%n",
          response.getImported(), provider, response.getReplaced(), ToolSupport.seconds(started));
      return 0;
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      String description = status.getDescription() == null ? "" : status.getDescription();
      Matcher m = SERVER_LINE.matcher(description);
      if (m.find()) {
        int index = Integer.parseInt(m.group(1)) - 1;
        if (index >= 0 && index < lineNumbers.size()) {
          description = "line " + lineNumbers.get(index) + " of " + file + ": " + description;
        }
      }
      return ImportOutcome.report(err, status, description, "deck", requestId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ImportOutcome.report(err, Status.CANCELLED, "interrupted while waiting for the answer", "deck", requestId);
    }
  }

  int exportDeck(RouteAdminGrpc.RouteAdminBlockingStub admin, String provider, String prefix, Path file) throws IOException {
    long count = 0;
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(RateDeckCsv.HEADER);
      writer.newLine();
      String token = "";
      do {
        ListRatesResponse page =
            admin.listRates(ListRatesRequest.newBuilder().setProviderId(provider).setPrefix(prefix)
                .setPageSize(10_000).setPageToken(token).build());
        for (Rate rate : page.getRatesList()) {
          writer.write(RateDeckCsv.format(rate));
          writer.newLine();
        }
        count += page.getRatesCount();
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    }
    out.printf("exported %,d rates of provider %s to %s%n", count, provider, file);
    return 0;
  }
}
