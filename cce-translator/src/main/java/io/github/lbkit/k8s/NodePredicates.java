package io.github.lbkit.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which nodes may be load balancer backends, exactly as the upstream service controller decides
 * ({@code stableNodeSetPredicates}, KEP-3458): a node is eligible unless it is being deleted, carries the
 * exclusion label with any value other than {@code false}, or carries the cluster autoscaler's
 * {@code ToBeDeletedByClusterAutoscaler} taint. Readiness and schedulability are deliberately not used.
 */
public final class NodePredicates {

  /** The label that excludes a node from external load balancers. */
  public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

  /** The taint the cluster autoscaler puts on a node it is about to remove. */
  public static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

  private NodePredicates() {}

  /**
   * Whether a node may be a backend.
   *
   * @param node the node
   * @return true when eligible
   */
  public static boolean eligible(Node node) {
    Objects.requireNonNull(node, "node");
    if (node.getMetadata() != null && node.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (excludedByLabel(node)) {
      return false;
    }
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        if (TO_BE_DELETED_TAINT.equals(t.getKey())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the exclusion label excludes a node: present with any value but {@code false} (an unparsable value
   * excludes, as upstream does).
   *
   * @param node the node
   * @return true when excluded
   */
  public static boolean excludedByLabel(Node node) {
    Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(EXCLUDE_LABEL)) {
      return false;
    }
    String v = labels.get(EXCLUDE_LABEL);
    return v == null || !v.trim().toLowerCase(Locale.ROOT).equals("false");
  }

  /**
   * Returns the address members are created with: the node's first {@code InternalIP}, else its first
   * {@code ExternalIP}.
   *
   * @param node the node
   * @return the address, or null when the node reports none
   */
  public static @Nullable String address(Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return null;
    }
    for (String type : new String[] {"InternalIP", "ExternalIP"}) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        if (type.equals(a.getType()) && a.getAddress() != null && !a.getAddress().isBlank()) {
          return a.getAddress();
        }
      }
    }
    return null;
  }

  /**
   * Whether a node update changes anything the backend set depends on: eligibility, or the provider id, or
   * the address (the upstream controller looks at the first two; the address is what members are made of).
   *
   * @param before the node before the update
   * @param after the node after the update
   * @return true when the Services' backends must be re-synced
   */
  public static boolean backendRelevantChange(Node before, Node after) {
    return eligible(before) != eligible(after)
        || !Objects.equals(providerId(before), providerId(after))
        || !Objects.equals(address(before), address(after));
  }

  private static @Nullable String providerId(Node node) {
    return node.getSpec() == null ? null : node.getSpec().getProviderID();
  }
}
