package io.github.lbkit.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A spec's request to take over a load balancer that another controller (CCE's own) created for the Service,
 * instead of creating a new one: the load balancer and its EIP keep their addresses, and the listeners on the
 * Service's ports are taken over in place.
 *
 * <p>The translator puts it into a {@link LoadBalancerSpec} only when adoption is turned on and lbkit has no
 * creation record for the Service. The engine then looks for the load balancer by {@code loadBalancerId} (what
 * CCE wrote back into {@code kubernetes.io/elb.id}), or, when there is none, by one of {@code names} as the last
 * fallback (an unmarked load balancer of exactly that name; two of them are a refusal, never a guess).
 *
 * @param loadBalancerId the load balancer CCE wrote back ({@code kubernetes.io/elb.id}), or null to look by name
 * @param eipId the EIP CCE wrote back ({@code kubernetes.io/elb.eip-id}), or null when it wrote none
 * @param names the names to look for when {@code loadBalancerId} is null: the auto-create {@code name} and CCE's
 *     default name for the Service; may be empty
 */
public record Adoption(@Nullable String loadBalancerId, @Nullable String eipId, List<String> names) {

  /**
   * Copies the names.
   *
   * @param loadBalancerId the load balancer CCE wrote back, or null to look by name
   * @param eipId the EIP CCE wrote back, or null
   * @param names the names to look for when {@code loadBalancerId} is null
   */
  public Adoption {
    names = List.copyOf(Objects.requireNonNull(names, "names"));
  }

  /**
   * Tells whether the load balancer is named by id (as CCE wrote it back), not searched by name.
   *
   * @return true when {@link #loadBalancerId()} is set
   */
  public boolean byId() {
    return loadBalancerId != null;
  }
}
