package io.github.lbkit.huaweicloud.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.tck.CloudInspector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The conformance kit's view into an {@link ElbEmulator}: its state and its journal of requests. */
final class EmulatorInspector implements CloudInspector {

  private final Emulated env;
  private final boolean dedicated;

  EmulatorInspector(Emulated env) {
    this(env, false);
  }

  /** An inspector whose foreign load balancers are dedicated (v3) ones when asked. */
  EmulatorInspector(Emulated env, boolean dedicated) {
    this.env = env;
    this.dedicated = dedicated;
  }

  @Override
  public long writes() {
    return env.emulator.requests().stream().filter(r -> !r.method().equals("GET")).count();
  }

  @Override
  public List<OwnedResource> ownedResources(ServiceKey key) {
    OwnerMarker marker = OwnerMarker.of(key);
    ElbEmulator e = env.emulator;
    List<OwnedResource> out = new ArrayList<>();
    e.loadBalancers().values().stream()
        .filter(lb -> marker.matches(lb.path("description").asText(null)))
        .forEach(lb -> out.add(new OwnedResource(Kind.LOAD_BALANCER, id(lb), lb.path("name").asText())));
    Set<String> ourListeners = new HashSet<>();
    for (ObjectNode l : e.listeners().values()) {
      if (marker.matches(l.path("description").asText(null))) {
        ourListeners.add(id(l));
        Protocol p = SharedMapping.protocolOf(l.path("protocol").asText());
        out.add(new OwnedResource(Kind.LISTENER, id(l), p + ":" + l.path("protocol_port").asInt()));
      }
    }
    Set<String> ourPools = new HashSet<>();
    for (ObjectNode p : e.pools().values()) {
      if (ourListeners.contains(p.path("listener_id").asText("")) || marker.matches(p.path("description").asText(null))) {
        ourPools.add(id(p));
        out.add(new OwnedResource(Kind.POOL, id(p), p.path("protocol").asText()));
      }
    }
    for (ObjectNode h : e.monitors().values()) {
      if (ourPools.contains(h.path("pool_id").asText())) {
        out.add(new OwnedResource(Kind.MONITOR, id(h), h.path("type").asText()));
      }
    }
    for (ObjectNode m : e.members().values()) {
      if (ourPools.contains(m.path("pool_id").asText())) {
        out.add(new OwnedResource(
            Kind.MEMBER, id(m), m.path("address").asText() + ":" + m.path("protocol_port").asInt()));
      }
    }
    e.publicIps().values().stream()
        .filter(ip -> marker.matches(SharedMapping.eipOwner(ip.path("alias").asText(null), marker))
            || marker.matches(SharedMapping.eipOwner(ip.path("description").asText(null), marker)))
        .forEach(ip -> out.add(new OwnedResource(Kind.EIP, id(ip), ip.path("public_ip_address").asText())));
    return out;
  }

  @Override
  public boolean exists(String resourceId) {
    ElbEmulator e = env.emulator;
    for (Map<String, ObjectNode> m : List.of(
        e.loadBalancers(), e.listeners(), e.pools(), e.monitors(), e.members(), e.publicIps())) {
      if (m.containsKey(resourceId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ForeignLoadBalancer createForeignLoadBalancer(Protocol protocol, int port, boolean withEip) {
    if (dedicated) {
      DedicatedElbApi v3 = new DedicatedElbApi(env.clients.elbV3(), env.calls);
      List<String> eips = List.of();
      String address = null;
      if (withEip) {
        EipApi.PublicIp ip =
            env.eip.createPublicIp(new EipApi.NewPublicIp("5_bgp", "user", 5, "bandwidth", null, null));
        eips = List.of(ip.id());
        address = ip.address();
      }
      DedicatedElbApi.LoadBalancer lb = v3.createLoadBalancer(new DedicatedElbApi.NewLoadBalancer(
          "users-lb", "made by hand", List.of(Emulated.AZ), Emulated.NEUTRON_SUBNET, List.of(), null, null, null,
          null, null, eips, false, Map.of(), null));
      String listener = v3.createListener(lb.id(), "users-listener", protocol.name(), port,
          DedicatedElbApi.ListenerSettings.NONE).id();
      return new ForeignLoadBalancer(lb.id(), listener, eips.isEmpty() ? null : eips.get(0), address);
    }
    SharedElbApi.LoadBalancer lb = env.elb.createLoadBalancer(
        new SharedElbApi.NewLoadBalancer("users-lb", "made by hand", Emulated.NEUTRON_SUBNET, null, null));
    String listener = env.elb.createListener(new SharedElbApi.NewListener(
        lb.id(), "users-listener", "", SharedMapping.listenerProtocol(protocol), port, null, List.of(), null)).id();
    if (!withEip) {
      return new ForeignLoadBalancer(lb.id(), listener, null, null);
    }
    EipApi.PublicIp ip = env.eip.createPublicIp(new EipApi.NewPublicIp("5_bgp", "user", 5, "bandwidth", null, null));
    env.eip.bind(ip.id(), String.valueOf(lb.vipPortId()));
    return new ForeignLoadBalancer(lb.id(), listener, ip.id(), ip.address());
  }

  @Override
  public UserEip createUserEip() {
    EipApi.PublicIp ip = env.eip.createPublicIp(new EipApi.NewPublicIp("5_bgp", "user", 5, "bandwidth", "mine", null));
    return new UserEip(ip.id(), String.valueOf(ip.address()));
  }

  @Override
  public boolean injectTransientFaults(double rate, long seed) {
    env.emulator.randomFaults(rate, seed);
    return true;
  }

  @Override
  public boolean crashAfterWrites(int k) {
    env.emulator.crashAfterWrites(k);
    return true;
  }

  @Override
  public void clearFaults() {
    env.emulator.clearFaults();
  }

  private static String id(ObjectNode o) {
    return o.get("id").asText();
  }
}
