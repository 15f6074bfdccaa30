package io.github.lbkit.api;

/**
 * How kube-proxy treats traffic to a load balancer address from inside the cluster (KEP-1860).
 *
 * <p>{@link #VIP} lets kube-proxy short-circuit in-cluster traffic to the address; {@link #PROXY} makes that
 * traffic really go through the load balancer, which is what CCE's {@code kubernetes.io/elb.pass-through}
 * asks for.
 */
public enum IpMode {
  /** The default: kube-proxy delivers in-cluster traffic to the address locally. */
  VIP("VIP"),
  /** In-cluster traffic to the address leaves the node and passes through the load balancer. */
  PROXY("Proxy");

  private final String wireValue;

  IpMode(String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * Returns the value as written in {@code status.loadBalancer.ingress[].ipMode}.
   *
   * @return {@code "VIP"} or {@code "Proxy"}
   */
  public String wireValue() {
    return wireValue;
  }
}
