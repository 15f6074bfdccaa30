package io.github.lbkit.api;

/** The backend selection algorithm of a pool, from {@code kubernetes.io/elb.lb-algorithm}. */
public enum Algorithm {
  /** Weighted round robin. */
  ROUND_ROBIN,
  /** Weighted least connections. */
  LEAST_CONNECTIONS,
  /** Hash of the source IP. */
  SOURCE_IP
}
