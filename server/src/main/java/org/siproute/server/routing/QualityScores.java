package org.siproute.server.routing;

/** Observed quality of providers, for the QUALITY strategy. */
public interface QualityScores {
  QualityScores NONE = (providerId, callingCode) -> Double.NaN;

  /**
   * The recent answer-seizure ratio (0 to 1) of a provider for a destination country, or NaN
   * when there are too few calls to judge.
   */
  double answerSeizureRatio(String providerId, int callingCode);
}
