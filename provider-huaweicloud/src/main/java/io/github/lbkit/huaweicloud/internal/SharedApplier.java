package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Applies one plan to the shared ELB (v2), EIP and VPC APIs, one small step per operation, remembering the ids
 * that creates return for the operations after them, and the address the load balancer ends up with.
 */
final class SharedApplier {

  /** Signals that the observed state is stale (someone changed the load balancer); observe and plan again. */
  static final class Replan extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Replan(String message, @Nullable Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private final SharedElbApi elb;
  private final EipApi eip;
  private final Supplier<String> memberSubnet;
  private final Map<String, String> memberSubnets;
  private final @Nullable LoadBalancerSpec spec;
  private final OwnerMarker marker;
  private final Map<String, String> listenerIds = new HashMap<>();
  private final Map<String, String> poolIds = new HashMap<>();
  private @Nullable String loadBalancerId;
  private @Nullable String vipPortId;
  private @Nullable String vipAddress;
  private @Nullable ObservedEip bound;
  private @Nullable ObservedEip created;

  /**
   * Prepares to apply a plan.
   *
   * @param elb the shared ELB API
   * @param eip the EIP API
   * @param memberSubnet resolves the neutron subnet of VIPs and members, once and only when needed
   * @param spec the desired spec, or null on delete
   * @param marker the Service's marker
   * @param observed what the plan was made from
   */
  SharedApplier(
      SharedElbApi elb,
      EipApi eip,
      Supplier<String> memberSubnet,
      @Nullable LoadBalancerSpec spec,
      OwnerMarker marker,
      Optional<ObservedLoadBalancer> observed) {
    this(elb, eip, memberSubnet, Map.of(), spec, marker, observed);
  }

  /**
   * Prepares to apply a plan, with the subnet of each member address ({@link MemberSubnets#place}).
   *
   * @param elb the shared ELB API
   * @param eip the EIP API
   * @param memberSubnet resolves the neutron subnet of VIPs (and of members not in {@code memberSubnets})
   * @param memberSubnets the neutron subnet of each member address
   * @param spec the desired spec, or null on delete
   * @param marker the Service's marker
   * @param observed what the plan was made from
   */
  SharedApplier(
      SharedElbApi elb,
      EipApi eip,
      Supplier<String> memberSubnet,
      Map<String, String> memberSubnets,
      @Nullable LoadBalancerSpec spec,
      OwnerMarker marker,
      Optional<ObservedLoadBalancer> observed) {
    this.memberSubnets = Map.copyOf(memberSubnets);
    this.elb = elb;
    this.eip = eip;
    this.memberSubnet = memberSubnet;
    this.spec = spec;
    this.marker = marker;
    observed.ifPresent(lb -> {
      loadBalancerId = lb.id();
      vipPortId = lb.vipPortId();
      vipAddress = lb.vipAddress();
      bound = lb.eip();
      for (ObservedListener l : lb.listenersOf(marker)) {
        listenerIds.putIfAbsent(l.key(), l.id());
        if (l.pool() != null) {
          poolIds.putIfAbsent(l.key(), l.pool().id());
        }
      }
    });
  }

  /** Returns the load balancer's id after the plan, or null when the plan deleted or never had one. */
  @Nullable String loadBalancerId() {
    return loadBalancerId;
  }

  /** Returns the address clients reach after the plan: the bound EIP's, else the VIP. */
  @Nullable String address() {
    return bound != null ? bound.address() : vipAddress;
  }

  /** Returns the EIP bound after the plan, or null. */
  @Nullable ObservedEip boundEip() {
    return bound;
  }

  /**
   * Applies the operations in order.
   *
   * @param plan the plan
   * @param deleting true when a not-found answer means "already done" for every operation
   * @throws Replan when the cloud moved under the plan (a conflict, a vanished resource) or a create's answer
   *     was lost: observe and plan again
   */
  void apply(Plan plan, boolean deleting) {
    for (Operation op : plan.operations()) {
      try {
        applyOne(op);
      } catch (CloudApiException e) {
        Outcome outcome = ErrorClassifier.outcome(e, creates(op));
        if (outcome == Outcome.VANISHED && (deleting || removes(op))) {
          continue; // Not found on a removal is success: it is gone, which is what was wanted.
        }
        if (outcome == Outcome.FAIL) {
          throw e;
        }
        // Vanished, conflicting, or a create whose answer was lost: observe again, never re-send blindly.
        dropUnboundCreatedEip();
        throw new Replan(e.getMessage(), e);
      }
    }
  }

  /** Whether an operation creates something, so that a lost answer may hide what it created. */
  static boolean creates(Operation op) {
    return op instanceof Operation.CreateLoadBalancer || op instanceof Operation.CreateEip
        || op instanceof Operation.CreateListener || op instanceof Operation.CreatePool
        || op instanceof Operation.CreateMonitor || op instanceof Operation.AddMembers;
  }

  /** Whether an operation removes something, so that "not found" means it is already done. */
  static boolean removes(Operation op) {
    return op instanceof Operation.DeleteLoadBalancer || op instanceof Operation.DeleteEip
        || op instanceof Operation.UnbindEip || op instanceof Operation.DeleteListener
        || op instanceof Operation.DeletePool || op instanceof Operation.DeleteMonitor
        || op instanceof Operation.RemoveMembers;
  }

  private void applyOne(Operation op) {
    if (op instanceof Operation.CreateLoadBalancer c) {
      createLoadBalancer(c);
    } else if (op instanceof Operation.CreateEip c) {
      createEip(c);
    } else if (op instanceof Operation.BindEip b) {
      bindEip(b);
    } else if (op instanceof Operation.UnbindEip u) {
      eip.unbind(u.eipId());
      bound = null;
    } else if (op instanceof Operation.DeleteEip d) {
      eip.deletePublicIp(d.eipId());
    } else if (op instanceof Operation.CreateListener c) {
      listenerIds.put(c.key(),
          elb.createListener(SharedMapping.newListener(lb(), c.owner(), c.protocol(), c.port(), c.options(),
              Objects.requireNonNull(spec, "spec").passThrough())).id());
    } else if (op instanceof Operation.UpdateListener u) {
      elb.updateListener(u.listenerId(), SharedMapping.listenerUpdate(u.options()));
    } else if (op instanceof Operation.DeleteListener d) {
      elb.deleteListener(d.listenerId());
    } else if (op instanceof Operation.CreatePool c) {
      createPool(c);
    } else if (op instanceof Operation.UpdatePool u) {
      SharedElbApi.Persistence p = SharedMapping.persistence(u.settings().sessionPersistence());
      elb.updatePool(u.poolId(),
          new SharedElbApi.PoolUpdate(null, null, u.settings().algorithm().name(), p, p == null));
    } else if (op instanceof Operation.DeletePool d) {
      elb.deletePool(d.poolId());
    } else if (op instanceof Operation.CreateMonitor c) {
      elb.createHealthMonitor(require(poolIds.get(c.key()), "pool of " + c.key()),
          SharedMapping.monitor(monitorName(c.key()), c.settings()));
    } else if (op instanceof Operation.UpdateMonitor u) {
      elb.updateHealthMonitor(u.monitorId(), SharedMapping.monitor(monitorName(u.key()), u.settings()));
    } else if (op instanceof Operation.DeleteMonitor d) {
      elb.deleteHealthMonitor(d.monitorId());
    } else if (op instanceof Operation.AddMembers a) {
      addMembers(a);
    } else if (op instanceof Operation.RemoveMembers r) {
      for (ObservedMember m : r.members()) {
        elb.deleteMember(r.poolId(), m.id());
      }
    } else if (op instanceof Operation.DeleteLoadBalancer d) {
      elb.deleteLoadBalancer(d.loadBalancerId());
      loadBalancerId = null;
    } else {
      throw new IllegalStateException("apply plan: unknown operation " + op);
    }
  }

  private void createLoadBalancer(Operation.CreateLoadBalancer c) {
    Attachment.AutoCreate a = c.attachment();
    String vipSubnet = a.vipSubnetCidrId() != null ? a.vipSubnetCidrId() : memberSubnet.get();
    SharedElbApi.LoadBalancer lb = elb.createLoadBalancer(
        new SharedElbApi.NewLoadBalancer(c.name(), c.owner(), vipSubnet, a.vipAddress(), c.enterpriseProjectId()));
    // Two controllers may both have found nothing and created one each: the oldest carrying the marker wins; the
    // others delete their own (still empty) load balancer and plan again against the winner.
    Optional<SharedElbApi.LoadBalancer> winner =
        SharedObserver.oldest(elb.listLoadBalancersByDescription(c.owner()), marker);
    if (winner.isPresent() && !winner.get().id().equals(lb.id())) {
      elb.deleteLoadBalancer(lb.id());
      throw new Replan("load balancer " + winner.get().id() + " was created first", null);
    }
    loadBalancerId = lb.id();
    vipPortId = lb.vipPortId();
    vipAddress = lb.vipAddress();
    if (lb.provisioningStatus() != null && !"ACTIVE".equals(lb.provisioningStatus())) {
      throw new RetryLaterException(
          what() + ": load balancer " + lb.id() + " is " + lb.provisioningStatus()
              + " after creation; the next ensure continues once it is ACTIVE",
          Duration.ofSeconds(5));
    }
  }

  private void createEip(Operation.CreateEip c) {
    Attachment.Bandwidth bw = c.bandwidth();
    EipApi.PublicIp ip = eip.createPublicIp(new EipApi.NewPublicIp(c.eipType(), bw.name(), bw.sizeMbit(),
        SharedMapping.chargeMode(bw.chargeMode()), SharedMapping.eipAlias(c.owner()),
        spec == null ? null : spec.enterpriseProjectId()));
    created = new ObservedEip(ip.id(), ip.address() == null ? "" : ip.address(), c.owner());
  }

  private void bindEip(Operation.BindEip b) {
    String id = b.eipId() != null ? b.eipId() : require(created == null ? null : created.id(), "the EIP created before");
    EipApi.PublicIp ip = eip.bind(id, vipPort());
    String address = ip.address() != null ? ip.address() : created != null && created.id().equals(id)
        ? created.address() : "";
    String owner = ip.alias() != null ? SharedMapping.eipOwner(ip.alias(), marker)
        : created != null && created.id().equals(id) ? created.owner() : null;
    bound = new ObservedEip(id, address, owner);
  }

  private void createPool(Operation.CreatePool c) {
    String listener = require(listenerIds.get(c.key()), "listener " + c.key());
    SharedElbApi.Pool p = elb.createPool(new SharedElbApi.NewPool(
        "lbkit-" + c.key().replace(':', '-').toLowerCase(java.util.Locale.ROOT),
        marker.value(),
        SharedMapping.poolProtocol(c.protocol()),
        c.settings().algorithm().name(),
        listener,
        null,
        SharedMapping.persistence(c.settings().sessionPersistence())));
    poolIds.put(c.key(), p.id());
  }

  private void addMembers(Operation.AddMembers a) {
    String pool = require(poolIds.get(a.key()), "pool of " + a.key());
    for (MemberTarget t : a.members()) {
      String subnet = memberSubnets.containsKey(t.address()) ? memberSubnets.get(t.address()) : memberSubnet.get();
      elb.createMember(pool, new SharedElbApi.NewMember(
          "lbkit-" + t.address() + "-" + t.port(), t.address(), t.port(), subnet, null));
    }
  }

  /** After a conflict, removes the EIP this plan created but could not bind, so that no orphan is left. */
  private void dropUnboundCreatedEip() {
    ObservedEip c = created;
    if (c != null && (bound == null || !bound.id().equals(c.id()))) {
      try {
        eip.deletePublicIp(c.id());
      } catch (CloudApiException ignored) {
        // It carries the marker: the next ensure reuses it, or delete removes it.
      }
      created = null;
    }
  }

  private static String monitorName(String key) {
    return "lbkit-" + key.replace(':', '-').toLowerCase(java.util.Locale.ROOT);
  }

  private String lb() {
    return require(loadBalancerId, "the load balancer");
  }

  private String vipPort() {
    if (vipPortId == null) {
      SharedElbApi.LoadBalancer lb = elb.showLoadBalancer(lb()).orElseThrow(() -> new Replan(
          "load balancer " + loadBalancerId + " disappeared", null));
      vipPortId = require(lb.vipPortId(), "the VIP port of load balancer " + lb.id());
    }
    return vipPortId;
  }

  private String what() {
    return spec == null ? "delete" : "ensure " + spec.key().namespacedName();
  }

  private String require(@Nullable String id, String what) {
    if (id == null) {
      throw new IllegalStateException(
          "apply plan of " + what() + ": " + what
              + " is neither observed nor created earlier in the plan; this is a planner bug");
    }
    return id;
  }
}
