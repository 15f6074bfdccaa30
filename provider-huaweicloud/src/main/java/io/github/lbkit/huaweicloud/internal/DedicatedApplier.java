package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Applies the operations of one plan to the dedicated ELB (v3) and EIP APIs for the reconcile engine, remembering
 * the ids that creates return. A public auto-created load balancer gets its EIP inline at creation
 * ({@code publicip}), a user's EIP through {@code publicip_ids}; members change through the batch calls, one per
 * pool and direction; new listeners get the access control {@link DedicatedCloud} decided for the round.
 */
final class DedicatedApplier extends PeerApplier {

  private final HuaweiCloudConfig config;
  private final DedicatedElbApi elb;
  private final EipApi eip;
  private final Map<String, String> flavorIds;
  private final boolean deletesLoadBalancer;
  private final Supplier<String> neutronSubnet;
  private final Map<String, String> memberSubnets;
  private final Supplier<DedicatedElbApi.@Nullable ListenerIpGroup> ipGroup;
  private final List<String> deferredEipDeletes = new ArrayList<>();
  private final Set<String> ownDetached = new HashSet<>();
  private DedicatedElbApi.@Nullable LoadBalancer createdRaw;
  private boolean createdInline;
  private @Nullable String createdEip;

  /**
   * Prepares to apply a plan.
   *
   * @param config the settings (the configured subnet)
   * @param elb the dedicated ELB API
   * @param eip the EIP API
   * @param flavorIds the flavor ids by name, a cache shared by every plan
   * @param neutronSubnet resolves the neutron subnet of VIPs and members, once and only when needed
   * @param memberSubnets the neutron subnet of each node member address outside the default subnet
   * @param spec the desired spec, or null on delete
   * @param marker the Service's marker
   * @param observed what the plan was made from
   * @param deletesLoadBalancer whether the plan deletes the load balancer (its EIP then goes with it: no unbind,
   *     and the EIP's delete waits until the load balancer is gone)
   * @param settles whether a plan applied with success throughout leaves nothing to observe again
   * @param ipGroup the access control new listeners are created with
   * @param observedVipPort the VIP port of the observed load balancer, or null
   */
  DedicatedApplier(HuaweiCloudConfig config, DedicatedElbApi elb, EipApi eip, Map<String, String> flavorIds,
      Supplier<String> neutronSubnet, Map<String, String> memberSubnets, @Nullable LoadBalancerSpec spec,
      OwnerMarker marker,
      Optional<ObservedLoadBalancer> observed, boolean deletesLoadBalancer, boolean settles,
      Supplier<DedicatedElbApi.@Nullable ListenerIpGroup> ipGroup, @Nullable String observedVipPort) {
    super(spec, marker, observed, settles, observedVipPort);
    this.config = config;
    this.elb = elb;
    this.eip = eip;
    this.flavorIds = flavorIds;
    this.neutronSubnet = neutronSubnet;
    this.memberSubnets = Map.copyOf(memberSubnets);
    this.deletesLoadBalancer = deletesLoadBalancer;
    this.ipGroup = ipGroup;
    observed.ifPresent(lb ->
        lb.detachedEips().stream().filter(e -> marker.matches(e.owner())).forEach(e -> ownDetached.add(e.id())));
  }

  /** Tells whether the EIP is the one observed bound and carries the Service's marker. */
  private boolean ownsBound(String eipId) {
    ObservedEip b = bound;
    return b != null && b.id().equals(eipId) && marker.matches(b.owner());
  }

  /** Returns the load balancer this plan created, or null. */
  DedicatedElbApi.@Nullable LoadBalancer created() {
    return createdRaw;
  }

  /** Deletes the EIP this plan created but could not bind, before the engine observes and plans again. */
  @Override
  protected void dropUnboundCreatedEip() {
    String c = createdEip;
    if (c != null && (bound == null || !bound.id().equals(c))) {
      try {
        eip.deletePublicIp(c);
      } catch (CloudApiException ignored) {
        // It carries the marker: the next ensure reuses it, or delete sweeps it.
      }
      createdEip = null;
    }
  }

  @Override
  protected void markLoadBalancer(String id, String description) {
    elb.updateLoadBalancerDescription(id, description);
  }

  @Override
  protected void markListener(String id, String description) {
    // An adopted listener carries what a created one does: the marker and the Service's pass-through record.
    LoadBalancerSpec s = spec;
    elb.updateListenerDescription(id, description.isEmpty() || s == null ? description
        : DedicatedMapping.listenerDescription(marker, s.passThrough()));
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
      if (bound == null) {
        createdEip = eip.createPublicIp(new EipApi.NewPublicIp(options.eipTypeOrDefault(),
            options.bandwidthNameOrDefault(), options.bandwidthSizeRequired(), options.chargeModeOrDefault(),
            SharedMapping.eipAlias(c.owner()), options.enterpriseProjectId())).id();
      }
    } else if (op instanceof Operation.BindEip b) {
      bindEip(b);
    } else if (op instanceof Operation.UnbindEip u) {
      // The Service's own EIP goes with its load balancer (deleted after it); any other EIP (a user's, named by
      // kubernetes.io/elb.custom-eip-id) must survive unbound, and a plain delete unbinds only on the forced
      // delete (reference D, "Dedicated LB delete and EIPs"): unbind it first. Not found is done (the engine);
      // a lost answer is observed again, and an unbound EIP is then no longer planned.
      if (!deletesLoadBalancer || !ownsBound(u.eipId())) {
        eip.disassociate(u.eipId());
        bound = null;
      }
    } else if (op instanceof Operation.DeleteEip d) {
      if (deletesLoadBalancer && loadBalancerId != null) {
        deferredEipDeletes.add(d.eipId());
      } else {
        eip.deletePublicIp(d.eipId());
      }
    } else if (op instanceof Operation.CreateListener c) {
      LoadBalancerSpec s = Objects.requireNonNull(spec, "spec");
      listenerIds.put(c.key(), elb.createListener(lb(), "lbkit-" + c.protocol().name().toLowerCase(Locale.ROOT)
          + "-" + c.port(), DedicatedMapping.listenerProtocol(c.protocol()), c.port(),
          DedicatedMapping.settings(c.protocol(), c.options(), ipGroup.get(),
              DedicatedMapping.listenerDescription(marker, s.passThrough()))).id());
    } else if (op instanceof Operation.UpdateListener u) {
      Protocol p = protocolOfKey(u.key());
      elb.updateListener(u.listenerId(), DedicatedMapping.settings(p, u.options(), null, null));
    } else if (op instanceof Operation.DeleteListener d) {
      elb.deleteListener(d.listenerId());
    } else if (op instanceof Operation.CreatePool c) {
      SessionPersistence sp = c.settings().sessionPersistence();
      poolIds.put(c.key(), elb.createPool(require(listenerIds.get(c.key()), "listener " + c.key()),
          resourceName(c.key()), marker.value(), DedicatedMapping.poolProtocol(c.protocol()),
          c.settings().algorithm().name(), sp == null ? null : sp.type().name(),
          sp == null ? null : sp.timeoutMinutes()).id());
    } else if (op instanceof Operation.UpdatePool u) {
      SessionPersistence sp = u.settings().sessionPersistence();
      elb.updatePool(u.poolId(), u.settings().algorithm().name(), sp == null ? null : sp.type().name(),
          sp == null ? null : sp.timeoutMinutes());
    } else if (op instanceof Operation.DeletePool d) {
      elb.deletePool(d.poolId());
    } else if (op instanceof Operation.CreateMonitor c) {
      elb.createHealthMonitor(require(poolIds.get(c.key()), "pool of " + c.key()), resourceName(c.key()),
          DedicatedMapping.monitor(c.settings()));
    } else if (op instanceof Operation.UpdateMonitor u) {
      elb.updateHealthMonitor(u.monitorId(), resourceName(u.key()), DedicatedMapping.monitor(u.settings()));
    } else if (op instanceof Operation.DeleteMonitor d) {
      elb.deleteHealthMonitor(d.monitorId());
    } else if (op instanceof Operation.AddMembers a) {
      LoadBalancerSpec s = Objects.requireNonNull(spec, "spec");
      List<DedicatedElbApi.NewMember> ms = new ArrayList<>();
      for (MemberTarget t : a.members()) {
        String subnet = s.backendMode() == BackendMode.PODS ? null
            : memberSubnets.containsKey(t.address()) ? memberSubnets.get(t.address()) : neutronSubnet.get();
        ms.add(new DedicatedElbApi.NewMember("lbkit-" + t.address() + "-" + t.port(), t.address(), t.port(), subnet));
      }
      elb.batchAddMembers(require(poolIds.get(a.key()), "pool of " + a.key()), ms);
    } else if (op instanceof Operation.RemoveMembers r) {
      elb.batchDeleteMembers(r.poolId(), r.members().stream().map(ObservedMember::id).toList());
    } else if (op instanceof Operation.DeleteLoadBalancer d) {
      elb.deleteLoadBalancer(d.loadBalancerId());
      recordDelete(d.loadBalancerId());
      DedicatedElbApi.LoadBalancer mine = createdRaw;
      if (mine != null && mine.id().equals(d.loadBalancerId()) && createdInline) {
        // A newcomer that lost a creation race: the EIP created with it goes too.
        for (DedicatedElbApi.BoundIp ip : mine.publicIps()) {
          eip.deletePublicIp(ip.id());
        }
        bound = null;
      }
      for (String id : deferredEipDeletes) {
        eip.deletePublicIp(id);
      }
      deferredEipDeletes.clear();
    } else {
      throw new IllegalStateException("apply plan: unknown operation " + op);
    }
  }

  private void createLoadBalancer(Operation.CreateLoadBalancer c) {
    LoadBalancerSpec s = Objects.requireNonNull(spec, "spec");
    Attachment.AutoCreate a = c.attachment();
    String vpcSubnet = s.subnetId() != null ? s.subnetId() : config.subnetId().orElse(null);
    HuaweiOptions o = options;
    String vipSubnet = o.vipSubnetCidrId() != null ? o.vipSubnetCidrId()
        : o.ipv6VipVirsubnetId() != null && vpcSubnet == null ? null : neutronSubnet.get();
    List<String> backendNets = !o.elbVirsubnetIds().isEmpty() ? o.elbVirsubnetIds()
        : vpcSubnet == null ? List.of() : List.of(vpcSubnet);
    DedicatedElbApi.InlinePublicIp inline = null;
    if (s.customEipId() == null && a.type() == Attachment.AddressType.PUBLIC) {
      inline = new DedicatedElbApi.InlinePublicIp(o.eipTypeOrDefault(), o.bandwidthNameOrDefault(),
          o.bandwidthSizeRequired(), o.chargeModeOrDefault(), o.shareTypeOrDefault(),
          SharedMapping.eipAlias(c.owner()));
    }
    Map<String, String> tags = new LinkedHashMap<>(c.tags());
    tags.put(DedicatedMapping.OWNER_TAG, SharedMapping.eipAlias(c.owner()));
    DedicatedElbApi.LoadBalancer lb = elb.createLoadBalancer(new DedicatedElbApi.NewLoadBalancer(
        c.name(), c.owner(), o.availabilityZones(), vipSubnet, backendNets, o.ipv6VipVirsubnetId(),
        a.vipAddress(), flavorId(o.l4FlavorName(), s.key()), flavorId(o.l7FlavorName(), s.key()), inline,
        s.customEipId() == null ? List.of() : List.of(s.customEipId()),
        s.backendMode() == BackendMode.PODS, tags, o.enterpriseProjectId()));
    // The engine then checks that the oldest load balancer carrying the marker is this one (a racing controller
    // may have created one too; a newcomer that lost is deleted with the EIP created with it); the next operation
    // waits until it is ACTIVE.
    recordCreate(c, lb.id(), lb.vipPortId(), lb.vipAddress(), lb.provisioningStatus());
    createdRaw = lb;
    createdInline = inline != null;
    if (!lb.publicIps().isEmpty()) {
      DedicatedElbApi.BoundIp ip = lb.publicIps().get(0);
      bound = new ObservedEip(ip.id(), ip.address() == null ? "" : ip.address(),
          inline != null ? c.owner() : null);
    }
  }

  private void bindEip(Operation.BindEip b) {
    String id = b.eipId() != null ? b.eipId() : createdEip;
    if (bound != null && (id == null || bound.id().equals(id))) {
      return;
    }
    id = require(id, "the EIP created before");
    eip.associate(id, "PORT", require(vipPortId, "the VIP port of the load balancer"));
    String owner = id.equals(createdEip) || ownDetached.contains(id) ? marker.value() : null;
    String address = eip.showPublicIp(id).map(EipApi.PublicIp::address).orElse("");
    bound = new ObservedEip(id, address == null ? "" : address, owner);
  }

  private static Protocol protocolOfKey(String key) {
    return Protocol.valueOf(key.substring(0, key.indexOf(':')));
  }

  private @Nullable String flavorId(@Nullable String name, ServiceKey key) {
    if (name == null) {
      return null;
    }
    String cached = flavorIds.get(name);
    if (cached != null) {
      return cached;
    }
    String id = elb.listFlavorsByName(name).stream().filter(f -> name.equals(f.name()))
        .map(DedicatedElbApi.Flavor::id).findFirst().orElse(null);
    if (id == null) {
      throw new InvalidServiceException(key.namespacedName(), List.of(new Problem(
          "kubernetes.io/elb.autocreate", name,
          "ensure: no load balancer flavor named " + name + " exists in the region; choose one the console lists "
              + "for dedicated load balancers")));
    }
    flavorIds.put(name, id);
    return id;
  }
}
