package io.github.lbkit.controller;

import java.util.Objects;
import java.util.Set;

/**
 * Decides which Services may attach to an existing load balancer by id
 * ({@link io.github.lbkit.api.Attachment.Existing}). A refused Service gets a Warning event and no cloud call
 * is made for it; it is picked up again when it changes.
 *
 * <p>Attaching lets a Service put listeners on a load balancer that someone else pays for and may use for
 * other traffic, so a multi-tenant cluster usually limits it to a few namespaces.
 */
@FunctionalInterface
public interface AttachPolicy {

  /**
   * Whether a Service may attach to a load balancer.
   *
   * @param namespace the Service's namespace
   * @param name the Service's name
   * @param loadBalancerId the id of the existing load balancer it names
   * @return true to allow
   */
  boolean mayAttach(String namespace, String name, String loadBalancerId);

  /**
   * Allows every Service to attach; the default.
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
   * Allows only Services in the given namespaces to attach.
   *
   * @param namespaces the namespaces allowed
   * @return the policy
   */
  static AttachPolicy namespaces(Set<String> namespaces) {
    Set<String> allowed = Set.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    return (namespace, name, loadBalancerId) -> allowed.contains(namespace);
  }
}
