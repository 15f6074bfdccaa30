package io.github.lbkit.compat;

import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.Fault;
import io.github.lbkit.fake.FakeResources;
import io.github.lbkit.fake.Sleeper;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.fake.FakeResources.Eip;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import io.github.lbkit.fake.FakeResources.Resource;
import io.github.lbkit.tck.CloudInspector;
import java.util.List;
import java.util.Map;

/** The kit's inspector over a fake cloud. */
final class FakeInspector implements CloudInspector {

  static final FakeResources.Bandwidth USER_BANDWIDTH = new FakeResources.Bandwidth("user", "bandwidth", 5, "PER");

  /** The latency that makes the contract test's sleeper yield instead of sleeping. */
  static final java.time.Duration YIELD = java.time.Duration.ofNanos(1);

  /** A sleeper that never sleeps, but yields for {@link #YIELD} so that threads interleave. */
  static final Sleeper YIELDING = d -> Thread.yield();

  private final FakeCloud cloud;

  FakeInspector(FakeCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public long writes() {
    return cloud.writes();
  }

  @Override
  public List<OwnedResource> ownedResources(ServiceKey key) {
    OwnerMarker marker = OwnerMarker.of(key);
    return cloud.inventory().stream()
        .filter(r -> marker.matches(r.owner()))
        .map(r -> new OwnedResource(Kind.valueOf(r.kind().name()), r.id(), r.detail()))
        .toList();
  }

  @Override
  public boolean exists(String resourceId) {
    return cloud.inventory().stream().map(Resource::id).anyMatch(resourceId::equals);
  }

  @Override
  public ForeignLoadBalancer createForeignLoadBalancer(Protocol protocol, int port, boolean withEip) {
    LoadBalancer lb = cloud.createLoadBalancer("users-lb", "made by hand", LoadBalancerClass.SHARED,
        cloud.defaultSubnet().neutronSubnetId(), List.of(), null, null, Map.of(), null);
    String listener = cloud.createListener(lb.id(), "users-listener", "", protocol, port, ListenerOptions.NONE).id();
    if (!withEip) {
      return new ForeignLoadBalancer(lb.id(), listener, null, null);
    }
    Eip eip = cloud.createEip("5_bgp", USER_BANDWIDTH, "");
    cloud.bindEip(eip.id(), lb.vipPortId());
    return new ForeignLoadBalancer(lb.id(), listener, eip.id(), eip.address());
  }

  @Override
  public UserEip createUserEip() {
    Eip eip = cloud.createEip("5_bgp", USER_BANDWIDTH, "mine");
    return new UserEip(eip.id(), eip.address());
  }

  @Override
  public boolean injectTransientFaults(double rate, long seed) {
    cloud.faults().clear().reseed(seed)
        .errorRate(rate, Fault.THROTTLED, Fault.SERVER_ERROR, Fault.TIMEOUT, Fault.BUSY);
    return true;
  }

  @Override
  public boolean crashAfterWrites(int k) {
    cloud.faults().crashAfterWrites(k);
    return true;
  }

  @Override
  public boolean interleaveCalls() {
    cloud.faults().latency(YIELD);
    return true;
  }

  @Override
  public void clearFaults() {
    cloud.faults().clear();
  }
}
