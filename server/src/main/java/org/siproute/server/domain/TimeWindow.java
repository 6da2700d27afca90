package org.siproute.server.domain;

/**
 * A daily window of a schedule. {@code daysMask}: bit 0 = Monday ... bit 6 = Sunday, the days
 * on which the window starts (all 7 bits = every day). Minutes count from local midnight; an
 * end at or before the start crosses midnight into the next day.
 */
public record TimeWindow(int daysMask, int startMinute, int endMinute) {
  public static final int EVERY_DAY = 0x7f;

  public boolean crossesMidnight() {
    return endMinute <= startMinute;
  }

  public boolean startsOn(int isoDayOfWeek) {
    return (daysMask & (1 << (isoDayOfWeek - 1))) != 0;
  }
}
