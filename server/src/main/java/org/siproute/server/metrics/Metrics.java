package org.siproute.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.siproute.server.domain.Strategy;
import org.siproute.server.store.DatabaseFailures;

/**
 * The series siproute exports, all named siproute_*. Counters and histograms are updated on
 * the call path (lock-free adds); gauges are read from their owners at scrape time.
 */
public final class Metrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** Server-side latency of every rpc by method and status code. */
  private final Histogram rpcDuration =
      Histogram.builder()
          .name("siproute_rpc_duration_seconds")
          .help("Time from the start of an rpc to its status, by method and gRPC status code")
          .unit(Unit.SECONDS)
          .labelNames("method", "code")
          .classicOnly()
          .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5, 10)
          .register(registry);

  private final Counter decisions =
      Counter.builder()
          .name("siproute_decisions_total")
          .help("Routing decisions (Select calls and Dial starts) by strategy and result")
          .labelNames("strategy", "result")
          .register(registry);

  private final Counter attemptResults =
      Counter.builder()
          .name("siproute_attempt_results_total")
          .help("Outcomes reported for Dial attempts, by provider and SIP code (or timeout / transport)")
          .labelNames("provider", "code")
          .register(registry);

  private final Counter failovers =
      Counter.builder()
          .name("siproute_failovers_total")
          .help("Dial attempts that failed over to the next provider, by provider and SIP code")
          .labelNames("provider", "code")
          .register(registry);

  private final Counter overloadRefusals =
      Counter.builder()
          .name("siproute_overload_refusals_total")
          .help("Calls refused at once with RESOURCE_EXHAUSTED because too many were in flight, by kind "
              + "(decision: Select and ReportOutcome; admin: rpcs served by the admin threads)")
          .labelNames("kind")
          .register(registry);

  private final Counter connectionsRefused =
      Counter.builder()
          .name("siproute_connections_refused_total")
          .help("Connections to the gRPC port closed at accept because --max-connections were open")
          .register(registry);

  private final Counter connectionsTimedOut =
      Counter.builder()
          .name("siproute_connections_timed_out_total")
          .help("Connections closed because they started no call within --first-request-timeout of connecting")
          .register(registry);

  public Metrics() {
    CounterWithCallback.builder()
        .name("siproute_transport_errors_total")
        .help("Per-stream transport errors (streams reset or closed under a write, requests the transport refused), "
            + "by kind; the log only summarizes them")
        .labelNames("kind")
        .callback(cb -> LogCounts.transportErrorsByKind().forEach((kind, count) -> cb.call(count, kind)))
        .register(registry);
    CounterWithCallback.builder()
        .name("siproute_db_failures_total")
        .help("Calls refused with UNAVAILABLE because the database could not be reached or did not answer in time")
        .callback(cb -> cb.call(DatabaseFailures.refusedSoFar()))
        .register(registry);
    CounterWithCallback.builder()
        .name("siproute_log_lines_suppressed_total")
        .help("Log lines dropped because their logger wrote more than the log allows per second")
        .callback(cb -> cb.call(LogCounts.suppressedLines()))
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** An rpc ended with status {@code code} (the gRPC code's name) after {@code nanos}. */
  public void rpcFinished(String method, String code, long nanos) {
    rpcDuration.labelValues(method, code).observe(nanos / 1e9);
  }

  /**
   * The latency series of one rpc, one per status code, looked up once and then kept: the call
   * path then records a duration without building label lists or hashing them.
   *
   * @param codes the status code names, indexed as {@link RpcSeries#finished} is called
   */
  public RpcSeries rpcSeries(String method, List<String> codes) {
    return new RpcSeries(method, codes.toArray(String[]::new));
  }

  /** {@link #rpcSeries}: the durations of one rpc by status code. */
  public final class RpcSeries {
    private final String method;
    private final String[] codes;
    private final AtomicReferenceArray<DistributionDataPoint> byCode;

    private RpcSeries(String method, String[] codes) {
      this.method = method;
      this.codes = codes;
      this.byCode = new AtomicReferenceArray<>(codes.length);
    }

    /** A call ended with the status code at {@code code} (an index of the codes given) after {@code nanos}. */
    public void finished(int code, long nanos) {
      DistributionDataPoint series = byCode.get(code);
      if (series == null) {
        // Created on first use, so that /metrics lists only the codes that occurred.
        series = rpcDuration.labelValues(method, codes[code]);
        byCode.lazySet(code, series);
      }
      series.observe(nanos / 1e9);
    }
  }

  public CounterDataPoint connectionsRefused() {
    return connectionsRefused;
  }

  public CounterDataPoint connectionsTimedOut() {
    return connectionsTimedOut;
  }

  /** The counter of calls refused because too many of {@code kind} were in flight. */
  public CounterDataPoint overloadRefusals(String kind) {
    return overloadRefusals.labelValues(kind);
  }

  public void decision(Strategy strategy, boolean routed) {
    decisionCounts[strategy.ordinal() * 2 + (routed ? 1 : 0)].inc();
  }

  /**
   * The decision counter's children, by strategy and result: looked up once, as a label lookup
   * per decision (a list of labels hashed into a map) cost more than the counting.
   */
  private final CounterDataPoint[] decisionCounts = decisionCounts();

  private CounterDataPoint[] decisionCounts() {
    Strategy[] strategies = Strategy.values();
    CounterDataPoint[] counts = new CounterDataPoint[strategies.length * 2];
    for (Strategy strategy : strategies) {
      counts[strategy.ordinal() * 2] = decisions.labelValues(strategy.name(), "no_route");
      counts[strategy.ordinal() * 2 + 1] = decisions.labelValues(strategy.name(), "routed");
    }
    return counts;
  }

  /** {@code code}: the SIP code, or "timeout" / "transport". */
  public void attemptResult(String providerId, String code, boolean failedOver) {
    attemptResults.labelValues(providerId, code).inc();
    if (failedOver) {
      failovers.labelValues(providerId, code).inc();
    }
  }

  /** Registers a gauge whose values are read when Prometheus scrapes. */
  public void gauge(String name, String help, java.util.function.Consumer<GaugeWithCallback.Callback> values, String... labels) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(values).register(registry);
  }
}
