package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.routing.RoutingSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active SIP OPTIONS probing of the providers labelled {@code probe=options}, at each of their
 * enabled gateways (UDP or TCP; TLS gateways are not probed). Each gateway is probed
 * once per interval, never twice at once; {@code probe-down-threshold} unanswered probes in a
 * row mark it down (plans put it after every healthy provider) and {@code probe-up-threshold}
 * answered ones in a row mark it up again. Until the first verdict a provider counts as
 * healthy. Probes run on a small pool of threads, each blocking for at most the probe timeout;
 * the call path only reads the verdict.
 */
@Singleton
public final class OptionsProber implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(OptionsProber.class);
  /** Probes at once; each waits at most the probe timeout, so few threads cover many providers. */
  private static final int PROBE_THREADS = 16;

  private final RoutingSnapshots snapshots;
  private final Clock clock;
  private final QualityConfig config;
  /** By provider id, then by gateway address. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Probed>> probed = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;
  private ExecutorService probes;

  /**
   * A probed provider's verdict; immutable.
   *
   * @param changedMillis when state last changed; 0 before the first verdict
   * @param detail the last probe's result, empty before the first
   */
  public record Verdict(ProbeState state, int answeredInRow, int missedInRow, long changedMillis, String detail) {
    static final Verdict PENDING = new Verdict(ProbeState.PENDING, 0, 0, 0, "");
  }

  /** One provider being probed at one address. Its verdict has one writer: its probe. */
  private static final class Probed {
    final SipOptionsProbe.Target target;
    volatile Verdict verdict = Verdict.PENDING;
    /** Touched by the scheduler thread only. */
    long nextDueNanos;
    volatile boolean inFlight;

    Probed(SipOptionsProbe.Target target) {
      this.target = target;
    }
  }

  @Inject
  OptionsProber(RoutingSnapshots snapshots, Clock clock, ServerConfig config) {
    this.snapshots = snapshots;
    this.clock = clock;
    this.config = config.quality();
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("sip-probe-scheduler"));
    probes = Executors.newFixedThreadPool(PROBE_THREADS, daemon("sip-probe"));
    long tick = Math.max(20, Math.min(1000, config.probeInterval().toMillis() / 5));
    scheduler.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      probes.shutdownNow();
    }
  }

  /** Why plans put the gateway last: its probes go unanswered. Null when not (or not probed). */
  String degradedReason(String providerId, String gateway) {
    Probed p = probed(providerId, gateway);
    if (p == null) {
      return null;
    }
    Verdict v = p.verdict;
    return v.state() == ProbeState.DOWN ? "not answering SIP OPTIONS (" + v.detail() + ")" : null;
  }

  /** The verdict on a provider's gateway; PROBE_OFF when it is not probed. */
  Verdict verdict(String providerId, String gateway) {
    Probed p = probed(providerId, gateway);
    return p == null ? new Verdict(ProbeState.OFF, 0, 0, 0, "") : p.verdict;
  }

  private Probed probed(String providerId, String gateway) {
    Map<String, Probed> gateways = probed.get(providerId);
    return gateways == null ? null : gateways.get(gateway);
  }

  /** Starts the probes that are due, and forgets providers no longer to be probed. */
  private void tick() {
    try {
      long now = System.nanoTime();
      Set<String> wanted = new HashSet<>();
      for (Provider provider : snapshots.providers()) {
        if (!ProbeLabel.enabled(provider)) {
          continue;
        }
        wanted.add(provider.id());
        ConcurrentHashMap<String, Probed> gateways = probed.computeIfAbsent(provider.id(), id -> new ConcurrentHashMap<>());
        Set<String> wantedGateways = new HashSet<>();
        for (Gateway gateway : provider.effectiveGateways()) {
          if (gateway.disabled() || gateway.transport() == Transport.TLS) {
            continue;
          }
          wantedGateways.add(gateway.address());
          SipOptionsProbe.Target target = SipOptionsProbe.Target.of(gateway.address(), gateway.transport());
          Probed p = gateways.get(gateway.address());
          if (p == null || !p.target.equals(target)) {
            // New, or moved to another transport: what was known is about the old one.
            p = new Probed(target);
            p.nextDueNanos = now;
            gateways.put(gateway.address(), p);
          }
          if (!p.inFlight && now - p.nextDueNanos >= 0) {
            p.inFlight = true;
            p.nextDueNanos = now + config.probeInterval().toNanos();
            Probed probe = p;
            String name = provider.gateways().isEmpty()
                ? provider.id()
                : provider.id() + "' gateway '" + gateway.address();
            try {
              probes.execute(() -> run(name, probe));
            } catch (RejectedExecutionException stopping) {
              return;
            }
          }
        }
        gateways.keySet().retainAll(wantedGateways);
      }
      probed.keySet().retainAll(wanted);
    } catch (RuntimeException e) {
      // The schedule must survive anything, or probing would silently stop.
      log.warn("SIP OPTIONS probe round failed", e);
    }
  }

  private void run(String providerId, Probed p) {
    try {
      SipOptionsProbe.Result result = SipOptionsProbe.probe(p.target, config.probeTimeout().toMillis());
      Verdict before = p.verdict;
      Verdict after = next(before, result, clock.millis());
      p.verdict = after;
      if (after.state() != before.state()) {
        log.info("provider '{}' SIP OPTIONS probe {} -> {}: {}", providerId, name(before.state()), name(after.state()), result.detail());
      }
    } catch (RuntimeException e) {
      log.warn("SIP OPTIONS probe of provider '{}' failed", providerId, e);
    } finally {
      p.inFlight = false;
    }
  }

  /** The verdict after one more probe result: separate thresholds for down and for up. */
  Verdict next(Verdict v, SipOptionsProbe.Result result, long nowMillis) {
    if (result.answered()) {
      int answered = v.answeredInRow() + 1;
      boolean up =
          v.state() == ProbeState.PENDING
              || (v.state() == ProbeState.DOWN && answered >= config.probeUpThreshold());
      return up
          ? new Verdict(ProbeState.UP, answered, 0, nowMillis, result.detail())
          : new Verdict(v.state(), answered, 0, v.changedMillis(), result.detail());
    }
    int missed = v.missedInRow() + 1;
    boolean down = v.state() != ProbeState.DOWN && missed >= config.probeDownThreshold();
    return down
        ? new Verdict(ProbeState.DOWN, 0, missed, nowMillis, result.detail())
        : new Verdict(v.state(), 0, missed, v.changedMillis(), result.detail());
  }

  private static String name(ProbeState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
