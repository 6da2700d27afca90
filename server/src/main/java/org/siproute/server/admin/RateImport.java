package org.siproute.server.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Context;
import java.util.Optional;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.server.auth.AuditChange;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.domain.Rate;
import org.siproute.server.error.ErrorCode;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.Violations;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.Store;

/**
 * One streamed rate-deck import. Chunks are validated as they arrive and written by a worker
 * thread inside a single transaction that stays open for the stream, so memory stays bounded
 * for decks of a million lines and a refused or abandoned import changes nothing.
 */
public final class RateImport {
  public static final int MAX_RATES_PER_MESSAGE = 10_000;
  private static final long IDLE_LIMIT_SECONDS = 120;
  private static final Object END = new Object();
  private static final Object ABORT = new Object();

  private final Store store;
  private final SnapshotRefresher snapshots;
  private final AuditRecorder audit;
  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(4);
  private final CompletableFuture<ImportRatesResponse> result = new CompletableFuture<>();
  /** Keys seen so far: prefixes as exact longs for the common valid_from = 0, else text. */
  private final Set<Long> seenPrefixes = new HashSet<>();
  private final Set<String> seenDatedKeys = new HashSet<>();
  private String providerId;
  private boolean replace;
  private long lines;
  private Thread worker;

  RateImport(Store store, SnapshotRefresher snapshots, AuditRecorder audit) {
    this.store = store;
    this.snapshots = snapshots;
    this.audit = audit;
  }

  /** Validates one streamed message and hands it to the writer; throws when it is refused. */
  public void accept(ImportRatesRequest message) {
    failIfWorkerFailed();
    Violations v = new Violations();
    if (providerId == null) {
      AdminValidator.resourceId(v, "provider_id", message.getProviderId());
      v.throwIfAny();
      providerId = message.getProviderId();
      replace = message.getReplace();
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
              ErrorCode.INVALID_ARGUMENT, "line " + line + " of the import: " + e.getMessage(), e.violations(), null);
        }
      }
      rates.add(rate);
    }
    lines += message.getRatesCount();
    if (worker == null) {
      // The worker carries the call's context: the audit event names the caller.
      worker = new Thread(Context.current().wrap((Runnable) this::writeAll), "rate-import-" + providerId);
      worker.setDaemon(true);
      worker.start();
    }
    offer(rates);
  }

  private boolean firstTime(Rate rate) {
    if (rate.validFromMs() == 0) {
      // Up to 15 digits fit in 50 bits; the length above them keeps "1" and "01" apart.
      long code = ((long) rate.prefix().length() << 50) | Long.parseLong(rate.prefix());
      return seenPrefixes.add(code);
    }
    return seenDatedKeys.add(rate.prefix() + "@" + rate.validFromMs());
  }

  /** Ends the stream: waits for the transaction to commit and returns the counts. */
  public ImportRatesResponse finish() {
    if (providerId == null) {
      throw ServiceException.invalid("provider_id", "is required: the import stream sent no message");
    }
    offer(END);
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(ErrorCode.INTERNAL, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The client went away or a message was refused: roll back whatever was written. */
  public void abort() {
    if (worker != null) {
      chunks.clear();
      chunks.offer(ABORT);
    }
  }

  private void offer(Object item) {
    try {
      while (!chunks.offer(item, 1, TimeUnit.SECONDS)) {
        failIfWorkerFailed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(ErrorCode.INTERNAL, "interrupted");
    }
  }

  private void failIfWorkerFailed() {
    if (result.isCompletedExceptionally()) {
      result.join(); // throws the worker's failure
    }
  }

  private void writeAll() {
    try {
      // Whole decks are deleted and written here: every statement gets the bulk timeout.
      Store.Written<ImportRatesResponse> written =
          Store.bulk(() -> store.writeRates(
              tx -> {
                if (!new ProviderRepository(tx).exists(providerId)) {
                  throw ServiceException.notFound("provider", providerId);
                }
                RateRepository rateRepository = new RateRepository(tx);
                long replaced = replace ? rateRepository.deleteAll(providerId) : 0;
                // Merging: know the stored keys up front, so only lines that really replace a
                // stored rate cost a delete (a first import of a deck costs none).
                Set<String> stored = replace ? Set.of() : rateRepository.keys(providerId);
                long imported = 0;
                while (true) {
                  Object item = chunks.poll(IDLE_LIMIT_SECONDS, TimeUnit.SECONDS);
                  if (item == null || item == ABORT) {
                    throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the import was abandoned; nothing was written");
                  }
                  if (item == END) {
                    break;
                  }
                  @SuppressWarnings("unchecked")
                  List<Rate> rates = (List<Rate>) item;
                  List<Rate> existing = new ArrayList<>();
                  if (!stored.isEmpty()) {
                    for (Rate r : rates) {
                      if (stored.contains(RateRepository.key(r.prefix(), r.validFromMs()))) {
                        existing.add(r);
                      }
                    }
                  }
                  replaced += rateRepository.insert(rates, existing);
                  imported += rates.size();
                }
                Struct summary =
                    Struct.newBuilder()
                        .putFields("provider_id", Value.newBuilder().setStringValue(providerId).build())
                        .putFields("replace", Value.newBuilder().setBoolValue(replace).build())
                        .putFields("imported", Value.newBuilder().setNumberValue(imported).build())
                        .putFields("replaced", Value.newBuilder().setNumberValue(replaced).build())
                        .build();
                audit.record(
                    tx, new AuditChange(AuditChange.RATE_DECK, providerId, "", Optional.empty(), Optional.of(summary)));
                return ImportRatesResponse.newBuilder().setImported(imported).setReplaced(replaced).build();
              }));
      snapshots.awaitRevision(written.revision());
      result.complete(written.value());
    } catch (IntegrityConstraintViolationException raced) {
      // Another import of this provider wrote the same keys first (or the provider was deleted
      // meanwhile): this transaction is rolled back, and the caller may simply retry.
      result.completeExceptionally(
          new ServiceException(
              ErrorCode.CONFLICT,
              "a concurrent change to provider '" + providerId + "' or its rates got in the way; nothing was written, retry",
              raced));
    } catch (Throwable t) {
      result.completeExceptionally(t instanceof InterruptedException ? new ServiceException(ErrorCode.INTERNAL, "interrupted") : t);
    }
  }
}
