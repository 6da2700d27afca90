package org.siproute.server.routing;

/** Observed quality of providers, for the QUALITY strategy, and call lengths, for LEAST_COST. */
public interface QualityScores {
  QualityScores NONE = (providerId, callingCode) -> Double.NaN;

  /**
   * The recent answer-seizure ratio (0 to 1) of a provider for a destination country, or NaN
   * when there are too few calls to judge.
   */
  double answerSeizureRatio(String providerId, int callingCode);

  /**
   * The recent average length in seconds of answered calls to a destination country (over
   * every provider), or NaN when too few answered calls of known length were counted. Called
   * on the decision path: it must read memory only.
   */
  default double averageCallSeconds(int callingCode) {
    return Double.NaN;
  }
}
