package org.siproute.server.api;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.DestinationStatistics;
import org.siproute.proto.v1.GatewayStatus;
import org.siproute.proto.v1.OutcomeStatistics;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.server.admin.AdminService;
import org.siproute.server.auth.Role;
import org.siproute.server.domain.AttemptFailure;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Strategy;
import org.siproute.server.domain.Transport;
import org.siproute.server.quality.CircuitState;
import org.siproute.server.quality.ProbeState;

/**
 * Domain records to their wire form, and wire enums to domain ones (null for a value this
 * server does not know, which the caller refuses naming the field). The reverse of records,
 * with checks, is {@link AdminValidator}.
 */
final class ProtoMapper {
  private ProtoMapper() {}

  // ---- resources ----

  static org.siproute.proto.v1.Provider provider(Provider p) {
    return org.siproute.proto.v1.Provider.newBuilder()
        .setId(p.id())
        .setName(p.name())
        .setHostname(p.hostname())
        .setTransport(transport(p.transport()))
        .setTechPrefix(p.techPrefix())
        .setTechPostfix(p.techPostfix())
        .putAllTechHeaders(p.techHeaders())
        .setDisabled(p.disabled())
        .setWeight(p.weight())
        .setMaxConcurrentCalls(p.maxConcurrentCalls())
        .putAllLabels(p.labels())
        .setNumberFormat(numberFormat(p.numberFormat()))
        .addAllGateways(p.gateways().stream().map(ProtoMapper::gateway).toList())
        .setGatewayAttempts(p.gatewayAttempts())
        .setEtag(AdminService.etag(p.version()))
        .setCreateTime(Timestamps.fromMillis(p.createMs()))
        .setUpdateTime(Timestamps.fromMillis(p.updateMs()))
        .build();
  }

  static org.siproute.proto.v1.Gateway gateway(Gateway g) {
    return org.siproute.proto.v1.Gateway.newBuilder()
        .setAddress(g.address())
        .setTransport(transport(g.transport()))
        .setWeight(g.weight())
        .setDisabled(g.disabled())
        .build();
  }

  static org.siproute.proto.v1.Route route(Route r) {
    org.siproute.proto.v1.Route.Builder b =
        org.siproute.proto.v1.Route.newBuilder()
            .setId(r.id())
            .setCustomerId(r.customerId())
            .setPrefix(r.prefix())
            .setProviderId(r.providerId())
            .setPriority(r.priority())
            .setWeight(r.weight())
            .setDisabled(r.disabled())
            .setName(r.name())
            .setDetail(r.detail())
            .setStripDigits(r.stripDigits())
            .setPrepend(r.prepend())
            .setAction(routeAction(r.action()))
            .setBlockSipCode(r.blockSipCode())
            .setSourcePrefix(r.sourcePrefix())
            .setEtag(AdminService.etag(r.version()))
            .setCreateTime(Timestamps.fromMillis(r.createMs()))
            .setUpdateTime(Timestamps.fromMillis(r.updateMs()));
    if (r.schedule() != null) {
      Schedule.Builder s = Schedule.newBuilder().setTimeZone(r.schedule().zone().getId());
      for (org.siproute.server.domain.TimeWindow w : r.schedule().windows()) {
        TimeWindow.Builder tw =
            TimeWindow.newBuilder()
                .setStartTime(hhmm(w.startMinute()))
                .setEndTime(hhmm(w.endMinute()));
        if (w.daysMask() != org.siproute.server.domain.TimeWindow.EVERY_DAY) {
          for (int day = 1; day <= 7; day++) {
            if (w.startsOn(day)) {
              tw.addDays(day);
            }
          }
        }
        s.addWindows(tw);
      }
      b.setSchedule(s);
    }
    return b.build();
  }

  static org.siproute.proto.v1.Rate rate(Rate r) {
    org.siproute.proto.v1.Rate.Builder b =
        org.siproute.proto.v1.Rate.newBuilder()
            .setProviderId(r.providerId())
            .setPrefix(r.prefix())
            .setPriceMicros(r.priceMicros())
            .setCurrency(r.currency())
            .setConnectFeeMicros(r.connectFeeMicros())
            .setFirstIncrementSeconds(r.firstIncrementSeconds())
            .setNextIncrementSeconds(r.nextIncrementSeconds());
    if (r.validFromMs() != 0) {
      b.setValidFrom(Timestamps.fromMillis(r.validFromMs()));
    }
    if (r.validUntilMs() != Rate.FOREVER) {
      b.setValidUntil(Timestamps.fromMillis(r.validUntilMs()));
    }
    return b.build();
  }

  static org.siproute.proto.v1.ExchangeRate exchangeRate(org.siproute.server.domain.ExchangeRate r) {
    return org.siproute.proto.v1.ExchangeRate.newBuilder()
        .setCurrency(r.currency())
        .setPlatformMicros(r.platformMicros())
        .setUpdateTime(Timestamps.fromMillis(r.updateMs()))
        .build();
  }

  /** A line of {@code customerId}'s sell rates. */
  static org.siproute.proto.v1.SellRate sellRate(String customerId, Rate r) {
    org.siproute.proto.v1.Rate line = rate(r);
    org.siproute.proto.v1.SellRate.Builder b =
        org.siproute.proto.v1.SellRate.newBuilder()
            .setCustomerId(customerId)
            .setPrefix(line.getPrefix())
            .setPriceMicros(line.getPriceMicros())
            .setCurrency(line.getCurrency())
            .setConnectFeeMicros(line.getConnectFeeMicros())
            .setFirstIncrementSeconds(line.getFirstIncrementSeconds())
            .setNextIncrementSeconds(line.getNextIncrementSeconds());
    if (line.hasValidFrom()) {
      b.setValidFrom(line.getValidFrom());
    }
    if (line.hasValidUntil()) {
      b.setValidUntil(line.getValidUntil());
    }
    return b.build();
  }

  static org.siproute.proto.v1.RoutingPolicy policy(RoutingPolicy p) {
    return org.siproute.proto.v1.RoutingPolicy.newBuilder()
        .setCustomerId(p.customerId())
        .setStrategy(strategy(p.strategy()))
        .addAllFailoverCodes(p.failoverCodes().patterns())
        .setMaxAttempts(p.maxAttempts())
        .setMaxPriceMicros(p.maxPriceMicros())
        .setExcludeDefaultRoutes(p.excludeDefaultRoutes())
        .setExpectedCallSeconds(p.expectedCallSeconds())
        .setCurrency(p.currency())
        .setMarginGuard(p.marginGuard())
        .setMinMarginMicros(p.minMarginMicros())
        .setDefaultRegion(p.defaultRegion())
        .setInherited(p.inherited())
        .setEtag(p.inherited() ? "" : AdminService.etag(p.version()))
        .setUpdateTime(Timestamps.fromMillis(p.updateMs()))
        .build();
  }

  static ApiKey apiKey(org.siproute.server.domain.ApiKey key) {
    ApiKey.Builder b =
        ApiKey.newBuilder()
            .setId(key.id())
            .setCustomerId(key.customerId())
            .setName(key.name())
            .setCreateTime(Timestamps.fromMillis(key.createMs()))
            .setCreatedBy(key.createdBy());
    Role.fromStored(key.role()).ifPresent(role -> b.setRole(role(role)));
    key.revokeMs().ifPresent(ms -> b.setRevokeTime(Timestamps.fromMillis(ms)));
    return b.build();
  }

  static AuditEvent auditEvent(org.siproute.server.domain.AuditEvent e) {
    AuditEvent.Builder b =
        AuditEvent.newBuilder()
            .setId(Long.toString(e.id()))
            .setTime(Timestamps.fromMillis(e.eventMs()))
            .setActor(e.actor())
            .setRpc(e.rpc())
            .setResourceType(e.resourceType())
            .setResourceId(e.resourceId())
            .setCustomerId(e.customerId())
            .setBeforeJson(e.beforeJson())
            .setAfterJson(e.afterJson());
    Role.fromStored(e.actorRole()).ifPresent(role -> b.setActorRole(role(role)));
    return b.build();
  }

  static ProviderStatus providerStatus(org.siproute.server.quality.ProviderStatus s) {
    ProviderStatus.Builder out =
        ProviderStatus.newBuilder()
            .setProviderId(s.providerId())
            .setDegradedReason(s.degradedReason())
            .setCircuitState(circuitState(s.circuitState()))
            .setConsecutiveFailures(s.consecutiveFailures())
            .setTrialInProgress(s.trialInProgress())
            .setActiveCalls(s.activeCalls())
            .setMaxConcurrentCalls(s.maxConcurrentCalls())
            .setProbeState(probeState(s.probeState()))
            .setProbeDetail(s.probeDetail())
            .setStatisticsWindow(Durations.fromMillis(s.windowMs()));
    if (s.circuitChangeMs() > 0) {
      out.setCircuitChangeTime(Timestamps.fromMillis(s.circuitChangeMs()));
    }
    if (s.circuitRetryMs() > 0) {
      out.setCircuitRetryTime(Timestamps.fromMillis(s.circuitRetryMs()));
    }
    if (s.probeChangeMs() > 0) {
      out.setProbeChangeTime(Timestamps.fromMillis(s.probeChangeMs()));
    }
    if (s.updateMs() > 0) {
      out.setUpdateTime(Timestamps.fromMillis(s.updateMs()));
    }
    for (org.siproute.server.quality.ProviderStatus.DestinationStatistics d : s.destinations()) {
      out.addDestinations(
          DestinationStatistics.newBuilder()
              .setCallingCode(d.callingCode())
              .setStatistics(statistics(d.statistics()))
              .setQualityScored(d.qualityScored()));
    }
    for (org.siproute.server.quality.ProviderStatus.GatewayStatus g : s.gateways()) {
      out.addGateways(
          GatewayStatus.newBuilder()
              .setAddress(g.address())
              .setDegradedReason(g.degradedReason())
              .setCircuitState(circuitState(g.circuitState()))
              .setConsecutiveFailures(g.consecutiveFailures())
              .setProbeState(probeState(g.probeState()))
              .setProbeDetail(g.probeDetail())
              .setStatistics(statistics(g.statistics())));
    }
    return out.setStatistics(statistics(s.statistics())).build();
  }

  private static OutcomeStatistics statistics(org.siproute.server.quality.ProviderStatus.Statistics s) {
    return OutcomeStatistics.newBuilder()
        .setAttempts(s.attempts())
        .setAnswered(s.answered())
        .setAnswerSeizureRatio(s.answerSeizureRatio())
        .setRedirections(s.redirections())
        .setClientFailures(s.clientFailures())
        .setServerFailures(s.serverFailures())
        .setGlobalFailures(s.globalFailures())
        .setTimeouts(s.timeouts())
        .setTransportErrors(s.transportErrors())
        .setProviderFailures(s.providerFailures())
        .setAbandoned(s.abandoned())
        .setAveragePostDialDelayMs(s.averagePostDialDelayMs())
        .setCallsEnded(s.callsEnded())
        .setAverageDurationMs(s.averageDurationMs())
        .build();
  }

  private static String hhmm(int minuteOfDay) {
    return String.format("%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
  }

  // ---- enums ----

  static org.siproute.proto.v1.Transport transport(Transport t) {
    return switch (t) {
      case UDP -> org.siproute.proto.v1.Transport.UDP;
      case TCP -> org.siproute.proto.v1.Transport.TCP;
      case TLS -> org.siproute.proto.v1.Transport.TLS;
    };
  }

  /** Unset means UDP. */
  static Transport transport(org.siproute.proto.v1.Transport t) {
    return switch (t) {
      case TRANSPORT_UNSPECIFIED, UDP -> Transport.UDP;
      case TCP -> Transport.TCP;
      case TLS -> Transport.TLS;
      case UNRECOGNIZED -> null;
    };
  }

  static org.siproute.proto.v1.NumberFormat numberFormat(NumberFormat f) {
    return switch (f) {
      case E164_DIGITS -> org.siproute.proto.v1.NumberFormat.E164_DIGITS;
      case E164_PLUS -> org.siproute.proto.v1.NumberFormat.E164_PLUS;
      case NATIONAL -> org.siproute.proto.v1.NumberFormat.NATIONAL;
      case INTERNATIONAL_00 -> org.siproute.proto.v1.NumberFormat.INTERNATIONAL_00;
      case INTERNATIONAL_011 -> org.siproute.proto.v1.NumberFormat.INTERNATIONAL_011;
    };
  }

  /** Unset means E164_DIGITS. */
  static NumberFormat numberFormat(org.siproute.proto.v1.NumberFormat f) {
    return switch (f) {
      case NUMBER_FORMAT_UNSPECIFIED, E164_DIGITS -> NumberFormat.E164_DIGITS;
      case E164_PLUS -> NumberFormat.E164_PLUS;
      case NATIONAL -> NumberFormat.NATIONAL;
      case INTERNATIONAL_00 -> NumberFormat.INTERNATIONAL_00;
      case INTERNATIONAL_011 -> NumberFormat.INTERNATIONAL_011;
      case UNRECOGNIZED -> null;
    };
  }

  static org.siproute.proto.v1.RouteAction routeAction(RouteAction a) {
    return switch (a) {
      case ROUTE -> org.siproute.proto.v1.RouteAction.ROUTE;
      case BLOCK -> org.siproute.proto.v1.RouteAction.BLOCK;
    };
  }

  /** Unset means ROUTE. */
  static RouteAction routeAction(org.siproute.proto.v1.RouteAction a) {
    return switch (a) {
      case ROUTE_ACTION_UNSPECIFIED, ROUTE -> RouteAction.ROUTE;
      case BLOCK -> RouteAction.BLOCK;
      case UNRECOGNIZED -> null;
    };
  }

  static org.siproute.proto.v1.Strategy strategy(Strategy s) {
    return switch (s) {
      case PRIORITY -> org.siproute.proto.v1.Strategy.PRIORITY;
      case LEAST_COST -> org.siproute.proto.v1.Strategy.LEAST_COST;
      case QUALITY -> org.siproute.proto.v1.Strategy.QUALITY;
      case WEIGHTED -> org.siproute.proto.v1.Strategy.WEIGHTED;
    };
  }

  /** Unset means PRIORITY. */
  static Strategy strategy(org.siproute.proto.v1.Strategy s) {
    return switch (s) {
      case STRATEGY_UNSPECIFIED, PRIORITY -> Strategy.PRIORITY;
      case LEAST_COST -> Strategy.LEAST_COST;
      case QUALITY -> Strategy.QUALITY;
      case WEIGHTED -> Strategy.WEIGHTED;
      case UNRECOGNIZED -> null;
    };
  }

  static AttemptFailure failure(org.siproute.proto.v1.AttemptFailure f) {
    return switch (f) {
      case ATTEMPT_FAILURE_UNSPECIFIED -> AttemptFailure.NONE;
      case TIMEOUT -> AttemptFailure.TIMEOUT;
      case TRANSPORT_ERROR -> AttemptFailure.TRANSPORT_ERROR;
      case UNRECOGNIZED -> null;
    };
  }

  static org.siproute.proto.v1.Role role(Role r) {
    return switch (r) {
      case ADMIN -> org.siproute.proto.v1.Role.ADMIN;
      case CUSTOMER -> org.siproute.proto.v1.Role.CUSTOMER;
      case ROUTER -> org.siproute.proto.v1.Role.ROUTER;
    };
  }

  /** Unset is no role. */
  static Role role(org.siproute.proto.v1.Role r) {
    return switch (r) {
      case ADMIN -> Role.ADMIN;
      case CUSTOMER -> Role.CUSTOMER;
      case ROUTER -> Role.ROUTER;
      case ROLE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  static org.siproute.proto.v1.CircuitState circuitState(CircuitState s) {
    return switch (s) {
      case CLOSED -> org.siproute.proto.v1.CircuitState.CLOSED;
      case OPEN -> org.siproute.proto.v1.CircuitState.OPEN;
      case HALF_OPEN -> org.siproute.proto.v1.CircuitState.HALF_OPEN;
    };
  }

  static org.siproute.proto.v1.ProbeState probeState(ProbeState s) {
    return switch (s) {
      case OFF -> org.siproute.proto.v1.ProbeState.PROBE_OFF;
      case PENDING -> org.siproute.proto.v1.ProbeState.PROBE_PENDING;
      case UP -> org.siproute.proto.v1.ProbeState.PROBE_UP;
      case DOWN -> org.siproute.proto.v1.ProbeState.PROBE_DOWN;
    };
  }
}
