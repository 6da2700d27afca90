package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.everyDay;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.schedule;
import static org.siproute.server.routing.TestRouting.scheduled;
import static org.siproute.server.routing.TestRouting.snapshot;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.Schedule;
import org.siproute.server.domain.Strategy;
import org.siproute.server.domain.TimeWindow;

/**
 * A scheduled route is a candidate only inside one of its windows, read in its IANA time zone
 * at the call time; outside, the next route takes its place. A window whose end is not after
 * its start runs past midnight into the next day, and its days are the days it starts on.
 */
class ScheduleTest {
  private static final int MON = 1;
  private static final int TUE = 2;
  private static final int WED = 3;
  private static final int THU = 4;
  private static final int FRI = 5;

  /** Whether a default route with {@code schedule} is in the plan of a call at {@code instant}. */
  private static boolean inService(Schedule schedule, String instant) {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "timed", "always")
            .route(scheduled(route("", "44", "timed", 0, 0), schedule))
            .route(route("", "44", "always", 10, 0)));
    List<String> providers = providers(plan(engine, "c1", LONDON, Instant.parse(instant).toEpochMilli(), 1));
    // Whatever happens to the scheduled route, the other one stays.
    assertThat(providers).endsWith("always");
    return providers.contains("timed");
  }

  @Test
  void aRouteIsInsideItsWindowOnItsDaysAndOutOfItOtherwise() {
    Schedule officeHours = schedule("UTC", "09:00", "17:00", MON, TUE, WED, THU, FRI);

    assertThat(inService(officeHours, "2026-06-10T12:00:00Z")).isTrue(); // Wednesday noon
    assertThat(inService(officeHours, "2026-06-10T09:00:00Z")).isTrue(); // the start is inside
    assertThat(inService(officeHours, "2026-06-10T08:59:00Z")).isFalse();
    assertThat(inService(officeHours, "2026-06-10T16:59:00Z")).isTrue();
    assertThat(inService(officeHours, "2026-06-10T17:00:00Z")).isFalse(); // the end is not
    assertThat(inService(officeHours, "2026-06-13T12:00:00Z")).isFalse(); // Saturday
  }

  @Test
  void aWindowCrossingMidnightRunsIntoTheNextDayFromTheDaysItStartsOn() {
    Schedule fridayNight = schedule("UTC", "22:00", "06:00", FRI);

    assertThat(inService(fridayNight, "2026-06-12T21:59:00Z")).isFalse(); // Friday, before
    assertThat(inService(fridayNight, "2026-06-12T22:00:00Z")).isTrue(); // Friday evening
    assertThat(inService(fridayNight, "2026-06-13T00:00:00Z")).isTrue(); // Saturday midnight
    assertThat(inService(fridayNight, "2026-06-13T05:59:00Z")).isTrue(); // Saturday morning
    assertThat(inService(fridayNight, "2026-06-13T06:00:00Z")).isFalse();
    // Saturday evening and Friday morning: Saturday does not start a window, and Friday
    // morning would be the tail of a Thursday one.
    assertThat(inService(fridayNight, "2026-06-13T23:00:00Z")).isFalse();
    assertThat(inService(fridayNight, "2026-06-12T05:00:00Z")).isFalse();
  }

  @Test
  void aWindowEndingWhereItStartsLastsAFullDay() {
    Schedule wednesdayFromNoon = schedule("UTC", "12:00", "12:00", WED);

    assertThat(inService(wednesdayFromNoon, "2026-06-10T12:00:00Z")).isTrue();
    assertThat(inService(wednesdayFromNoon, "2026-06-11T11:59:00Z")).isTrue();
    assertThat(inService(wednesdayFromNoon, "2026-06-11T12:00:00Z")).isFalse();
    assertThat(inService(wednesdayFromNoon, "2026-06-10T11:59:00Z")).isFalse();
  }

  @Test
  void windowsAreReadInTheRoutesTimeZone() {
    Schedule tokyoOffice = everyDay("Asia/Tokyo", "09:00", "17:00"); // UTC+9, no DST

    assertThat(inService(tokyoOffice, "2026-06-10T01:00:00Z")).isTrue(); // 10:00 in Tokyo
    assertThat(inService(tokyoOffice, "2026-06-10T12:00:00Z")).isFalse(); // 21:00 in Tokyo
    assertThat(inService(tokyoOffice, "2026-06-09T23:59:00Z")).isFalse(); // 08:59 in Tokyo
    assertThat(inService(tokyoOffice, "2026-06-10T00:00:00Z")).isTrue(); // 09:00 in Tokyo
  }

  @Test
  void theDayOfAWindowIsTheLocalDayNotTheUtcOne() {
    // Tuesday 23:30 UTC is Wednesday 08:30 in Tokyo.
    Schedule wednesdayMorningInTokyo = schedule("Asia/Tokyo", "08:00", "09:00", WED);

    assertThat(inService(wednesdayMorningInTokyo, "2026-06-09T23:30:00Z")).isTrue();
    assertThat(inService(wednesdayMorningInTokyo, "2026-06-10T23:30:00Z")).isFalse(); // Thursday there
  }

  @Test
  void theLocalTimeFollowsDaylightSavingOnTheDayItChanges() {
    // Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on Sunday 2026-03-29.
    Schedule berlinMorning = everyDay("Europe/Berlin", "08:00", "09:00");

    assertThat(inService(berlinMorning, "2026-03-28T07:30:00Z")).isTrue(); // Saturday 08:30 CET
    assertThat(inService(berlinMorning, "2026-03-29T07:30:00Z")).isFalse(); // Sunday 09:30 CEST
    assertThat(inService(berlinMorning, "2026-03-29T06:30:00Z")).isTrue(); // Sunday 08:30 CEST
  }

  @Test
  void aRepeatedLocalHourIsInsideTwiceWhenTheClocksGoBack() {
    // New York goes from UTC-4 back to UTC-5 at 06:00 UTC on Sunday 2026-11-01: 01:00 to
    // 02:00 local happens twice.
    Schedule newYorkSmallHours = everyDay("America/New_York", "01:00", "02:00");

    assertThat(inService(newYorkSmallHours, "2026-11-01T05:30:00Z")).isTrue(); // 01:30 EDT
    assertThat(inService(newYorkSmallHours, "2026-11-01T06:30:00Z")).isTrue(); // 01:30 EST
    assertThat(inService(newYorkSmallHours, "2026-11-01T07:30:00Z")).isFalse(); // 02:30 EST
    assertThat(inService(newYorkSmallHours, "2026-11-01T04:30:00Z")).isFalse(); // 00:30 EDT
  }

  @Test
  void anyOfSeveralWindowsWillDo() {
    Schedule split =
        new Schedule(
            ZoneId.of("UTC"),
            List.of(
                new TimeWindow(TimeWindow.EVERY_DAY, 8 * 60, 10 * 60),
                new TimeWindow(TimeWindow.EVERY_DAY, 14 * 60, 16 * 60)));

    assertThat(inService(split, "2026-06-10T09:00:00Z")).isTrue();
    assertThat(inService(split, "2026-06-10T15:00:00Z")).isTrue();
    assertThat(inService(split, "2026-06-10T12:00:00Z")).isFalse();
  }

  @Test
  void explainSaysWhyAScheduledRouteIsInOrOut() {
    Route timed = scheduled(route("", "44", "timed"), everyDay("Europe/Berlin", "08:00", "09:00"));
    RoutingEngine engine = engine(snapshot(Strategy.PRIORITY, "timed").route(timed));

    Plan inside = explain(engine, "c1", LONDON, Instant.parse("2026-06-10T06:30:00Z").toEpochMilli());
    Plan outside = explain(engine, "c1", LONDON, Instant.parse("2026-06-10T12:00:00Z").toEpochMilli());

    assertThat(inside.attempts().get(0).reasons()).contains("inside its schedule (Europe/Berlin)");
    assertThat(outside.isEmpty()).isTrue();
    assertThat(reasonFor(outside, timed.id())).isEqualTo("outside schedule");
  }
}
