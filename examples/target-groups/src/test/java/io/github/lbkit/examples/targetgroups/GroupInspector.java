package io.github.lbkit.examples.targetgroups;

import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.tck.CloudInspector;
import java.util.ArrayList;
import java.util.List;

/** The conformance kit's view into a target-group cloud: what exists, and the faults the kit asks for. */
final class GroupInspector implements CloudInspector {

  private final GroupCloud cloud;

  GroupInspector(GroupCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public long writes() {
    return cloud.writes();
  }

  @Override
  public List<OwnedResource> ownedResources(ServiceKey key) {
    String tag = OwnerMarker.of(key).value();
    List<OwnedResource> out = new ArrayList<>();
    cloud.loadBalancersTagged(tag).forEach(lb -> out.add(new OwnedResource(Kind.LOAD_BALANCER, lb.id(), lb.name())));
    cloud.publicIpsTagged(tag).forEach(ip -> out.add(new OwnedResource(Kind.EIP, ip.id(), ip.address())));
    cloud.listenersTagged(tag).forEach(l -> out.add(new OwnedResource(Kind.LISTENER,
        l.loadBalancerId() + "/" + l.name(), l.protocol() + ":" + l.port())));
    // Every tagged target group, used by a listener or not: an orphan left by a crash is a leak the kit must see.
    for (GroupCloud.TargetGroup g : cloud.targetGroupsTagged(tag)) {
      out.add(new OwnedResource(Kind.POOL, g.id(), g.algorithm().toString()));
      if (g.healthCheck() != null) {
        out.add(new OwnedResource(Kind.MONITOR, g.id() + "/health-check", g.healthCheck().toString()));
      }
      g.targets().forEach(t -> out.add(new OwnedResource(Kind.MEMBER, g.id() + "/" + t.address() + ":" + t.port(),
          t.address() + ":" + t.port())));
    }
    return out;
  }

  @Override
  public boolean exists(String resourceId) {
    return cloud.exists(resourceId);
  }

  @Override
  public ForeignLoadBalancer createForeignLoadBalancer(Protocol protocol, int port, boolean withEip) {
    // Made by hand: no tags at all, and a listener name of the user's choosing.
    GroupCloud.LoadBalancer lb = cloud.createLoadBalancer("users-lb", null);
    GroupCloud.Listener l = cloud.createListener(lb.id(), "users-" + port, protocol, port, null, null);
    String listener = l.loadBalancerId() + "/" + l.name();
    if (!withEip) {
      return new ForeignLoadBalancer(lb.id(), listener, null, null);
    }
    GroupCloud.PublicIp ip = cloud.allocatePublicIp(null);
    cloud.bindPublicIp(ip.id(), lb.id());
    return new ForeignLoadBalancer(lb.id(), listener, ip.id(), ip.address());
  }

  @Override
  public UserEip createUserEip() {
    GroupCloud.PublicIp ip = cloud.allocatePublicIp("mine");
    return new UserEip(ip.id(), ip.address());
  }

  @Override
  public boolean injectTransientFaults(double rate, long seed) {
    cloud.failWrites(rate, seed);
    return true;
  }

  @Override
  public boolean crashAfterWrites(int k) {
    cloud.crashAfterWrites(k);
    return true;
  }

  @Override
  public boolean interleaveCalls() {
    cloud.interleave(true);
    return true;
  }

  @Override
  public void clearFaults() {
    cloud.clearFaults();
  }
}
