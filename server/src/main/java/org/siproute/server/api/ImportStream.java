package org.siproute.server.api;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.siproute.server.auth.Caller;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Violations;

/**
 * The protocol every import client stream shares (ImportRates, ImportSellRates, ImportRoutes),
 * around what each kind does with its lines ({@link Kind}): the first message names the owner
 * and carries validate_only and the request_id; later messages may leave both empty or must
 * repeat them. With a request_id every message is fingerprinted, and a retry of an answered
 * import only hashes its messages and gets the first answer ({@link Idempotency}). A refused
 * message ends the stream with the refusal and aborts the import; so does a cancelled call.
 *
 * @param <M> the request message
 * @param <T> what the core answers
 * @param <R> the response message
 */
final class ImportStream<M extends Message, T, R extends Message> implements StreamObserver<M> {

  /** What one kind of import reads from its messages and does with them. */
  interface Kind<M, T, R> {
    /** The owner's field, e.g. "provider_id". */
    String ownerField();

    String owner(M message);

    String requestId(M message);

    boolean validateOnly(M message);

    /** Checks a well-formed owner id into {@code v}. */
    void checkOwner(Violations v, String owner);

    R prototype();

    /** Checks the lines of one message and hands them on; the first call has the first message. */
    void accept(Caller caller, String owner, M message);

    /** Ends the import: does (or commits) the work and answers. */
    T finish();

    /** The call was cancelled or a message refused: nothing may stay written. */
    void abort();

    R response(T result);
  }

  private final Kind<M, T, R> kind;
  private final Idempotency idempotency;
  private final StreamObserver<R> out;
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
  private boolean refused;

  ImportStream(Kind<M, T, R> kind, Idempotency idempotency, StreamObserver<R> out) {
    this.kind = kind;
    this.idempotency = idempotency;
    this.out = out;
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
      kind.abort();
      out.onError(Rpcs.withinDeadline(() -> StatusMapper.toStatus(e)));
    }
  }

  private void accept(M message) {
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
      return; // a retry: its lines were checked and written the first time
    }
    kind.accept(caller, owner, message);
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

  @Override
  public void onError(Throwable cancelled) {
    kind.abort();
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
            return kind.response(kind.finish());
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
