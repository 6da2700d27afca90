package org.siproute.server.api;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
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

  /**
   * How one kind of rate import reads its messages and starts and answers an import. Protobuf
   * gives the two request messages no common interface, so each kind is this table of accessors.
   *
   * @param ownerField the owner's field, e.g. "provider_id"
   * @param line line {@code i} of a message checked into the violations; null when it is bad
   * @param checkOwner checks a well-formed owner id into the violations
   */
  private record Deck<M, R>(
      String ownerField,
      Function<M, String> owner,
      ToIntFunction<M> rateCount,
      Line<M> line,
      Predicate<M> replace,
      Function<M, String> requestId,
      Predicate<M> validateOnly,
      R prototype,
      BiConsumer<Violations, String> checkOwner,
      Start start,
      Function<RateImport.Result, R> response) {}

  private interface Line<M> {
    Rate check(Violations v, M message, int i, String owner);
  }

  private interface Start {
    RateImport start(AdminService admin, Caller caller, String owner, boolean replace);
  }

  private static final Deck<ImportRatesRequest, ImportRatesResponse> PROVIDER_DECK =
      new Deck<>(
          "provider_id",
          ImportRatesRequest::getProviderId,
          ImportRatesRequest::getRatesCount,
          (v, message, i, owner) -> AdminValidator.rate(v, message.getRates(i), "rates[" + i + "]", owner),
          ImportRatesRequest::getReplace,
          ImportRatesRequest::getRequestId,
          ImportRatesRequest::getValidateOnly,
          ImportRatesResponse.getDefaultInstance(),
          (v, owner) -> AdminValidator.resourceId(v, "provider_id", owner),
          AdminService::startRateImport,
          result -> ImportRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build());

  private static final Deck<ImportSellRatesRequest, ImportSellRatesResponse> SELL_RATES =
      new Deck<>(
          "customer_id",
          ImportSellRatesRequest::getCustomerId,
          ImportSellRatesRequest::getRatesCount,
          (v, message, i, owner) -> AdminValidator.sellRate(v, message.getRates(i), "rates[" + i + "]", owner),
          ImportSellRatesRequest::getReplace,
          ImportSellRatesRequest::getRequestId,
          ImportSellRatesRequest::getValidateOnly,
          ImportSellRatesResponse.getDefaultInstance(),
          (v, owner) -> AdminValidator.customerId(v, "customer_id", owner, false),
          AdminService::startSellRateImport,
          result -> ImportSellRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build());

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
    return deck.owner().apply(message);
  }

  @Override
  public String requestId(M message) {
    return deck.requestId().apply(message);
  }

  @Override
  public boolean validateOnly(M message) {
    return deck.validateOnly().test(message);
  }

  @Override
  public void checkOwner(Violations v, String owner) {
    deck.checkOwner().accept(v, owner);
  }

  @Override
  public R prototype() {
    return deck.prototype();
  }

  @Override
  public R response(RateImport.Result result) {
    return deck.response().apply(result);
  }

  @Override
  public void accept(Caller caller, String owner, M message) {
    if (rateImport != null) {
      rateImport.throwIfFailed();
    }
    int count = deck.rateCount().applyAsInt(message);
    if (count > MAX_RATES_PER_MESSAGE) {
      throw ServiceException.invalid("rates", "at most " + MAX_RATES_PER_MESSAGE + " rates per message, got " + count);
    }
    List<Rate> rates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long line = lines + i + 1;
      Violations lineViolations = new Violations();
      Rate rate = deck.line().check(lineViolations, message, i, owner);
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
      rateImport = deck.start().start(admin, caller, owner, deck.replace().test(message));
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
