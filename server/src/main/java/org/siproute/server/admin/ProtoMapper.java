package org.siproute.server.admin;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Transport;

/** Domain records to their wire form. The reverse, with validation, is {@link AdminValidator}. */
public final class ProtoMapper {
  private ProtoMapper() {}

  public static String etag(long version) {
    return Long.toString(version);
  }

  public static org.siproute.proto.v1.Provider provider(Provider p) {
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
        .setEtag(etag(p.version()))
        .setCreateTime(Timestamps.fromMillis(p.createMs()))
        .setUpdateTime(Timestamps.fromMillis(p.updateMs()))
        .build();
  }

  public static org.siproute.proto.v1.Transport transport(Transport t) {
    return switch (t) {
      case UDP -> org.siproute.proto.v1.Transport.UDP;
      case TCP -> org.siproute.proto.v1.Transport.TCP;
      case TLS -> org.siproute.proto.v1.Transport.TLS;
    };
  }

  public static org.siproute.proto.v1.Route route(Route r) {
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
            .setEtag(etag(r.version()))
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

  public static org.siproute.proto.v1.Rate rate(Rate r) {
    org.siproute.proto.v1.Rate.Builder b =
        org.siproute.proto.v1.Rate.newBuilder()
            .setProviderId(r.providerId())
            .setPrefix(r.prefix())
            .setPriceMicros(r.priceMicros())
            .setCurrency(r.currency());
    if (r.validFromMs() != 0) {
      b.setValidFrom(Timestamps.fromMillis(r.validFromMs()));
    }
    if (r.validUntilMs() != Rate.FOREVER) {
      b.setValidUntil(Timestamps.fromMillis(r.validUntilMs()));
    }
    return b.build();
  }

  public static org.siproute.proto.v1.RoutingPolicy policy(RoutingPolicy p) {
    return org.siproute.proto.v1.RoutingPolicy.newBuilder()
        .setCustomerId(p.customerId())
        .setStrategy(org.siproute.proto.v1.Strategy.valueOf(p.strategy().name()))
        .addAllFailoverCodes(p.failoverCodes().patterns())
        .setMaxAttempts(p.maxAttempts())
        .setMaxPriceMicros(p.maxPriceMicros())
        .setExcludeDefaultRoutes(p.excludeDefaultRoutes())
        .setInherited(p.inherited())
        .setEtag(p.inherited() ? "" : etag(p.version()))
        .setUpdateTime(Timestamps.fromMillis(p.updateMs()))
        .build();
  }

  static String hhmm(int minuteOfDay) {
    return String.format("%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
  }

  static long millis(Timestamp t) {
    return Timestamps.toMillis(t);
  }
}
