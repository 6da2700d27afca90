package org.siproute.server.api;

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
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;

/**
 * One ImportRates or ImportSellRates stream: checks each message as it arrives (every line,
 * and that no key comes twice in the whole import) and hands its rates to the core's {@link
 * RateImport}. The first message names the deck's owner (the provider, or the customer whose
 * sell rates these are). A refused message ends the stream and rolls the import back.
 *
 * @param <M> the request message
 * @param <R> the response message
 */
public final class RateImportStream<M, R> implements StreamObserver<M> {
  public static final int MAX_RATES_PER_MESSAGE = 10_000;

  /** How the two kinds of import read their messages and start and answer an import. */
  private interface Kind<M, R> {
    /** The owner's field, e.g. "provider_id". */
    String ownerField();

    String owner(M message);

    int rateCount(M message);

    /** Line {@code i} of the message checked into {@code v}; null when it is bad. */
    Rate rate(Violations v, M message, int i, String owner);

    boolean replace(M message);

    /** Checks a well-formed owner id into {@code v}. */
    void checkOwner(Violations v, String owner);

    RateImport start(AdminService admin, String owner, boolean replace);

    R response(RateImport.Result result);
  }

  private static final Kind<ImportRatesRequest, ImportRatesResponse> PROVIDER_DECK =
      new Kind<>() {
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
        public void checkOwner(Violations v, String owner) {
          AdminValidator.resourceId(v, "provider_id", owner);
        }

        @Override
        public RateImport start(AdminService admin, String owner, boolean replace) {
          return admin.startRateImport(AuthContext.caller(), owner, replace);
        }

        @Override
        public ImportRatesResponse response(RateImport.Result result) {
          return ImportRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build();
        }
      };

  private static final Kind<ImportSellRatesRequest, ImportSellRatesResponse> SELL_RATES =
      new Kind<>() {
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
        public void checkOwner(Violations v, String owner) {
          AdminValidator.customerId(v, "customer_id", owner, false);
        }

        @Override
        public RateImport start(AdminService admin, String owner, boolean replace) {
          return admin.startSellRateImport(AuthContext.caller(), owner, replace);
        }

        @Override
        public ImportSellRatesResponse response(RateImport.Result result) {
          return ImportSellRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build();
        }
      };

  private final Kind<M, R> kind;
  private final AdminService admin;
  private final StreamObserver<R> out;
  /** Keys seen so far: prefixes as exact longs for the common valid_from = 0, else text. */
  private final Set<Long> seenPrefixes = new HashSet<>();
  private final Set<String> seenDatedKeys = new HashSet<>();
  private RateImport rateImport;
  private String owner;
  private long lines;
  private boolean refused;

  private RateImportStream(Kind<M, R> kind, AdminService admin, StreamObserver<R> out) {
    this.kind = kind;
    this.admin = admin;
    this.out = out;
  }

  /** An ImportRates stream: one provider's rate deck. */
  static RateImportStream<ImportRatesRequest, ImportRatesResponse> rates(
      AdminService admin, StreamObserver<ImportRatesResponse> out) {
    return new RateImportStream<>(PROVIDER_DECK, admin, out);
  }

  /** An ImportSellRates stream: one customer's sell rates. */
  static RateImportStream<ImportSellRatesRequest, ImportSellRatesResponse> sellRates(
      AdminService admin, StreamObserver<ImportSellRatesResponse> out) {
    return new RateImportStream<>(SELL_RATES, admin, out);
  }

  @Override
  public void onNext(M message) {
    if (refused) {
      return;
    }
    try {
      Rpcs.withinDeadline(
          () -> {
            accept(message);
            return null;
          });
    } catch (RuntimeException e) {
      refused = true;
      if (rateImport != null) {
        rateImport.abort();
      }
      out.onError(Rpcs.withinDeadline(() -> StatusMapper.toStatus(e)));
    }
  }

  private void accept(M message) {
    if (rateImport != null) {
      rateImport.throwIfFailed();
    }
    String named = kind.owner(message);
    if (owner == null) {
      Violations v = new Violations();
      kind.checkOwner(v, named);
      v.throwIfAny();
      owner = named;
    } else if (!named.isEmpty() && !named.equals(owner)) {
      throw ServiceException.invalid(kind.ownerField(), "must be empty or '" + owner + "' in every message of one import");
    }
    int count = kind.rateCount(message);
    if (count > MAX_RATES_PER_MESSAGE) {
      throw ServiceException.invalid("rates", "at most " + MAX_RATES_PER_MESSAGE + " rates per message, got " + count);
    }
    List<Rate> rates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long line = lines + i + 1;
      Violations lineViolations = new Violations();
      Rate rate = kind.rate(lineViolations, message, i, owner);
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
      rateImport = kind.start(admin, owner, kind.replace(message));
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
  public void onError(Throwable cancelled) {
    if (rateImport != null) {
      rateImport.abort();
    }
  }

  @Override
  public void onCompleted() {
    if (refused) {
      return;
    }
    Rpcs.unary(
        out,
        () -> {
          if (rateImport == null) {
            throw ServiceException.invalid(kind.ownerField(), "is required: the import stream sent no message");
          }
          return kind.response(rateImport.finish());
        });
  }
}
