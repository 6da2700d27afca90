package org.siproute.server.domain;

/** How a provider wants the called number written (examples for +49 30 1234567). */
public enum NumberFormat {
  /** "49301234567": the E.164 digits. The default. */
  E164_DIGITS,
  /** "+49301234567". */
  E164_PLUS,
  /** "0301234567": the national form in the destination's own country, digits only. */
  NATIONAL,
  /** "0049301234567". */
  INTERNATIONAL_00,
  /** "01149301234567". */
  INTERNATIONAL_011
}
