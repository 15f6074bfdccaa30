package io.github.lbkit.api.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A load balancer tree as a provider observed it: the load balancer, its bound EIP, every listener on it (ours
 * and others'), and the unbound EIPs and unused pools that carry the Service's marker.
 *
 * @param id the cloud's load balancer id
 * @param name its name
 * @param owner the owner marker text found on the load balancer (description or tag), or null when it has none
 * @param vipAddress the private virtual IP, or null when not yet known
 * @param eip the EIP bound to the load balancer, or null when none is
 * @param listeners every listener on the load balancer
 * @param detachedEips EIPs carrying this Service's marker that are bound to nothing (left by an interrupted
 *     create or delete); the planner reuses or deletes them
 * @param detachedPools pools carrying this Service's marker that no listener uses (a top-level target group left
 *     by an interrupted create or delete); the planner deletes them. Report them only when your cloud's pools
 *     can exist without a listener; otherwise the list is empty
 */
public record ObservedLoadBalancer(
    String id,
    String name,
    @Nullable String owner,
    @Nullable String vipAddress,
    @Nullable ObservedEip eip,
    List<ObservedListener> listeners,
    List<ObservedEip> detachedEips,
    List<ObservedPool> detachedPools) {

  /**
   * Validates and copies the lists.
   *
   * @param id the cloud's load balancer id
   * @param name its name
   * @param owner the owner marker text found on the load balancer (description or tag), or null when it has none
   * @param vipAddress the private virtual IP, or null when not yet known
   * @param eip the EIP bound to the load balancer, or null when none is
   * @param listeners every listener on the load balancer
   * @param detachedEips EIPs carrying this Service's marker that are bound to nothing (left by an interrupted
   *     create or delete); the planner reuses or deletes them
   * @param detachedPools pools carrying this Service's marker that no listener uses; the planner deletes them
   */
  public ObservedLoadBalancer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    listeners = List.copyOf(listeners);
    detachedEips = List.copyOf(detachedEips);
    detachedPools = List.copyOf(detachedPools);
  }

  /**
   * Creates an observed load balancer of a cloud whose pools cannot exist without a listener: no detached pools.
   *
   * @param id the cloud's load balancer id
   * @param name its name
   * @param owner the owner marker text found on the load balancer (description or tag), or null when it has none
   * @param vipAddress the private virtual IP, or null when not yet known
   * @param eip the EIP bound to the load balancer, or null when none is
   * @param listeners every listener on the load balancer
   * @param detachedEips EIPs carrying this Service's marker that are bound to nothing; the planner reuses or
   *     deletes them
   */
  public ObservedLoadBalancer(
      String id,
      String name,
      @Nullable String owner,
      @Nullable String vipAddress,
        @Nullable ObservedEip eip,
      List<ObservedListener> listeners,
      List<ObservedEip> detachedEips) {
    this(id, name, owner, vipAddress, eip, listeners, detachedEips, List.of());
  }

  /**
   * Tells whether the load balancer itself carries the given marker.
   *
   * @param marker the Service's marker
   * @return true when lbkit created it for that Service
   */
  public boolean ownedBy(OwnerMarker marker) {
    return marker.matches(owner);
  }

  /**
   * Returns the listeners that carry the given marker.
   *
   * @param marker the Service's marker
   * @return the Service's listeners, in observed order
   */
  public List<ObservedListener> listenersOf(OwnerMarker marker) {
    return listeners.stream().filter(l -> marker.matches(l.owner())).toList();
  }

  /**
   * Returns the address clients reach: the EIP's when one is bound, the VIP otherwise.
   *
   * @return the address, or empty when neither is known
   */
  public Optional<String> address() {
    if (eip != null) {
      return Optional.of(eip.address());
    }
    return Optional.ofNullable(vipAddress);
  }
}
