package org.siproute.server.api;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.RateImport;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;

/**
 * One ImportRates stream: checks each message as it arrives (every line, and that no key comes
 * twice in the whole import) and hands its rates to the core's {@link RateImport}. The first
 * message names the provider. A refused message ends the stream and rolls the import back.
 */
public final class RateImportStream implements StreamObserver<ImportRatesRequest> {
  public static final int MAX_RATES_PER_MESSAGE = 10_000;

  private final AdminService admin;
  private final StreamObserver<ImportRatesResponse> out;
  /** Keys seen so far: prefixes as exact longs for the common valid_from = 0, else text. */
  private final Set<Long> seenPrefixes = new HashSet<>();
  private final Set<String> seenDatedKeys = new HashSet<>();
  private RateImport rateImport;
  private String providerId;
  private long lines;
  private boolean refused;

  RateImportStream(AdminService admin, StreamObserver<ImportRatesResponse> out) {
    this.admin = admin;
    this.out = out;
  }

  @Override
  public void onNext(ImportRatesRequest message) {
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

  private void accept(ImportRatesRequest message) {
    if (rateImport != null) {
      rateImport.throwIfFailed();
    }
    if (providerId == null) {
      Violations v = new Violations();
      AdminValidator.resourceId(v, "provider_id", message.getProviderId());
      v.throwIfAny();
      providerId = message.getProviderId();
    } else if (!message.getProviderId().isEmpty() && !message.getProviderId().equals(providerId)) {
      throw ServiceException.invalid("provider_id", "must be empty or '" + providerId + "' in every message of one import");
    }
    if (message.getRatesCount() > MAX_RATES_PER_MESSAGE) {
      throw ServiceException.invalid("rates", "at most " + MAX_RATES_PER_MESSAGE + " rates per message, got " + message.getRatesCount());
    }
    List<Rate> rates = new ArrayList<>(message.getRatesCount());
    for (int i = 0; i < message.getRatesCount(); i++) {
      long line = lines + i + 1;
      Violations lineViolations = new Violations();
      Rate rate = AdminValidator.rate(lineViolations, message.getRates(i), "rates[" + i + "]", providerId);
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
    lines += message.getRatesCount();
    if (rateImport == null) {
      rateImport = admin.startRateImport(AuthContext.caller(), providerId, message.getReplace());
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
            throw ServiceException.invalid("provider_id", "is required: the import stream sent no message");
          }
          RateImport.Result result = rateImport.finish();
          return ImportRatesResponse.newBuilder().setImported(result.imported()).setReplaced(result.replaced()).build();
        });
  }
}
