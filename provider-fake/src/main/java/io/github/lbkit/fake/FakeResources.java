package io.github.lbkit.fake;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.SessionPersistence;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The resources of the fake cloud, as immutable snapshots its calls return. */
public final class FakeResources {

  private FakeResources() {}

  /**
   * A load balancer.
   *
   * @param id its id
   * @param name its name
   * @param description its description, where lbkit writes its owner marker
   * @param loadBalancerClass shared (ELB v2) or dedicated (ELB v3)
   * @param vipAddress the private virtual IP
   * @param vipPortId the port an EIP binds to
   * @param vipSubnetId the neutron subnet id of the VIP
   * @param availabilityZones the AZs (dedicated only)
   * @param l4FlavorId the layer-4 flavor id (dedicated only), or null
   * @param l7FlavorId the layer-7 flavor id (dedicated only), or null
   * @param tags the tags
   * @param enterpriseProjectId the enterprise project, or null
   */
  public record LoadBalancer(
      String id,
      String name,
      String description,
      LoadBalancerClass loadBalancerClass,
      String vipAddress,
      String vipPortId,
      String vipSubnetId,
      List<String> availabilityZones,
      @Nullable String l4FlavorId,
      @Nullable String l7FlavorId,
      Map<String, String> tags,
      @Nullable String enterpriseProjectId) {
    /**
     * Copies the collections.
     *
     * @param id its id
     * @param name its name
     * @param description its description, where lbkit writes its owner marker
     * @param loadBalancerClass shared (ELB v2) or dedicated (ELB v3)
     * @param vipAddress the private virtual IP
     * @param vipPortId the port an EIP binds to
     * @param vipSubnetId the neutron subnet id of the VIP
     * @param availabilityZones the AZs (dedicated only)
     * @param l4FlavorId the layer-4 flavor id (dedicated only), or null
     * @param l7FlavorId the layer-7 flavor id (dedicated only), or null
     * @param tags the tags
     * @param enterpriseProjectId the enterprise project, or null
     */
    public LoadBalancer {
      Objects.requireNonNull(id, "id");
      availabilityZones = List.copyOf(availabilityZones);
      tags = Map.copyOf(tags);
    }
  }

  /**
   * A listener; its load balancer is fixed at creation.
   *
   * @param id its id
   * @param loadBalancerId its load balancer
   * @param name its name
   * @param description its description, where lbkit writes its owner marker
   * @param protocol the protocol
   * @param port the front-end port
   * @param options the options as set
   * @param defaultPoolId the default pool, or null
   */
  public record Listener(
      String id,
      String loadBalancerId,
      String name,
      String description,
      Protocol protocol,
      int port,
      ListenerOptions options,
      @Nullable String defaultPoolId) {
    /**
     * Validates that the id is present.
     *
     * @param id its id
     * @param loadBalancerId its load balancer
     * @param name its name
     * @param description its description, where lbkit writes its owner marker
     * @param protocol the protocol
     * @param port the front-end port
     * @param options the options as set
     * @param defaultPoolId the default pool, or null
     */
    public Listener {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * A pool, the default pool of one listener.
   *
   * @param id its id
   * @param loadBalancerId its load balancer
   * @param listenerId its listener, fixed at creation
   * @param protocol the protocol
   * @param algorithm the algorithm
   * @param persistence the session persistence, or null
   * @param monitorId the health monitor, or null
   */
  public record Pool(
      String id,
      String loadBalancerId,
      String listenerId,
      Protocol protocol,
      Algorithm algorithm,
      @Nullable SessionPersistence persistence,
      @Nullable String monitorId) {
    /**
     * Validates that the id is present.
     *
     * @param id its id
     * @param loadBalancerId its load balancer
     * @param listenerId its listener, fixed at creation
     * @param protocol the protocol
     * @param algorithm the algorithm
     * @param persistence the session persistence, or null
     * @param monitorId the health monitor, or null
     */
    public Pool {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * A member of a pool.
   *
   * @param id its id
   * @param poolId its pool, fixed at creation
   * @param address the backend address
   * @param port the backend port
   * @param subnetId the neutron subnet id of the address, or null for an IP-as-backend member
   */
  public record Member(String id, String poolId, String address, int port, @Nullable String subnetId) {
    /**
     * Validates that the id is present.
     *
     * @param id its id
     * @param poolId its pool, fixed at creation
     * @param address the backend address
     * @param port the backend port
     * @param subnetId the neutron subnet id of the address, or null for an IP-as-backend member
     */
    public Member {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * A health monitor of a pool.
   *
   * @param id its id
   * @param poolId its pool, fixed at creation
   * @param settings the check
   */
  public record Monitor(String id, String poolId, HealthCheck settings) {
    /**
     * Validates that the id is present.
     *
     * @param id its id
     * @param poolId its pool, fixed at creation
     * @param settings the check
     */
    public Monitor {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * An elastic IP with its bandwidth.
   *
   * @param id its id
   * @param address the public address
   * @param type the EIP type, for example {@code 5_bgp}
   * @param bandwidth the bandwidth
   * @param alias its alias, where lbkit writes its owner marker; may be empty
   * @param portId the port it is bound to, or null when unbound
   */
  public record Eip(
      String id,
      String address,
      String type,
      Bandwidth bandwidth,
      String alias,
      @Nullable String portId) {
    /**
     * Validates that the id is present.
     *
     * @param id its id
     * @param address the public address
     * @param type the EIP type, for example {@code 5_bgp}
     * @param bandwidth the bandwidth
     * @param alias its alias, where lbkit writes its owner marker; may be empty
     * @param portId the port it is bound to, or null when unbound
     */
    public Eip {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * The bandwidth of an EIP.
   *
   * @param name the bandwidth's name
   * @param chargeMode {@code bandwidth} or {@code traffic}
   * @param sizeMbit the size in Mbit/s
   * @param shareType {@code PER} (its own) or {@code WHOLE} (shared)
   */
  public record Bandwidth(String name, String chargeMode, int sizeMbit, String shareType) {
    /**
     * Validates the parts.
     *
     * @param name the bandwidth's name
     * @param chargeMode {@code bandwidth} or {@code traffic}
     * @param sizeMbit the size in Mbit/s
     * @param shareType {@code PER} (its own) or {@code WHOLE} (shared)
     */
    public Bandwidth {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(chargeMode, "chargeMode");
      Objects.requireNonNull(shareType, "shareType");
      if (sizeMbit < 1) {
        throw new IllegalArgumentException("bandwidth size must be positive: " + sizeMbit);
      }
    }
  }

  /**
   * A VPC subnet. Its {@code id} (the console's "network id", equal to {@code neutronNetworkId}) is what
   * {@code elb_virsubnet_ids} takes; {@code neutronSubnetId} is what VIPs and members take.
   *
   * @param id the VPC subnet id
   * @param vpcId the VPC
   * @param cidr the CIDR, for example {@code 192.168.0.0/24}
   * @param neutronSubnetId the neutron subnet id
   * @param neutronNetworkId the neutron network id, equal to {@code id}
   */
  public record Subnet(String id, String vpcId, String cidr, String neutronSubnetId, String neutronNetworkId) {}

  /**
   * A dedicated load balancer flavor.
   *
   * @param id its id
   * @param name its name
   * @param type {@code L4} or {@code L7}
   */
  public record Flavor(String id, String name, String type) {}

  /**
   * A load balancer with everything that hangs off it, as one read returns it.
   *
   * @param loadBalancer the load balancer
   * @param listeners its listeners
   * @param pools its pools
   * @param monitors the monitors of its pools
   * @param members the members of its pools
   * @param eip the EIP bound to its VIP port, or null
   */
  public record Tree(
      LoadBalancer loadBalancer,
      List<Listener> listeners,
      List<Pool> pools,
      List<Monitor> monitors,
      List<Member> members,
      @Nullable Eip eip) {
    /**
     * Copies the lists.
     *
     * @param loadBalancer the load balancer
     * @param listeners its listeners
     * @param pools its pools
     * @param monitors the monitors of its pools
     * @param members the members of its pools
     * @param eip the EIP bound to its VIP port, or null
     */
    public Tree {
      listeners = List.copyOf(listeners);
      pools = List.copyOf(pools);
      monitors = List.copyOf(monitors);
      members = List.copyOf(members);
    }
  }

  /** The kinds of resource the inventory lists. */
  public enum Kind {
    /** A load balancer. */
    LOAD_BALANCER,
    /** A listener. */
    LISTENER,
    /** A pool. */
    POOL,
    /** A health monitor. */
    MONITOR,
    /** A member. */
    MEMBER,
    /** An EIP. */
    EIP
  }

  /**
   * One resource in the inventory, with the owner marker that governs it.
   *
   * @param kind the kind
   * @param id its id
   * @param parentId its parent's id (load balancer, listener or pool), or null for load balancers and EIPs
   * @param owner the marker text of the resource (load balancer, listener, EIP) or of the listener it hangs
   *     off (pool, monitor, member); empty when there is none
   * @param detail {@code PROTOCOL:port} for listeners, {@code address:port} for members, the address for EIPs,
   *     the name otherwise
   */
  public record Resource(Kind kind, String id, @Nullable String parentId, String owner, String detail) {}
}
