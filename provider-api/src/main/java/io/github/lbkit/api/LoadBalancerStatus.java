package io.github.lbkit.api;

import java.util.List;

/**
 * What a provider reports about a load balancer that exists: the addresses to write into the Service's status.
 *
 * @param ingress the ingress entries, in the order they should appear in the status
 * @param loadBalancerId the cloud's id of the load balancer
 */
public record LoadBalancerStatus(List<Ingress> ingress, String loadBalancerId) {

  /**
   * Copies the list.
   *
   * @param ingress the ingress entries, in the order they should appear in the status
   * @param loadBalancerId the cloud's id of the load balancer
   */
  public LoadBalancerStatus {
    ingress = List.copyOf(ingress);
    java.util.Objects.requireNonNull(loadBalancerId, "loadBalancerId");
  }
}
