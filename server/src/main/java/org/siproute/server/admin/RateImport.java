package org.siproute.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.siproute.server.auth.AuditChange;
import org.siproute.server.auth.AuditJson;
import org.siproute.server.auth.AuditRecorder;
import org.siproute.server.auth.Caller;
import org.siproute.server.auth.RequestIds;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.store.CallDeadline;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.RoutingChanges;
import org.siproute.server.store.Store;

/**
 * One streamed rate-deck import, of a provider's deck or of a customer's sell rates. Checked chunks are written by a worker thread inside a single
 * transaction that stays open for the stream, so memory stays bounded for decks of a million
 * lines and a refused or abandoned import changes nothing.
 *
 * <p>A caller that only validates (validate_only) gets the counts of the whole import, and its
 * transaction is rolled back; the answer to a request_id is stored in the import's transaction.
 */
public final class RateImport {
  private static final long IDLE_LIMIT_SECONDS = 120;
  private static final Object END = new Object();
  private static final Object ABORT = new Object();

  /** What an import did: rates written, and how many of them replaced a stored one. */
  public record Result(long imported, long replaced) {}

  private final Store store;
  private final SnapshotRefresher snapshots;
  private final AuditRecorder audit;
  private final AuditJson json;
  private final RequestIds requestIds;
  private final Caller caller;
  private final String owner;
  private final boolean sellRates;
  private final boolean replace;
  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(4);
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private Thread worker;

  RateImport(
      Store store,
      SnapshotRefresher snapshots,
      AuditRecorder audit,
      AuditJson json,
      RequestIds requestIds,
      Caller caller,
      String owner,
      boolean sellRates,
      boolean replace) {
    this.store = store;
    this.snapshots = snapshots;
    this.audit = audit;
    this.json = json;
    this.requestIds = requestIds;
    this.caller = caller;
    this.owner = owner;
    this.sellRates = sellRates;
    this.replace = replace;
  }

  /** Hands checked rates of the deck's owner to the writer; throws the writer's failure, if any. */
  public void accept(List<Rate> rates) {
    throwIfFailed();
    if (worker == null) {
      // The writer works for this call: within its deadline, as its caller.
      CallDeadline deadline = CallDeadline.current();
      worker = new Thread(() -> deadline.run(this::writeAll), "rate-import-" + owner);
      worker.setDaemon(true);
      worker.start();
    }
    offer(rates);
  }

  /** Ends the stream: waits for the transaction to commit and returns the counts. */
  public Result finish() {
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

  /** Throws what made the writer fail (the provider does not exist, the database is gone). */
  public void throwIfFailed() {
    if (result.isCompletedExceptionally()) {
      result.join(); // throws the worker's failure
    }
  }

  private void offer(Object item) {
    try {
      while (!chunks.offer(item, 1, TimeUnit.SECONDS)) {
        throwIfFailed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(ErrorCode.INTERNAL, "interrupted");
    }
  }

  private Void writeAll() {
    try {
      // Whole decks are deleted and written here: every statement gets the bulk timeout.
      Store.Work<Result> work =
              tx -> {
                // Providers are stored; customers are any well-formed id (as for routes).
                if (!sellRates && !new ProviderRepository(tx).exists(owner)) {
                  throw ServiceException.notFound(ResourceType.PROVIDER, owner);
                }
                RateRepository rateRepository = sellRates ? RateRepository.sellRates(tx) : new RateRepository(tx);
                long replaced = replace ? rateRepository.deleteAll(owner) : 0;
                // Merging: know the stored keys up front, so only lines that really replace a
                // stored rate cost a delete (a first import of a deck costs none).
                Set<String> stored = replace ? Set.of() : rateRepository.keys(owner);
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
                  replaced += rateRepository.insert(owner, rates, existing);
                  imported += rates.size();
                }
                audit.record(
                    tx,
                    caller,
                    sellRates
                        ? AuditChange.created(
                            ResourceType.SELL_RATE_DECK, owner, owner,
                            json.sellRateImport(owner, replace, imported, replaced))
                        : AuditChange.created(
                            ResourceType.RATE_DECK, owner, "", json.rateImport(owner, replace, imported, replaced)));
                Result done = new Result(imported, replaced);
                requestIds.record(tx, caller, done);
                return done;
              };
      if (caller.validateOnly()) {
        result.complete(Store.bulk(() -> store.rolledBack(work)));
        return null;
      }
      Store.Written<Result> written = Store.bulk(() -> store.writeRates(
          sellRates ? new RoutingChanges().sellRates(owner) : new RoutingChanges().rateDeck(owner), work));
      snapshots.awaitRevision(written.revision());
      result.complete(written.value());
    } catch (IntegrityConstraintViolationException raced) {
      // Another import of this provider wrote the same keys first (or the provider was deleted
      // meanwhile): this transaction is rolled back, and the caller may simply retry.
      result.completeExceptionally(
          new ServiceException(
              ErrorCode.CONFLICT,
              "a concurrent change to " + (sellRates ? "the sell rates of customer '" : "provider '") + owner
                  + "' or its rates got in the way; nothing was written, retry",
              raced));
    } catch (Throwable t) {
      result.completeExceptionally(t instanceof InterruptedException ? new ServiceException(ErrorCode.INTERNAL, "interrupted") : t);
    }
    return null;
  }
}
