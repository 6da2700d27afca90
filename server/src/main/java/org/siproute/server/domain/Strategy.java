package org.siproute.server.domain;

/** How candidates within a tier are ordered. */
public enum Strategy {
  PRIORITY,
  LEAST_COST,
  QUALITY,
  WEIGHTED
}
