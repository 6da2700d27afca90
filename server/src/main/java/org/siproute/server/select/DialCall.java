package org.siproute.server.select;

import org.siproute.server.domain.AttemptFailure;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.routing.CallEvents;
import org.siproute.server.routing.Plan;
import org.siproute.server.routing.RoutingEngine;

/**
 * One call on a Dial stream: its plan, handed out one attempt at a time as the caller reports
 * failures, and what each reported result means (connected, fail over to the provider's next
 * gateway or to the next provider, give up). An offered
 * attempt holds its provider's call slot until its result comes, and an answered one until the
 * call ends; {@link #release} frees whatever is still held. Not thread-safe: its stream calls
 * it one message at a time.
 */
public final class DialCall {
  /** What the caller is told next. */
  public enum Next {
    /** The next attempt of the plan ({@link #currentAttempt}), now held for the caller. */
    ATTEMPT,
    /** The plan has no attempt at all. */
    NO_ROUTE,
    /** A BLOCK route refused the call ({@link Plan#blocked}); nothing is offered. */
    BLOCKED,
    /** The attempt was answered; the stream lives as long as the call. */
    CONNECTED,
    /** It failed over, and no attempt is left. */
    EXHAUSTED,
    /** It ended with a code that does not fail over. */
    FAILED
  }

  private final SelectService select;
  private final CallEvents events;
  private final Metrics metrics;
  private final Runnable onRelease;

  private Plan plan;
  /** Attempts offered so far. */
  private int offered;
  /** The plan index of the last attempt offered (outstanding while {@code awaiting}); -1 before. */
  private int current = -1;
  /** Bit i set: attempt i was offered (plans hold at most 20 attempts). */
  private long offeredIndices;
  private boolean awaiting;
  /** The answered attempt; -1 before, -2 once the call ended. */
  private int connectedIndex = -1;
  private int endSipCode;
  private boolean released;

  DialCall(SelectService select, CallEvents events, Metrics metrics, Runnable onRelease) {
    this.select = select;
    this.events = events;
    this.metrics = metrics;
    this.onRelease = onRelease;
  }

  /** The default region of the customer's policy, "" for none: how its numbers are read. */
  public String defaultRegion(String customerId) {
    return select.defaultRegion(customerId);
  }

  /** Decides the call's plan and offers its first attempt, if it has one. */
  public Next start(RoutingEngine.Call call) {
    if (plan != null) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the stream has already started; open a new stream for another call");
    }
    plan = select.plan(call);
    if (plan.isBlocked()) {
      endSipCode = plan.blocked().sipCode();
      return Next.BLOCKED;
    }
    return plan.isEmpty() ? Next.NO_ROUTE : offer();
  }

  private Next offer() {
    return offer(0);
  }

  /** Offers the attempt at plan index {@code index}. */
  private Next offer(int index) {
    // The slot is taken before the caller can see the attempt, so no plan made meanwhile
    // finds the provider below its call limit.
    events.attemptStarted(plan.attempts().get(index).providerId());
    current = index;
    if (index < 64) {
      offeredIndices |= 1L << index;
    }
    offered++;
    awaiting = true;
    return Next.ATTEMPT;
  }

  private boolean nextIsSameProvider(int index) {
    return index + 1 < plan.attempts().size()
        && plan.attempts().get(index + 1).providerId().equals(plan.attempts().get(index).providerId());
  }

  /**
   * The plan index to offer after the attempt at {@code index} failed over, or -1 when none is
   * left: the next attempt, unless the failure was not the gateway's fault, which skips the
   * provider's other gateways.
   */
  private int nextAfter(int index, boolean gatewayFault) {
    int next = index + 1;
    if (!gatewayFault) {
      String provider = plan.attempts().get(index).providerId();
      while (next < plan.attempts().size() && plan.attempts().get(next).providerId().equals(provider)) {
        next++;
      }
    }
    return next < plan.attempts().size() ? next : -1;
  }

  /**
   * The outcome of the outstanding attempt: a SIP final response {@code sipCode}, or a
   * {@code failure} without one ({@code failure} null: a kind this server does not know).
   */
  public Next result(int index, int sipCode, AttemptFailure failure, long postDialDelayMs) {
    if (plan == null) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "send start before any result");
    }
    if (connectedIndex >= 0) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the call is already connected; send ended or close the stream");
    }
    if (index < 0 || index > current || (index < current && !wasOffered(index))) {
      throw ServiceException.invalid("result.index", "attempt " + index + " was not offered on this stream");
    }
    if (index != current || !awaiting) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the result of attempt " + index + " was already reported");
    }
    if (failure == null) {
      throw ServiceException.invalid("result.failure", "unknown failure kind");
    }
    if (failure == AttemptFailure.NONE && (sipCode < 200 || sipCode > 699)) {
      throw ServiceException.invalid("result.sip_code", "must be a SIP final response code, 200 to 699, unless failure is set");
    }
    if (postDialDelayMs < 0) {
      throw ServiceException.invalid("result.post_dial_delay_ms", "must not be negative");
    }
    awaiting = false;
    Plan.Attempt attempt = plan.attempts().get(index);
    boolean providerFailure = failure != AttemptFailure.NONE;
    int code = providerFailure ? 0 : sipCode;
    events.attemptFinished(
        attempt.providerId(), attempt.gateway(), plan.destination().callingCode(), code, failure, postDialDelayMs);
    boolean gatewayFault = Plan.Attempt.isGatewayFault(code, providerFailure);
    boolean failsOver = providerFailure || (sipCode >= 300 && plan.policy().failoverCodes().failsOver(sipCode));
    int next = failsOver ? nextAfter(index, gatewayFault) : -1;
    if (!failsOver && gatewayFault && sipCode >= 300 && nextIsSameProvider(index)) {
      // The gateway failed, not the call: the carrier's next gateway is tried even for a code
      // (such as 408) outside the failover set, which decides only after its last gateway.
      failsOver = true;
      next = index + 1;
    }
    metrics.attemptResult(
        attempt.providerId(),
        providerFailure ? (failure == AttemptFailure.TIMEOUT ? "timeout" : "transport") : Integer.toString(sipCode),
        next >= 0);
    if (!providerFailure && sipCode < 300) {
      connectedIndex = index;
      endSipCode = sipCode;
      return Next.CONNECTED;
    }
    if (failsOver) {
      if (next >= 0) {
        return offer(next);
      }
      endSipCode = code;
      return Next.EXHAUSTED;
    }
    endSipCode = sipCode;
    return Next.FAILED;
  }

  /** The connected call ended after {@code durationMs}. */
  public void ended(long durationMs) {
    if (connectedIndex < 0) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "no call is connected on this stream");
    }
    if (durationMs < 0) {
      throw ServiceException.invalid("ended.duration_ms", "must not be negative");
    }
    Plan.Attempt connected = plan.attempts().get(connectedIndex);
    events.callEnded(connected.providerId(), connected.gateway(), plan.destination().callingCode(), durationMs);
    connectedIndex = -2; // ended: nothing held any more
  }

  /** The decided plan; null before {@link #start}. */
  public Plan plan() {
    return plan;
  }

  /** How many attempts were offered; the last is {@link #currentAttempt}. */
  public int offered() {
    return offered;
  }

  /** The plan index of the last attempt offered (attempts skipped over are never offered). */
  public int currentIndex() {
    return current;
  }

  public Plan.Attempt currentAttempt() {
    return plan.attempts().get(current);
  }

  /** True when the attempt at {@code index} was offered (not skipped over). */
  private boolean wasOffered(int index) {
    return index < 64 && (offeredIndices & (1L << index)) != 0;
  }

  /** The SIP code the call ended with (0 after failures without a response). */
  public int endSipCode() {
    return endSipCode;
  }

  /** True while an answered call is in progress. */
  public boolean connected() {
    return connectedIndex >= 0;
  }

  /** Frees what the call still holds; runs once. */
  public void release() {
    if (released) {
      return;
    }
    released = true;
    if (plan != null) {
      if (awaiting) {
        events.attemptAbandoned(currentAttempt().providerId(), currentAttempt().gateway(), plan.destination().callingCode());
      } else if (connectedIndex >= 0) {
        Plan.Attempt connected = plan.attempts().get(connectedIndex);
        events.callEnded(connected.providerId(), connected.gateway(), plan.destination().callingCode(), -1);
      }
    }
    onRelease.run();
  }
}
