package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Applies the operations of one plan to the shared ELB (v2), EIP and VPC APIs for the reconcile engine, one small
 * step per operation, remembering the ids that creates return for the operations after them, and the address the
 * load balancer ends up with.
 */
final class SharedApplier extends PeerApplier {

  private final SharedElbApi elb;
  private final EipApi eip;
  private final Map<String, String> memberSubnets;
  private final Supplier<String> memberSubnet;
  private @Nullable ObservedEip created;

  /**
   * Prepares to apply a plan.
   *
   * @param elb the shared ELB API
   * @param eip the EIP API
   * @param memberSubnets the neutron subnet of each member address outside the default subnet
   * @param memberSubnet resolves the neutron subnet of VIPs and members, once and only when needed
   * @param spec the desired spec, or null on delete
   * @param marker the Service's marker
   * @param observed what the plan was made from
   * @param settles whether a plan applied with success throughout leaves nothing to observe again
   * @param observedVipPort the VIP port of the observed load balancer, or null
   */
  SharedApplier(
      SharedElbApi elb,
      EipApi eip,
      Supplier<String> memberSubnet,
      Map<String, String> memberSubnets,
      @Nullable LoadBalancerSpec spec,
      OwnerMarker marker,
      Optional<ObservedLoadBalancer> observed,
      boolean settles,
      @Nullable String observedVipPort) {
    super(spec, marker, observed, settles, observedVipPort);
    this.elb = elb;
    this.eip = eip;
    this.memberSubnet = memberSubnet;
    this.memberSubnets = Map.copyOf(memberSubnets);
  }

  @Override
  protected void markLoadBalancer(String id, String description) {
    elb.updateLoadBalancerDescription(id, description);
  }

  @Override
  protected void markListener(String id, String description) {
    elb.updateListener(id, new SharedElbApi.ListenerUpdate(null, description, null, null, null, null, null));
  }

  @Override
  protected EipApi eipApi() {
    return eip;
  }

  @Override
  protected void applyOne(Operation op) {
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
              java.util.Objects.requireNonNull(spec, "spec").passThrough())).id());
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
          SharedMapping.monitor(resourceName(c.key()), c.settings()));
    } else if (op instanceof Operation.UpdateMonitor u) {
      elb.updateHealthMonitor(u.monitorId(), SharedMapping.monitor(resourceName(u.key()), u.settings()));
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
      recordDelete(d.loadBalancerId());
    } else {
      throw new IllegalStateException("apply plan: unknown operation " + op);
    }
  }

  private void createLoadBalancer(Operation.CreateLoadBalancer c) {
    Attachment.AutoCreate a = c.attachment();
    String vipSubnet = options.vipSubnetCidrId() != null ? options.vipSubnetCidrId() : memberSubnet.get();
    SharedElbApi.LoadBalancer lb = elb.createLoadBalancer(new SharedElbApi.NewLoadBalancer(
        c.name(), c.owner(), vipSubnet, a.vipAddress(), options.enterpriseProjectId()));
    // The engine then checks that the oldest load balancer carrying the marker is this one (a racing controller
    // may have created one too); the next operation waits until it is ACTIVE.
    recordCreate(c, lb.id(), lb.vipPortId(), lb.vipAddress(), lb.provisioningStatus());
  }

  private void createEip(Operation.CreateEip c) {
    EipApi.PublicIp ip = eip.createPublicIp(new EipApi.NewPublicIp(options.eipTypeOrDefault(),
        options.bandwidthNameOrDefault(), options.bandwidthSizeRequired(), options.chargeModeOrDefault(),
        SharedMapping.eipAlias(c.owner()), options.enterpriseProjectId()));
    created = new ObservedEip(ip.id(), ip.address() == null ? "" : ip.address(), c.owner());
    // The EIP API takes no idempotency token, and the SDK's HTTP transport sends a request once more by itself
    // when the connection broke after it left (reference section D, "Lost answers"): the first EIP may then exist
    // too, unbound and billed. Any other unbound EIP of the Service is such a copy (the plan only creates an EIP
    // when it found none to reuse), so it goes now, while this one is bound next (two reads per EIP created).
    for (EipApi.PublicIp other : SharedObserver.unboundOwned(eip, marker)) {
      if (!other.id().equals(ip.id())) {
        eip.deletePublicIp(other.id());
      }
    }
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
        resourceName(c.key()),
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

  @Override
  protected void dropUnboundCreatedEip() {
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

  private String vipPort() {
    if (vipPortId == null) {
      SharedElbApi.LoadBalancer lb = elb.showLoadBalancer(lb()).orElseThrow(() -> new ErrorClassifier.Vanished(
          "load balancer " + loadBalancerId + " disappeared"));
      vipPortId = require(lb.vipPortId(), "the VIP port of load balancer " + lb.id());
    }
    return vipPortId;
  }
}
