package org.siproute.server.api;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
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
 * One ImportRates or ImportSellRates stream: checks each message as it arrives (every line,
 * and that no key comes twice in the whole import) and hands its rates to the core's {@link
 * RateImport}. The first message names the deck's owner (the provider, or the customer whose
 * sell rates these are) and carries validate_only (a dry run: rolled back at the end) and the
 * request_id (a retry of an answered import only hashes its messages and gets the first
 * answer; see {@link Idempotency}). A refused message ends the stream and rolls the import back.
 *
 * @param <M> the request message
 * @param <R> the response message
 */
public final class RateImportStream<M extends Message, R extends Message> implements StreamObserver<M> {
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

    String requestId(M message);

    boolean validateOnly(M message);

    R prototype();

    /** Checks a well-formed owner id into {@code v}. */
    void checkOwner(Violations v, String owner);

    RateImport start(AdminService admin, Caller caller, String owner, boolean replace);

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

  private final Kind<M, R> kind;
  private final AdminService admin;
  private final Idempotency idempotency;
  private final StreamObserver<R> out;
  /** Keys seen so far: prefixes as exact longs for the common valid_from = 0, else text. */
  private final Set<Long> seenPrefixes = new HashSet<>();
  private final Set<String> seenDatedKeys = new HashSet<>();
  private RateImport rateImport;
  private String owner;
  /** The caller as the first message made it: validate_only, and the request_id to record. */
  private Caller caller;
  /** The first message's request_id as sent: later messages may repeat it. */
  private String firstRequestId;
  /** The request_id to record (lower case); null when there is none, or for validate_only. */
  private String requestId;
  /** Of every message so far, when there is a request_id. */
  private Idempotency.Fingerprint fingerprint;
  /** The whole request's fingerprint, once the stream has ended; read by the import's writer. */
  private volatile String fingerprintHex;
  /** The request_id has an answer already: this is a retry, whose messages are only hashed. */
  private boolean replaying;
  private long lines;
  private boolean refused;

  private RateImportStream(Kind<M, R> kind, AdminService admin, Idempotency idempotency, StreamObserver<R> out) {
    this.kind = kind;
    this.admin = admin;
    this.idempotency = idempotency;
    this.out = out;
  }

  /** An ImportRates stream: one provider's rate deck. */
  static RateImportStream<ImportRatesRequest, ImportRatesResponse> rates(
      AdminService admin, Idempotency idempotency, StreamObserver<ImportRatesResponse> out) {
    return new RateImportStream<>(PROVIDER_DECK, admin, idempotency, out);
  }

  /** An ImportSellRates stream: one customer's sell rates. */
  static RateImportStream<ImportSellRatesRequest, ImportSellRatesResponse> sellRates(
      AdminService admin, Idempotency idempotency, StreamObserver<ImportSellRatesResponse> out) {
    return new RateImportStream<>(SELL_RATES, admin, idempotency, out);
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
      start(message);
    } else {
      if (!named.isEmpty() && !named.equals(owner)) {
        throw ServiceException.invalid(kind.ownerField(), "must be empty or '" + owner + "' in every message of one import");
      }
      String id = kind.requestId(message);
      if (!id.isEmpty() && !id.equals(firstRequestId)) {
        throw ServiceException.invalid("request_id", "must be empty or the first message's in every message of one import");
      }
    }
    if (fingerprint != null) {
      fingerprint.add(message);
    }
    if (replaying) {
      return; // a retry: its rates were checked and written the first time
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
      rateImport = kind.start(admin, caller, owner, kind.replace(message));
    }
    rateImport.accept(rates);
  }

  /** The first message's validate_only and request_id: a retry of an answered import only replays. */
  private void start(M first) {
    caller = AuthContext.caller().validatingOnly(kind.validateOnly(first));
    firstRequestId = kind.requestId(first);
    if (firstRequestId.isEmpty() || caller.validateOnly()) {
      return;
    }
    requestId = Idempotency.checkedId(firstRequestId);
    fingerprint = Idempotency.fingerprint(caller);
    replaying = idempotency.answered(requestId);
    caller = caller.recording(Idempotency.record(requestId, () -> fingerprintHex, kind::response, UnaryOperator.identity()));
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
          if (owner == null) {
            throw ServiceException.invalid(kind.ownerField(), "is required: the import stream sent no message");
          }
          if (fingerprint != null) {
            fingerprintHex = fingerprint.hex();
          }
          if (replaying) {
            return idempotency
                .earlierAnswer(requestId, fingerprintHex, kind.prototype())
                .orElseThrow(
                    () ->
                        new ServiceException(
                            ErrorCode.CONFLICT, "the first answer of this request_id expired during the retry; send the import again"));
          }
          try {
            return kind.response(rateImport.finish());
          } catch (RuntimeException refused) {
            if (requestId != null) {
              Optional<R> raced = idempotency.racedAnswer(requestId, fingerprintHex, kind.prototype());
              if (raced.isPresent()) {
                return raced.get();
              }
            }
            throw refused;
          }
        });
  }
}
