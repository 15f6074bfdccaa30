package io.github.lbkit.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link LoadBalancerProvider#ensure}: the status to write, the annotations to write back
 * onto the Service, warnings to publish as events, and what was taken over from another controller.
 *
 * @param status the load balancer's addresses
 * @param annotations annotations to set on the Service (for example {@code kubernetes.io/elb.id} and
 *     {@code kubernetes.io/elb.eip-id} after auto-creation); existing annotations with other keys are kept
 * @param warnings things the user should know, published as Warning events
 * @param adopted the resources this ensure took over from CCE's controller (the load balancer, its EIP, its
 *     listeners), each as a short description such as {@code load balancer 1234}; empty when it adopted nothing
 */
public record LoadBalancerResult(
    LoadBalancerStatus status, Map<String, String> annotations, List<ProviderWarning> warnings,
    List<String> adopted) {

  /**
   * Copies the collections.
   *
   * @param status the load balancer's addresses
   * @param annotations annotations to set on the Service (for example {@code kubernetes.io/elb.id} and
   *     {@code kubernetes.io/elb.eip-id} after auto-creation); existing annotations with other keys are kept
   * @param warnings things the user should know, published as Warning events
   * @param adopted the resources this ensure took over from CCE's controller; empty when it adopted nothing
   */
  public LoadBalancerResult {
    java.util.Objects.requireNonNull(status, "status");
    annotations = Map.copyOf(annotations);
    warnings = List.copyOf(warnings);
    adopted = List.copyOf(adopted);
  }

  /**
   * Creates a result of an ensure that adopted nothing.
   *
   * @param status the load balancer's addresses
   * @param annotations annotations to set on the Service
   * @param warnings things the user should know, published as Warning events
   */
  public LoadBalancerResult(LoadBalancerStatus status, Map<String, String> annotations,
      List<ProviderWarning> warnings) {
    this(status, annotations, warnings, List.of());
  }
}
