package io.github.lbkit.api;

/**
 * A feature a {@link LoadBalancerSpec} may need and a provider may lack. Each names the Service annotation or
 * field that asks for it, so that an unsupported request becomes a clear error before any cloud call.
 */
public enum Feature {
  /** Shared load balancers ({@code elb.class: union}). */
  SHARED_CLASS("kubernetes.io/elb.class"),
  /** Dedicated load balancers ({@code elb.class: performance}). */
  DEDICATED_CLASS("kubernetes.io/elb.class"),
  /** Attaching to an existing load balancer. */
  EXISTING_LOAD_BALANCER("kubernetes.io/elb.id"),
  /** Auto-created public load balancers with an EIP. */
  PUBLIC_ADDRESS("kubernetes.io/elb.autocreate"),
  /** UDP listeners. */
  UDP("spec.ports[].protocol"),
  /** TCP and UDP ports on one Service. */
  MIXED_PROTOCOL("spec.ports[].protocol"),
  /** HTTP and HTTPS listeners. */
  LAYER7("kubernetes.io/elb.protocol-port"),
  /** SNI certificates. */
  SNI("kubernetes.io/elb.tls-certificate-ids"),
  /** HTTP/2. */
  HTTP2("kubernetes.io/elb.http2-enable"),
  /** Pod IPs as backends. */
  POD_BACKENDS("spec.allocateLoadBalancerNodePorts"),
  /** Source ranges enforced by the load balancer. */
  SOURCE_RANGES("spec.loadBalancerSourceRanges"),
  /** IP-group access control. */
  ACL("kubernetes.io/elb.acl-id"),
  /** IPv6 VIPs. */
  IPV6("spec.ipFamilies"),
  /** Tags on the load balancer. */
  TAGS("kubernetes.io/elb.tags"),
  /** Sticky sessions. */
  SESSION_PERSISTENCE("kubernetes.io/elb.session-affinity-mode"),
  /** Replacing the EIP of an auto-created load balancer. */
  CUSTOM_EIP("kubernetes.io/elb.custom-eip-id"),
  /** Passing the client IP to TCP/UDP backends. */
  TRANSPARENT_CLIENT_IP("kubernetes.io/elb.transparent-client-ip"),
  /** Pass-through networking (ipMode Proxy). */
  PASS_THROUGH("kubernetes.io/elb.pass-through"),
  /**
   * Taking over a load balancer CCE's controller created ({@code kubernetes.io/elb.id} written back next to
   * {@code kubernetes.io/elb.autocreate}), keeping its addresses. A provider declares it when its engine cloud
   * implements {@link io.github.lbkit.api.engine.ReconcileCloud#adoptionCandidates}.
   */
  ADOPTION("kubernetes.io/elb.id");

  private final String key;

  Feature(String key) {
    this.key = key;
  }

  /**
   * Returns the annotation key or field path that asks for this feature.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
