package org.siproute.server.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** When a route applies: windows read in an IANA time zone. */
public record Schedule(ZoneId zone, List<TimeWindow> windows) {

  public Schedule {
    windows = List.copyOf(windows);
  }

  /** True when the instant falls inside any window, read in this schedule's zone. */
  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    int day = local.getDayOfWeek().getValue();
    int previousDay = day == 1 ? 7 : day - 1;
    int minute = local.getHour() * 60 + local.getMinute();
    for (TimeWindow w : windows) {
      if (w.crossesMidnight()) {
        // Evening part of a window that started today, or morning part of yesterday's.
        if (w.startsOn(day) && minute >= w.startMinute()) {
          return true;
        }
        if (w.startsOn(previousDay) && minute < w.endMinute()) {
          return true;
        }
      } else if (w.startsOn(day) && minute >= w.startMinute() && minute < w.endMinute()) {
        return true;
      }
    }
    return false;
  }
}
