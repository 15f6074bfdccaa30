package io.github.lbkit.api;

/** The Service's {@code externalTrafficPolicy}. */
public enum TrafficPolicy {
  /** Any node forwards to any endpoint. */
  CLUSTER,
  /** Nodes only forward to local endpoints; the load balancer must health-check the health check node port. */
  LOCAL
}
