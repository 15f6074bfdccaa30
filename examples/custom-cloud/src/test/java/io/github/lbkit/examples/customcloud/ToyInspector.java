package io.github.lbkit.examples.customcloud;

import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.tck.CloudInspector;
import java.util.ArrayList;
import java.util.List;

/** The conformance kit's view into a toy cloud: what exists, and the faults the kit asks for. */
final class ToyInspector implements CloudInspector {

  private final ToyCloud cloud;

  ToyInspector(ToyCloud cloud) {
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
    // Pools, monitors and members carry no tag of their own: they are ours when they hang off our listener.
    for (ToyCloud.Listener l : cloud.listenersTagged(tag)) {
      out.add(new OwnedResource(Kind.LISTENER, l.id(), l.protocol() + ":" + l.port()));
      cloud.poolOf(l.id()).ifPresent(p -> {
        out.add(new OwnedResource(Kind.POOL, p.id(), p.algorithm().toString()));
        cloud.monitorOf(p.id()).ifPresent(m -> out.add(new OwnedResource(Kind.MONITOR, m.id(), m.check().toString())));
        cloud.membersOf(p.id())
            .forEach(m -> out.add(new OwnedResource(Kind.MEMBER, m.id(), m.address() + ":" + m.port())));
      });
    }
    return out;
  }

  @Override
  public boolean exists(String resourceId) {
    return cloud.exists(resourceId);
  }

  @Override
  public ForeignLoadBalancer createForeignLoadBalancer(Protocol protocol, int port, boolean withEip) {
    // Made by hand: no tags at all.
    ToyCloud.LoadBalancer lb = cloud.createLoadBalancer("users-lb", null);
    String listener = cloud.createListener(lb.id(), protocol, port, null, null).id();
    if (!withEip) {
      return new ForeignLoadBalancer(lb.id(), listener, null, null);
    }
    ToyCloud.PublicIp ip = cloud.allocatePublicIp(null);
    cloud.bindPublicIp(ip.id(), lb.id());
    return new ForeignLoadBalancer(lb.id(), listener, ip.id(), ip.address());
  }

  @Override
  public UserEip createUserEip() {
    ToyCloud.PublicIp ip = cloud.allocatePublicIp("mine");
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
