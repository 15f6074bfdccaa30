package io.github.lbkit.api;

/** The protocol of a listener, from the Service port and {@code kubernetes.io/elb.protocol-port}. */
public enum Protocol {
  /** Plain TCP. */
  TCP,
  /** Plain UDP. */
  UDP,
  /** HTTP, terminated by the load balancer. */
  HTTP,
  /** HTTPS terminated by the load balancer ({@code TERMINATED_HTTPS} on the shared class). */
  HTTPS;

  /**
   * Whether the load balancer works at layer 7 for this protocol.
   *
   * @return true for HTTP and HTTPS
   */
  public boolean isLayer7() {
    return this == HTTP || this == HTTPS;
  }
}
