package io.github.lbkit.api.plan;

import io.github.lbkit.api.LoadBalancerClass;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A load balancer a provider found for an {@link io.github.lbkit.api.Adoption}: by the id CCE wrote back, or by
 * name. The {@link Planner} decides whether it may be adopted.
 *
 * @param loadBalancer the load balancer as observed, with its EIP and every listener
 * @param loadBalancerClass its class
 * @param vpcId the VPC its address is in, or null when the provider does not know it
 */
public record AdoptionCandidate(
    ObservedLoadBalancer loadBalancer, LoadBalancerClass loadBalancerClass, @Nullable String vpcId) {

  /**
   * Validates that load balancer and class are present.
   *
   * @param loadBalancer the load balancer as observed
   * @param loadBalancerClass its class
   * @param vpcId the VPC its address is in, or null when unknown
   */
  public AdoptionCandidate {
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
  }
}
