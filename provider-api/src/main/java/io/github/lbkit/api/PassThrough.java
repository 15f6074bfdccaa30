package io.github.lbkit.api;

/**
 * CCE pass-through networking ({@code kubernetes.io/elb.pass-through}): whether in-cluster traffic to the
 * load balancer address must really pass through the load balancer.
 */
public enum PassThrough {
  /** Off: the status reports {@code ipMode: VIP} and kube-proxy may short-circuit in-cluster traffic. */
  OFF,
  /** On: the status reports {@code ipMode: Proxy}. */
  ON,
  /** On, with {@code externalTrafficPolicy: Local} (CCE's {@code onlyLocal} variant). */
  ONLY_LOCAL;

  /**
   * Returns the ipMode the Service's status must carry.
   *
   * @return {@link IpMode#PROXY} when pass-through is on in either form, else {@link IpMode#VIP}
   */
  public IpMode ipMode() {
    return this == OFF ? IpMode.VIP : IpMode.PROXY;
  }
}
