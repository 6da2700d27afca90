package org.siproute.server.api;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ImportSellRatesRequest;
import org.siproute.proto.v1.ImportSellRatesResponse;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.RateImport;
import org.siproute.server.auth.Caller;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;

/**
 * The lines of one ImportRates or ImportSellRates stream ({@link ImportStream} runs the
 * protocol around them): checks each message as it arrives (every line, and that no key comes
 * twice in the whole import) and hands its rates to the core's {@link RateImport}, which writes
 * them inside one transaction that stays open for the stream.
 *
 * @param <M> the request message
 * @param <R> the response message
 */
public final class RateImportStream<M extends Message, R extends Message> implements ImportStream.Kind<M, RateImport.Result, R> {
  public static final int MAX_RATES_PER_MESSAGE = 10_000;

  /** How the two kinds of rate import read their messages and start and answer an import. */
  private interface Deck<M, R> {
    /** The owner's field, e.g. "provider_id". */
    String ownerField();

    String owner(M message);

    int rateCount(M message);

    /** Line {@code i} of the message checked into {@code v}; null when it is bad. */
    Rate rate(Violations v, M message, int i, String owner);

    boolean replace(M message);

    String requestId(M message);

    boolean validateOnly(M message);

    R prototype();

    /** Checks a well-formed owner id into {@code v}. */
    void checkOwner(Violations v, String owner);

    RateImport start(AdminService admin, Caller caller, String owner, boolean replace);

    R response(RateImport.Result result);
  }

  private static final Deck<ImportRatesRequest, ImportRatesResponse> PROVIDER_DECK =
      new Deck<>() {
        @Override
        public String ownerField() {
          return "provider_id";
        }

        @Override
        public String owner(ImportRatesRequest message) {
          return message.getProviderId();
        }

        @Override
        public int rateCount(ImportRatesRequest message) {
          return message.getRatesCount();
        }

        @Override
        public Rate rate(Violations v, ImportRatesRequest message, int i, String owner) {
          return AdminValidator.rate(v, message.getRates(i), "rates[" + i + "]", owner);
        }

        @Override
        public boolean replace(ImportRatesRequest message) {
          return message.getReplace();
        }

        @Override
        public String requestId(ImportRatesRequest message) {
          return message.getRequestId();
        }

        @Override
        public boolean validateOnly(ImportRatesRequest message) {
          return message.getValidateOnly();
        }

        @Override
        public ImportRatesResponse prototype() {
          return ImportRatesResponse.getDefaultInstance();
        }

        @Override
        public void checkOwner(Violations v, String owner) {
          AdminValidator.resourceId(v, "provider_id", owner);
        }

        @Override
        public RateImport start(AdminService admin, Caller caller, String owner, boolean replace) {
          return admin.startRateImport(caller, owner, replace);
        }

        @Override
        public ImportRatesResponse response(RateImport.Result result) {
          return ImportRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build();
        }
      };

  private static final Deck<ImportSellRatesRequest, ImportSellRatesResponse> SELL_RATES =
      new Deck<>() {
        @Override
        public String ownerField() {
          return "customer_id";
        }

        @Override
        public String owner(ImportSellRatesRequest message) {
          return message.getCustomerId();
        }

        @Override
        public int rateCount(ImportSellRatesRequest message) {
          return message.getRatesCount();
        }

        @Override
        public Rate rate(Violations v, ImportSellRatesRequest message, int i, String owner) {
          return AdminValidator.sellRate(v, message.getRates(i), "rates[" + i + "]", owner);
        }

        @Override
        public boolean replace(ImportSellRatesRequest message) {
          return message.getReplace();
        }

        @Override
        public String requestId(ImportSellRatesRequest message) {
          return message.getRequestId();
        }

        @Override
        public boolean validateOnly(ImportSellRatesRequest message) {
          return message.getValidateOnly();
        }

        @Override
        public ImportSellRatesResponse prototype() {
          return ImportSellRatesResponse.getDefaultInstance();
        }

        @Override
        public void checkOwner(Violations v, String owner) {
          AdminValidator.customerId(v, "customer_id", owner, false);
        }

        @Override
        public RateImport start(AdminService admin, Caller caller, String owner, boolean replace) {
          return admin.startSellRateImport(caller, owner, replace);
        }

        @Override
        public ImportSellRatesResponse response(RateImport.Result result) {
          return ImportSellRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build();
        }
      };

  private final Deck<M, R> deck;
  private final AdminService admin;
  /** Keys seen so far: prefixes as exact longs for the common valid_from = 0, else text. */
  private final Set<Long> seenPrefixes = new HashSet<>();
  private final Set<String> seenDatedKeys = new HashSet<>();
  private RateImport rateImport;
  private long lines;

  private RateImportStream(Deck<M, R> deck, AdminService admin) {
    this.deck = deck;
    this.admin = admin;
  }

  /** An ImportRates stream: one provider's rate deck. */
  static StreamObserver<ImportRatesRequest> rates(
      AdminService admin, Idempotency idempotency, StreamObserver<ImportRatesResponse> out) {
    return new ImportStream<>(new RateImportStream<>(PROVIDER_DECK, admin), idempotency, out);
  }

  /** An ImportSellRates stream: one customer's sell rates. */
  static StreamObserver<ImportSellRatesRequest> sellRates(
      AdminService admin, Idempotency idempotency, StreamObserver<ImportSellRatesResponse> out) {
    return new ImportStream<>(new RateImportStream<>(SELL_RATES, admin), idempotency, out);
  }

  @Override
  public String ownerField() {
    return deck.ownerField();
  }

  @Override
  public String owner(M message) {
    return deck.owner(message);
  }

  @Override
  public String requestId(M message) {
    return deck.requestId(message);
  }

  @Override
  public boolean validateOnly(M message) {
    return deck.validateOnly(message);
  }

  @Override
  public void checkOwner(Violations v, String owner) {
    deck.checkOwner(v, owner);
  }

  @Override
  public R prototype() {
    return deck.prototype();
  }

  @Override
  public R response(RateImport.Result result) {
    return deck.response(result);
  }

  @Override
  public void accept(Caller caller, String owner, M message) {
    if (rateImport != null) {
      rateImport.throwIfFailed();
    }
    int count = deck.rateCount(message);
    if (count > MAX_RATES_PER_MESSAGE) {
      throw ServiceException.invalid("rates", "at most " + MAX_RATES_PER_MESSAGE + " rates per message, got " + count);
    }
    List<Rate> rates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long line = lines + i + 1;
      Violations lineViolations = new Violations();
      Rate rate = deck.rate(lineViolations, message, i, owner);
      if (rate != null && !firstTime(rate)) {
        lineViolations.add("rates[" + i + "]", "prefix " + rate.prefix() + " with this valid_from appears twice in the import");
      }
      if (!lineViolations.isEmpty()) {
        try {
          lineViolations.throwIfAny();
        } catch (ServiceException e) {
          throw new ServiceException(
              ErrorCode.INVALID_ARGUMENT, "line " + line + " of the import: " + e.getMessage(), e.violations(), Map.of(), null);
        }
      }
      rates.add(rate);
    }
    lines += count;
    if (rateImport == null) {
      rateImport = deck.start(admin, caller, owner, deck.replace(message));
    }
    rateImport.accept(rates);
  }

  private boolean firstTime(Rate rate) {
    if (rate.validFromMs() == 0) {
      // Up to 15 digits fit in 50 bits; the length above them keeps "1" and "01" apart.
      long code = ((long) rate.prefix().length() << 50) | Long.parseLong(rate.prefix());
      return seenPrefixes.add(code);
    }
    return seenDatedKeys.add(rate.prefix() + "@" + rate.validFromMs());
  }

  @Override
  public void abort() {
    if (rateImport != null) {
      rateImport.abort();
    }
  }

  @Override
  public RateImport.Result finish() {
    return rateImport.finish();
  }
}
