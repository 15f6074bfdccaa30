package io.github.lbkit.fake;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.fake.FakeResources.Eip;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import io.github.lbkit.fake.FakeResources.Subnet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Puts into a {@link FakeCloud} what CCE's own controller leaves behind for a Service with
 * {@code kubernetes.io/elb.autocreate}: a load balancer without lbkit's owner marker, an EIP bound to it, and a
 * listener per Service port with a round-robin pool of the nodes on the node port and CCE's default TCP health
 * check. For tests and demonstrations
 * of adoption; it goes through the cloud's ordinary calls, so they are counted and journaled like any other.
 */
public final class CceSeed {

  private CceSeed() {}

  /**
   * One listener CCE created.
   *
   * @param protocol the protocol
   * @param port the front-end port (the Service port)
   * @param nodePort the node port the pool's members listen on
   */
  public record Port(Protocol protocol, int port, int nodePort) {
    /**
     * Validates the protocol.
     *
     * @param protocol the protocol
     * @param port the front-end port
     * @param nodePort the node port
     */
    public Port {
      Objects.requireNonNull(protocol, "protocol");
    }
  }

  /**
   * What was seeded: the ids CCE would have written back onto the Service.
   *
   * @param loadBalancerId the load balancer ({@code kubernetes.io/elb.id})
   * @param eipId the EIP ({@code kubernetes.io/elb.eip-id}), or null for an internal load balancer
   * @param address the public address, or null without an EIP
   * @param vipAddress the private address
   * @param listenerIds the listener ids by key, {@code PROTOCOL:port}
   */
  public record Seeded(String loadBalancerId, @Nullable String eipId, @Nullable String address, String vipAddress,
      Map<String, String> listenerIds) {
    /**
     * Copies the map.
     *
     * @param loadBalancerId the load balancer
     * @param eipId the EIP, or null
     * @param address the public address, or null
     * @param vipAddress the private address
     * @param listenerIds the listener ids by key
     */
    public Seeded {
      listenerIds = Map.copyOf(listenerIds);
    }
  }

  /**
   * Seeds a load balancer as CCE's controller creates it, in the cloud's default subnet.
   *
   * @param cloud the cloud
   * @param name its name (the auto-create {@code name}, or CCE's default {@code cce-lb-<uid>})
   * @param loadBalancerClass shared or dedicated
   * @param withEip whether to bind an EIP (a public load balancer)
   * @param ports its listeners
   * @param nodes the node addresses to add as members
   * @return the ids
   */
  public static Seeded loadBalancer(FakeCloud cloud, String name, LoadBalancerClass loadBalancerClass,
      boolean withEip, List<Port> ports, List<String> nodes) {
    return loadBalancer(cloud, cloud.defaultSubnet(), name, loadBalancerClass, withEip, ports, nodes);
  }

  /**
   * Seeds a load balancer as CCE's controller creates it, in a given subnet.
   *
   * @param cloud the cloud
   * @param subnet the subnet of its address (its VPC is the load balancer's)
   * @param name its name
   * @param loadBalancerClass shared or dedicated
   * @param withEip whether to bind an EIP (a public load balancer)
   * @param ports its listeners
   * @param nodes the node addresses to add as members
   * @return the ids
   */
  public static Seeded loadBalancer(FakeCloud cloud, Subnet subnet, String name, LoadBalancerClass loadBalancerClass,
      boolean withEip, List<Port> ports, List<String> nodes) {
    List<String> azs = loadBalancerClass == LoadBalancerClass.DEDICATED ? List.of("az-1") : List.of();
    LoadBalancer lb = cloud.createLoadBalancer(name, "", loadBalancerClass, subnet.neutronSubnetId(), azs, null,
        null, Map.of(), null);
    Eip eip = null;
    if (withEip) {
      // CCE names the bandwidth cce-bandwidth-* and gives the EIP no alias (reference A.2, bandwidth_name).
      eip = cloud.createEip("5_bgp", new FakeResources.Bandwidth("cce-bandwidth-" + name, "bandwidth", 10, "PER"),
          "");
      cloud.bindEip(eip.id(), lb.vipPortId());
    }
    Map<String, String> listenerIds = new LinkedHashMap<>();
    for (Port p : ports) {
      String id = cloud.createListener(lb.id(), "cce-" + p.port(), "", p.protocol(), p.port(),
          ListenerOptions.NONE).id();
      listenerIds.put(p.protocol() + ":" + p.port(), id);
      String pool = cloud.createPool(id, p.protocol(), Algorithm.ROUND_ROBIN, null).id();
      // CCE's health check is on unless turned off, with delay 5, timeout 10 and 3 retries (reference A.3,
      // kubernetes.io/elb.health-check-flag and -option).
      cloud.createMonitor(pool, new HealthCheck(p.protocol() == Protocol.UDP ? HealthCheck.Type.UDP_CONNECT
          : HealthCheck.Type.TCP, 5, 10, 3, null, null, null, null));
      for (String node : nodes) {
        cloud.createMember(pool, node, p.nodePort(), subnet.neutronSubnetId());
      }
    }
    return new Seeded(lb.id(), eip == null ? null : eip.id(), eip == null ? null : eip.address(), lb.vipAddress(),
        listenerIds);
  }
}
