package io.github.lbkit.api;

/** What the load balancer forwards to. */
public enum BackendMode {
  /** Cluster nodes on the Service's node ports (shared ELB, and dedicated ELB on standard clusters). */
  NODES,
  /**
   * Pod IPs on their target ports, from EndpointSlices (dedicated ELB on Turbo-style clusters, or
   * {@code allocateLoadBalancerNodePorts: false}).
   */
  PODS
}
