package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.lifecycle.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins (a missing, malformed, unknown or revoked API key) by client address: the
 * throttle of an address that fails too often, and the log of failures as a summary.
 *
 * <p>An address that fails more than {@code --max-failed-logins} times within one second is
 * throttled for {@code --failed-login-backoff}: its failing calls are then refused with
 * RESOURCE_EXHAUSTED and the time left (the edge sends it as RetryInfo) instead of
 * UNAUTHENTICATED. A valid key is never throttled, not even from a throttled address (a call
 * service behind the same NAT as a misconfigured one keeps working): the key is checked first.
 *
 * <p>Nothing is logged per failure. At most every {@value #SUMMARY_SECONDS} s one line says how
 * many logins failed, how many were throttled, from how many addresses, and the addresses that
 * failed most, with why. Memory is bounded: at most {@value #MAX_ADDRESSES} addresses are tracked
 * (failures from further ones are counted in the summary but not throttled), and an address
 * quiet for a minute is forgotten.
 */
public final class FailedLogins implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(FailedLogins.class);
  static final int MAX_ADDRESSES = 10_000;
  static final long SUMMARY_SECONDS = 10;
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long FORGET_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int TOP_ADDRESSES = 5;

  private final int maxPerSecond;
  private final long backOffNanos;
  private final ConcurrentHashMap<String, Address> addresses = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong untracked = new AtomicLong();
  private ScheduledExecutorService summaries;

  @Inject
  FailedLogins(SecurityConfig security) {
    this.maxPerSecond = security.maxFailedLogins();
    this.backOffNanos = security.failedLoginBackoff().toNanos();
  }

  /** The failures of one address. */
  private static final class Address {
    long windowStart;
    int inWindow;
    long throttledUntil;
    long lastFailure;
    long sinceSummary;
    String lastReason;
  }

  /**
   * Records a failed login from the IP address {@code address} (its text form). Returns how long
   * the address stays throttled, {@link Duration#ZERO} when it is not: then the caller is told
   * why its key was refused.
   */
  public Duration failed(String address, String reason) {
    return failed(address, reason, true);
  }

  /**
   * Records a failed login of a caller without an IP address (in-process: the server's own
   * process, never the network): summarised like the others, never throttled.
   */
  public void failedWithoutAddress(String caller, String reason) {
    failed(caller, reason, false);
  }

  private Duration failed(String address, String reason, boolean throttle) {
    long now = System.nanoTime();
    failures.incrementAndGet();
    Address a = addresses.get(address);
    if (a == null) {
      if (addresses.size() >= MAX_ADDRESSES) {
        untracked.incrementAndGet();
        return Duration.ZERO;
      }
      a = addresses.computeIfAbsent(address, key -> new Address());
    }
    long left;
    synchronized (a) {
      if (now - a.windowStart >= WINDOW_NANOS) {
        a.windowStart = now;
        a.inWindow = 0;
      }
      if (++a.inWindow > maxPerSecond && throttle) {
        a.throttledUntil = now + backOffNanos;
      }
      a.lastFailure = now;
      a.sinceSummary++;
      a.lastReason = reason;
      left = a.throttledUntil - now;
    }
    if (left > 0) {
      throttled.incrementAndGet();
      return Duration.ofNanos(left);
    }
    return Duration.ZERO;
  }

  @Override
  public synchronized void start() {
    if (summaries != null) {
      return;
    }
    summaries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "failed-login-summary");
              t.setDaemon(true);
              return t;
            });
    summaries.scheduleWithFixedDelay(this::summarize, SUMMARY_SECONDS, SUMMARY_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void stop() {
    if (summaries != null) {
      summaries.shutdownNow();
      summaries = null;
      summarize();
    }
  }

  /**
   * Logs the failures since the last summary, if there were any, and forgets quiet addresses.
   * Returns the line logged, or null.
   */
  String summarize() {
    long failed = failures.getAndSet(0);
    long refusedThrottled = throttled.getAndSet(0);
    long fromUntracked = untracked.getAndSet(0);
    long now = System.nanoTime();
    List<Map.Entry<String, Long>> byCount = new ArrayList<>();
    Map<String, String> reasons = new ConcurrentHashMap<>();
    addresses.forEach(
        (address, a) -> {
          synchronized (a) {
            if (a.sinceSummary > 0) {
              byCount.add(Map.entry(address, a.sinceSummary));
              reasons.put(address, a.lastReason);
              a.sinceSummary = 0;
            }
            if (now - a.lastFailure > FORGET_NANOS && now - a.throttledUntil > 0) {
              addresses.remove(address, a);
            }
          }
        });
    if (failed == 0) {
      return null;
    }
    byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    StringBuilder top = new StringBuilder();
    for (int i = 0; i < Math.min(TOP_ADDRESSES, byCount.size()); i++) {
      Map.Entry<String, Long> e = byCount.get(i);
      top.append(i == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue())
          .append(" (").append(reasons.get(e.getKey())).append(')');
    }
    String line =
        "failed logins: " + failed + " in the last " + SUMMARY_SECONDS + " s from " + byCount.size() + " addresses"
            + (fromUntracked > 0 ? " (+" + fromUntracked + " failures from untracked ones)" : "") + ", "
            + refusedThrottled + " of them refused as throttled (more than " + maxPerSecond
            + "/s from one address); most: " + top;
    log.warn(line);
    return line;
  }
}
