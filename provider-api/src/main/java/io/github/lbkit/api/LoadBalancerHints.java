package io.github.lbkit.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a Service's annotations say about an existing load balancer, read leniently: never failing, whatever
 * else is wrong with the Service. {@link LoadBalancerProvider#find} and {@link LoadBalancerProvider#delete}
 * take these, so that a Service with broken annotations can still be found and cleaned up.
 *
 * <p>A provider must not trust a hint blindly: it checks the ownership marker of whatever the hint names.
 *
 * @param loadBalancerId {@code kubernetes.io/elb.id}, if set
 * @param eipId {@code kubernetes.io/elb.eip-id} (written back after creating an EIP), if set
 * @param attached true when the Service attached to an existing load balancer rather than creating one
 */
public record LoadBalancerHints(@Nullable String loadBalancerId, @Nullable String eipId, boolean attached) {

  /** No hints: the provider finds its load balancer by ownership marker alone. */
  public static final LoadBalancerHints NONE = new LoadBalancerHints(null, null, false);

  /** The annotation a Service names an existing load balancer with, and which lbkit writes back. */
  public static final String ELB_ID = "kubernetes.io/elb.id";

  /** The annotation lbkit writes back with the id of an EIP it created. */
  public static final String ELB_EIP_ID = "kubernetes.io/elb.eip-id";

  /** The annotation that asks for auto-creation. */
  static final String ELB_AUTOCREATE = "kubernetes.io/elb.autocreate";

  /**
   * Reads hints from a Service's annotations without validating anything else.
   *
   * @param annotations the Service's annotations (may be empty)
   * @return the hints
   */
  public static LoadBalancerHints fromAnnotations(Map<String, String> annotations) {
    String id = blankToNull(annotations.get(ELB_ID));
    String eip = blankToNull(annotations.get(ELB_EIP_ID));
    CreationRecord recorded = CreationRecord.parseLenient(annotations.get(CreationRecord.ANNOTATION));
    boolean attached;
    if (recorded != null) {
      attached = !recorded.autoCreated();
      if (id == null) {
        id = recorded.loadBalancerId();
      }
    } else {
      attached = id != null && blankToNull(annotations.get(ELB_AUTOCREATE)) == null;
    }
    return new LoadBalancerHints(id, eip, attached);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
