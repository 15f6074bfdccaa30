package io.github.lbkit.fake;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.LoadBalancerClass;
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

/** Applies one plan to the fake cloud, remembering the ids that creates return for the operations after them. */
final class Applier implements OperationApplier {

  private final FakeCloud cloud;
  private final OwnerMarker marker;
  private @Nullable String loadBalancerId;
  private @Nullable String vipPortId;
  private @Nullable String createdEipId;
  private final Map<String, String> listenerIds = new HashMap<>();
  private final Map<String, String> poolIds = new HashMap<>();
  private final AtomicInteger progress;
  private final Pacer pacer;

  Applier(FakeCloud cloud, Pacer pacer, OwnerMarker marker, Optional<ObservedLoadBalancer> observed,
      AtomicInteger progress) {
    this.cloud = cloud;
    this.pacer = pacer;
    this.progress = progress;
    this.marker = marker;
    observed.ifPresent(lb -> {
      loadBalancerId = lb.id();
      vipPortId = lb.vipPortId();
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
      createdEipId = api().createEip(c.eipType(), c.bandwidth(), c.owner()).id();
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
    Attachment.AutoCreate a = c.attachment();
    String vipSubnet;
    if (a.vipSubnetCidrId() != null) {
      vipSubnet = a.vipSubnetCidrId();
    } else if (c.subnetId() != null) {
      vipSubnet = api().showSubnet(c.subnetId()).neutronSubnetId();
    } else {
      vipSubnet = cloud.defaultSubnet().neutronSubnetId();
    }
    List<String> azs = List.of();
    String l4 = null;
    String l7 = null;
    if (c.loadBalancerClass() == LoadBalancerClass.DEDICATED) {
      azs = a.availabilityZones().isEmpty()
          ? List.of(api().listAvailabilityZones().get(0))
          : a.availabilityZones();
      if (a.l4FlavorName() != null || a.l7FlavorName() != null) {
        List<Flavor> flavors = api().listFlavors();
        l4 = flavorId(flavors, a.l4FlavorName());
        l7 = flavorId(flavors, a.l7FlavorName());
      }
    }
    LoadBalancer lb = api().createLoadBalancer(c.name(), c.owner(), c.loadBalancerClass(), vipSubnet, azs, l4, l7,
        c.tags(), c.enterpriseProjectId());
    // The engine then checks that it is the oldest carrying the marker (a racing controller may have made one).
    loadBalancerId = lb.id();
    vipPortId = lb.vipPortId();
    return lb.id();
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
