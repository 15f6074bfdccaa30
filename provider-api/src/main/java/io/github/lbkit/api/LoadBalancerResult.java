package io.github.lbkit.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link LoadBalancerProvider#ensure}: the status to write, the annotations to write back
 * onto the Service, and warnings to publish as events.
 *
 * @param status the load balancer's addresses
 * @param annotations annotations to set on the Service (for example {@code kubernetes.io/elb.id} and
 *     {@code kubernetes.io/elb.eip-id} after auto-creation); existing annotations with other keys are kept
 * @param warnings things the user should know, published as Warning events
 */
public record LoadBalancerResult(
    LoadBalancerStatus status, Map<String, String> annotations, List<ProviderWarning> warnings) {

  /**
   * Copies the collections.
   *
   * @param status the load balancer's addresses
   * @param annotations annotations to set on the Service (for example {@code kubernetes.io/elb.id} and
   *     {@code kubernetes.io/elb.eip-id} after auto-creation); existing annotations with other keys are kept
   * @param warnings things the user should know, published as Warning events
   */
  public LoadBalancerResult {
    java.util.Objects.requireNonNull(status, "status");
    annotations = Map.copyOf(annotations);
    warnings = List.copyOf(warnings);
  }
}
