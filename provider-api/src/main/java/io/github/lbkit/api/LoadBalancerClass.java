package io.github.lbkit.api;

/** The kind of load balancer, from {@code kubernetes.io/elb.class}. Fixed after creation. */
public enum LoadBalancerClass {
  /** Shared load balancer ({@code union}); Huawei ELB v2 API. */
  SHARED("union"),
  /** Dedicated load balancer ({@code performance}); Huawei ELB v3 API. */
  DEDICATED("performance");

  private final String annotationValue;

  LoadBalancerClass(String annotationValue) {
    this.annotationValue = annotationValue;
  }

  /**
   * Returns the value of {@code kubernetes.io/elb.class} that selects this class.
   *
   * @return {@code union} or {@code performance}
   */
  public String annotationValue() {
    return annotationValue;
  }
}
