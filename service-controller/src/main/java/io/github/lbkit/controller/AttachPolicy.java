package io.github.lbkit.controller;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Decides which Services may attach to an existing load balancer by id
 * ({@link io.github.lbkit.api.Attachment.Existing}). A refused Service gets a Warning event naming the load
 * balancer, its namespace and how to allow it; no cloud write is made for it, and it is picked up again when it
 * changes.
 *
 * <p>Attaching lets a Service put listeners on a load balancer that someone else pays for and may use for other
 * traffic (exposing its pods on that address), so the default, {@link #sameNamespace()}, allows only load
 * balancers that a Service of the same namespace created. Widen it explicitly, for example
 * {@code AttachPolicy.sameNamespace().or(AttachPolicy.allow((namespace, lb) -> namespace.equals("infra")))}.
 */
@FunctionalInterface
public interface AttachPolicy {

  /**
   * Whether a Service may attach to a load balancer, from names alone.
   *
   * @param namespace the Service's namespace
   * @param name the Service's name
   * @param loadBalancerId the id of the existing load balancer it names
   * @return true to allow
   */
  boolean mayAttach(String namespace, String name, String loadBalancerId);

  /**
   * Whether a Service may attach to a load balancer, knowing which namespace owns it. The controller asks this
   * one; the default answers with {@link #mayAttach(String, String, String)}.
   *
   * @param namespace the Service's namespace
   * @param name the Service's name
   * @param loadBalancerId the id of the existing load balancer it names
   * @param ownerNamespace the namespace of the Service (of this cluster) whose owner marker the load balancer
   *     carries; empty when it carries none, carries another cluster's, or the provider cannot tell
   * @return true to allow
   */
  default boolean mayAttach(String namespace, String name, String loadBalancerId, Optional<String> ownerNamespace) {
    return mayAttach(namespace, name, loadBalancerId);
  }

  /**
   * Whether the policy looks at the owner; then the controller reads the load balancer's owner marker
   * ({@link io.github.lbkit.api.LoadBalancerProvider#ownerOf}) before deciding, one read call.
   *
   * @return true when {@link #mayAttach(String, String, String, Optional)} needs the owner
   */
  default boolean needsOwner() {
    return false;
  }

  /**
   * Allows a Service to attach only to a load balancer a Service of its own namespace created (it carries that
   * Service's owner marker); the default.
   *
   * @return the policy
   */
  static AttachPolicy sameNamespace() {
    return new AttachPolicy() {
      @Override
      public boolean mayAttach(String namespace, String name, String loadBalancerId) {
        return false;
      }

      @Override
      public boolean mayAttach(String namespace, String name, String loadBalancerId, Optional<String> owner) {
        return owner.filter(namespace::equals).isPresent();
      }

      @Override
      public boolean needsOwner() {
        return true;
      }
    };
  }

  /**
   * Allows every Service to attach to any load balancer of the project.
   *
   * @return the policy
   */
  static AttachPolicy any() {
    return allowAll();
  }

  /**
   * Allows what a predicate allows, by namespace and load balancer id.
   *
   * @param namespaceAndLoadBalancer true for the namespace and load balancer id pairs to allow
   * @return the policy
   */
  static AttachPolicy allow(BiPredicate<String, String> namespaceAndLoadBalancer) {
    Objects.requireNonNull(namespaceAndLoadBalancer, "namespaceAndLoadBalancer");
    return (namespace, name, loadBalancerId) -> namespaceAndLoadBalancer.test(namespace, loadBalancerId);
  }

  /**
   * Allows what this policy or another allows.
   *
   * @param other the other policy
   * @return the combined policy
   */
  default AttachPolicy or(AttachPolicy other) {
    Objects.requireNonNull(other, "other");
    AttachPolicy self = this;
    return new AttachPolicy() {
      @Override
      public boolean mayAttach(String namespace, String name, String loadBalancerId) {
        return self.mayAttach(namespace, name, loadBalancerId) || other.mayAttach(namespace, name, loadBalancerId);
      }

      @Override
      public boolean mayAttach(String namespace, String name, String loadBalancerId, Optional<String> owner) {
        return self.mayAttach(namespace, name, loadBalancerId, owner)
            || other.mayAttach(namespace, name, loadBalancerId, owner);
      }

      @Override
      public boolean needsOwner() {
        return self.needsOwner() || other.needsOwner();
      }
    };
  }

  /**
   * Allows every Service to attach; the same as {@link #any()}.
   *
   * @return the policy
   */
  static AttachPolicy allowAll() {
    return (namespace, name, loadBalancerId) -> true;
  }

  /**
   * Refuses every attachment.
   *
   * @return the policy
   */
  static AttachPolicy denyAll() {
    return (namespace, name, loadBalancerId) -> false;
  }

  /**
   * Allows only Services in the given namespaces to attach, to any load balancer.
   *
   * @param namespaces the namespaces allowed
   * @return the policy
   */
  static AttachPolicy namespaces(Set<String> namespaces) {
    Set<String> allowed = Set.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    return (namespace, name, loadBalancerId) -> allowed.contains(namespace);
  }
}
