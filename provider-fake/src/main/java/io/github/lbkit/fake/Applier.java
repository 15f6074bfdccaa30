package io.github.lbkit.fake;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.fake.FakeResources.Flavor;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Applies one plan to the fake cloud, remembering the ids that creates return for the operations after them. The
 * fake models Huawei Cloud, so it reads the same {@code huaweicloud.*} cloud options as that provider where it
 * models the setting (an absent key is the fake's default).
 */
final class Applier implements OperationApplier {

  private static final String BANDWIDTH_NAME = "huaweicloud.bandwidth.name";
  private static final String BANDWIDTH_CHARGE_MODE = "huaweicloud.bandwidth.chargemode";
  private static final String BANDWIDTH_SIZE = "huaweicloud.bandwidth.size";
  private static final String BANDWIDTH_SHARE_TYPE = "huaweicloud.bandwidth.sharetype";
  private static final String EIP_TYPE = "huaweicloud.eip.type";
  private static final String AVAILABILITY_ZONES = "huaweicloud.availability-zones";
  private static final String L4_FLAVOR_NAME = "huaweicloud.l4-flavor-name";
  private static final String L7_FLAVOR_NAME = "huaweicloud.l7-flavor-name";
  private static final String VIP_SUBNET_CIDR_ID = "huaweicloud.vip-subnet-cidr-id";
  private static final String ENTERPRISE_PROJECT_ID = "huaweicloud.enterprise-project-id";

  private final FakeCloud cloud;
  private final OwnerMarker marker;
  private @Nullable String loadBalancerId;
  private @Nullable String vipPortId;
  private @Nullable String createdEipId;
  private final Map<String, String> listenerIds = new HashMap<>();
  private final Map<String, String> poolIds = new HashMap<>();
  private final AtomicInteger progress;
  private final Pacer pacer;
  private final CloudOptions options;

  Applier(FakeCloud cloud, Pacer pacer, OwnerMarker marker, Optional<ObservedLoadBalancer> observed,
      AtomicInteger progress, @Nullable LoadBalancerSpec spec, @Nullable String observedVipPort) {
    this.cloud = cloud;
    this.options = spec == null ? CloudOptions.NONE : spec.cloudOptions();
    this.pacer = pacer;
    this.progress = progress;
    this.marker = marker;
    observed.ifPresent(lb -> {
      loadBalancerId = lb.id();
      vipPortId = observedVipPort;
      for (ObservedListener l : lb.listeners()) {
        // Creates later in the plan find their parents by listener key; only the Service's own listeners count.
        if (marker.matches(l.owner())) {
          listenerIds.putIfAbsent(l.key(), l.id());
          if (l.pool() != null) {
            poolIds.putIfAbsent(l.key(), l.pool().id());
          }
        }
      }
    });
  }

  @Override
  public @Nullable String apply(Operation op) {
    String created = applyOne(op);
    progress.incrementAndGet();
    return created;
  }

  private @Nullable String applyOne(Operation op) {
    if (op instanceof Operation.CreateLoadBalancer c) {
      return createLoadBalancer(c);
    } else if (op instanceof Operation.CreateEip c) {
      FakeResources.Bandwidth bandwidth = new FakeResources.Bandwidth(option(BANDWIDTH_NAME, "cce-bandwidth"),
          option(BANDWIDTH_CHARGE_MODE, "bandwidth"), Integer.parseInt(option(BANDWIDTH_SIZE, "5")),
          option(BANDWIDTH_SHARE_TYPE, "PER"));
      createdEipId = api().createEip(option(EIP_TYPE, "5_bgp"), bandwidth, c.owner()).id();
    } else if (op instanceof Operation.BindEip b) {
      String eip = b.eipId() != null ? b.eipId() : require(createdEipId, "the EIP created before");
      api().bindEip(eip, vipPort());
    } else if (op instanceof Operation.UnbindEip u) {
      api().unbindEip(u.eipId());
    } else if (op instanceof Operation.DeleteEip d) {
      // Not found on delete is success: a racing controller may have removed it first.
      FakeLoadBalancerProvider.deleteIgnoringNotFound(() -> api().deleteEip(d.eipId()));
    } else if (op instanceof Operation.CreateListener c) {
      String name = "lbkit-" + c.protocol().name().toLowerCase(Locale.ROOT) + "-" + c.port();
      listenerIds.put(c.key(),
          api().createListener(lb(), name, c.owner(), c.protocol(), c.port(), c.options()).id());
    } else if (op instanceof Operation.UpdateListener u) {
      api().updateListener(u.listenerId(), u.options());
    } else if (op instanceof Operation.DeleteListener d) {
      FakeLoadBalancerProvider.deleteIgnoringNotFound(() -> api().deleteListener(d.listenerId()));
    } else if (op instanceof Operation.CreatePool c) {
      String listener = require(listenerIds.get(c.key()), "listener " + c.key());
      poolIds.put(c.key(), api().createPool(listener, c.protocol(), c.settings().algorithm(),
          c.settings().sessionPersistence()).id());
    } else if (op instanceof Operation.UpdatePool u) {
      api().updatePool(u.poolId(), u.settings().algorithm(), u.settings().sessionPersistence());
    } else if (op instanceof Operation.DeletePool d) {
      FakeLoadBalancerProvider.deleteIgnoringNotFound(() -> api().deletePool(d.poolId()));
    } else if (op instanceof Operation.CreateMonitor c) {
      api().createMonitor(require(poolIds.get(c.key()), "pool of " + c.key()), c.settings());
    } else if (op instanceof Operation.UpdateMonitor u) {
      api().updateMonitor(u.monitorId(), u.settings());
    } else if (op instanceof Operation.DeleteMonitor d) {
      FakeLoadBalancerProvider.deleteIgnoringNotFound(() -> api().deleteMonitor(d.monitorId()));
    } else if (op instanceof Operation.AddMembers a) {
      String pool = require(poolIds.get(a.key()), "pool of " + a.key());
      for (MemberTarget t : a.members()) {
        api().createMember(pool, t.address(), t.port(), cloud.defaultSubnet().neutronSubnetId());
      }
    } else if (op instanceof Operation.RemoveMembers r) {
      for (ObservedMember m : r.members()) {
        FakeLoadBalancerProvider.deleteIgnoringNotFound(() -> api().deleteMember(r.poolId(), m.id()));
      }
    } else if (op instanceof Operation.MarkLoadBalancer m) {
      api().updateLoadBalancerDescription(m.loadBalancerId(), m.owner() == null ? "" : m.owner());
    } else if (op instanceof Operation.MarkEip m) {
      api().updateEipAlias(m.eipId(), m.owner() == null ? "" : m.owner());
    } else if (op instanceof Operation.MarkListener m) {
      // The pool, its monitor and members belong to the listener: they change hands with it.
      api().updateListenerDescription(m.listenerId(), m.owner() == null ? "" : m.owner());
      if (m.owner() != null) {
        listenerIds.put(m.key(), m.listenerId());
        if (m.poolId() != null) {
          poolIds.put(m.key(), m.poolId());
        }
      }
    } else if (op instanceof Operation.DeleteLoadBalancer d) {
      FakeLoadBalancerProvider.deleteIgnoringNotFound(() -> api().deleteLoadBalancer(d.loadBalancerId()));
    } else {
      throw new IllegalStateException("apply plan: unknown operation " + op);
    }
    return null;
  }

  private String createLoadBalancer(Operation.CreateLoadBalancer c) {
    String vipSubnet = options.get(VIP_SUBNET_CIDR_ID);
    if (vipSubnet == null && c.subnetId() != null) {
      vipSubnet = api().showSubnet(c.subnetId()).neutronSubnetId();
    } else if (vipSubnet == null) {
      vipSubnet = cloud.defaultSubnet().neutronSubnetId();
    }
    List<String> azs = List.of();
    String l4 = null;
    String l7 = null;
    if (c.loadBalancerClass() == LoadBalancerClass.DEDICATED) {
      String zones = options.get(AVAILABILITY_ZONES);
      azs = zones == null || zones.isEmpty()
          ? List.of(api().listAvailabilityZones().get(0))
          : List.of(zones.split(","));
      String l4Name = options.get(L4_FLAVOR_NAME);
      String l7Name = options.get(L7_FLAVOR_NAME);
      if (l4Name != null || l7Name != null) {
        List<Flavor> flavors = api().listFlavors();
        l4 = flavorId(flavors, l4Name);
        l7 = flavorId(flavors, l7Name);
      }
    }
    LoadBalancer lb = api().createLoadBalancer(c.name(), c.owner(), c.loadBalancerClass(), vipSubnet, azs, l4, l7,
        c.tags(), options.get(ENTERPRISE_PROJECT_ID));
    // The engine then checks that it is the oldest carrying the marker (a racing controller may have made one).
    loadBalancerId = lb.id();
    vipPortId = lb.vipPortId();
    return lb.id();
  }

  private String option(String key, String fallback) {
    String v = options.get(key);
    return v == null ? fallback : v;
  }

  private static @Nullable String flavorId(List<Flavor> flavors, @Nullable String name) {
    if (name == null) {
      return null;
    }
    return flavors.stream().filter(f -> f.name().equals(name)).map(Flavor::id).findFirst()
        .orElseThrow(() -> new CloudApiException("resolve flavor", 400, "ELB.8902", null, false,
            "no flavor named " + name + "; use one of " + flavors.stream().map(Flavor::name).toList(), null));
  }

  /** The cloud, after waiting for the client-side rate limit: every API call goes through here. */
  private FakeCloud api() {
    pacer.acquire();
    return cloud;
  }

  private String lb() {
    return require(loadBalancerId, "the load balancer");
  }

  private String vipPort() {
    if (vipPortId == null) {
      vipPortId = api().showLoadBalancer(lb()).vipPortId();
    }
    return vipPortId;
  }

  private String require(@Nullable String id, String what) {
    if (id == null) {
      throw new IllegalStateException(
          "apply plan of " + marker.value() + ": " + what
              + " is neither observed nor created earlier in the plan; this is a planner bug");
    }
    return id;
  }
}
