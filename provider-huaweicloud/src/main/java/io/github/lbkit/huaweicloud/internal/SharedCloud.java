package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.ObservedCloud;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.plan.AdoptionCandidate;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The shared class ({@code kubernetes.io/elb.class: union}, ELB v2 with EIP and VPC) of the Huawei Cloud provider,
 * as the {@link ReconcileEngine} sees it: {@link SharedObserver} reads, {@link SharedMapping} translates,
 * {@link SharedApplier} writes; the engine owns the loop, the lock and the race rules.
 *
 * <p>Huawei's own rules around the engine: no change to a load balancer that is not ACTIVE (a
 * {@link io.github.lbkit.api.RetryLaterException} before any write of the round); the neutron subnet is resolved
 * once, only when an operation needs it; a delete ends by removing the Service's unbound EIPs.
 */
final class SharedCloud extends PeerCloud<SharedCloud.Call> {

  private final SharedElbApi elb;
  private final SharedObserver observer;

  /** What one call of the shared class knows beyond the planner's view. */
  static final class Call extends PeerCloud.Call {
    private SharedObserver.@Nullable Observation observation;
    /** The last load balancer a delete found, kept when a later round finds none. */
    private SharedObserver.@Nullable Observation lastFound;
    /** Where this call observes: the live API, or a bulk index when a snapshot answers for the Service. */
    private SharedObserver.Source source;

    Call(String what, @Nullable LoadBalancerSpec spec, boolean membersOnly, SharedObserver.Source source) {
      super(what, spec, membersOnly);
      this.source = source;
    }
  }

  SharedCloud(HuaweiCloudConfig config, SharedElbApi elb, EipApi eip, VpcApi vpc) {
    super("shared class", config, eip, vpc);
    this.elb = elb;
    this.observer = new SharedObserver(elb, eip);
  }

  @Override
  protected Call newCall(String what, @Nullable LoadBalancerSpec spec, boolean membersOnly) {
    return new Call(what, spec, membersOnly, observer.live());
  }

  @Override
  protected void validate(LoadBalancerSpec spec) {
    DedicatedMapping.refuseOnShared(spec);
    SharedMapping.validate(spec);
  }

  /**
   * Finds the Service's shared load balancer from its key and hints alone, or asks the other class when the shared
   * API has nothing of the Service.
   */
  Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints,
      Supplier<Optional<LoadBalancerStatus>> otherwise) {
    List<SharedElbApi.LoadBalancer> shared = observer.forDelete(OwnerMarker.of(key), hints);
    if (shared.isEmpty()) {
      return otherwise.get();
    }
    SharedElbApi.LoadBalancer lb = shared.get(0);
    String port = lb.vipPortId();
    String address = port == null ? null : eip.listByPort(port).stream()
        .map(EipApi.PublicIp::address).filter(Objects::nonNull).findFirst().orElse(null);
    String ip = address != null ? address : lb.vipAddress();
    return Optional.ofNullable(ip).map(a -> new LoadBalancerStatus(List.of(Ingress.ip(a, IpMode.VIP)), lb.id()));
  }

  // ---------------------------------------------------------------- ReconcileCloud

  @Override
  public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
    return observe(spec, SharedObserver.Depth.FULL);
  }

  @Override
  public Optional<ObservedLoadBalancer> observeMembers(LoadBalancerSpec spec) {
    return observe(spec, SharedObserver.Depth.IDS);
  }

  /**
   * Finds what the Service owns for delete: every load balancer carrying its marker, oldest first, else the one
   * its listeners are on. One a round; when there are more (a create whose answer was lost), the engine observes
   * again after the first is gone.
   */
  @Override
  public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
    OwnerMarker marker = OwnerMarker.of(key);
    Call c = scope.current();
    List<SharedElbApi.LoadBalancer> found = observer.forDelete(marker, hints);
    c.observation = null;
    if (found.isEmpty()) {
      return Optional.empty();
    }
    c.found = true;
    c.more = found.size() > 1;
    SharedElbApi.LoadBalancer lb = found.get(0);
    SharedObserver.DetachedEips eips =
        marker.matches(lb.description()) ? SharedObserver.DetachedEips.ALWAYS : SharedObserver.DetachedEips.NONE;
    SharedObserver.Observation o = observer.tree(observer.live(), lb, marker, null, SharedObserver.Depth.IDS, eips);
    c.observation = o;
    c.lastFound = o;
    return Optional.of(o.lb());
  }

  /**
   * Observes every shared load balancer of the project at once (see {@link SharedObserver#bulk}); a Service is
   * then observed from the index by the same {@link #observe} as an ensure.
   */
  @Override
  public Optional<ObservedCloud> observeAll() {
    SharedObserver.Bulk bulk = observer.bulk();
    return Optional.of(spec -> {
      scope.current().source = bulk;
      return observe(spec);
    });
  }

  @Override
  public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
    return observer.owned(marker).stream().map(SharedElbApi.LoadBalancer::id).toList();
  }

  /** Refuses to change a load balancer that is not ACTIVE, before any write of the round. */
  @Override
  public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
    Call c = scope.current();
    SharedObserver.Observation o = c.observation;
    if (observed.isPresent() && o != null) {
      requireActive(o.lb().id(), o.provisioningStatus());
    }
    return new SharedApplier(elb, eip, PeerRules.neutronSubnet(c.spec, config, vpc),
        c.spec == null ? java.util.Map.of() : MemberSubnets.place(c.spec, config, vpc), c.spec, marker, observed,
        !c.more, observed.isPresent() && o != null ? o.vipPortId() : null);
  }

  /**
   * Deletes the Service's unbound EIPs, the last step of a delete that found the Service on the shared API: a load
   * balancer deleted by hand, an interrupted create, or an EIP delete that failed after its load balancer was gone
   * can leave one behind, and a later delete no longer finds the load balancer that would lead to it. When
   * nothing was found, the dedicated class's delete does it.
   */
  @Override
  public void removeOrphans(OwnerMarker marker) {
    Call c = scope.current();
    if (c.found) {
      SharedObserver.Observation now = c.observation;
      SharedObserver.Observation last = c.lastFound;
      SharedObserver.Observation port = now != null ? now : last;
      ReleasedLoadBalancers.settle(releaseCalls(), eip, marker, now == null ? null : now.lb(),
          last == null ? null : last.lb(), port == null ? null : port.vipPortId());
      sweepEips(eip, marker);
    }
  }

  /** The shared class's calls for {@link ReleasedLoadBalancers}. */
  private ReleasedLoadBalancers.Calls releaseCalls() {
    return new ReleasedLoadBalancers.Calls() {
      @Override
      public Optional<String> description(String id) {
        return elb.showLoadBalancer(id).map(lb -> lb.description() == null ? "" : lb.description());
      }

      @Override
      public boolean hasListeners(String id) {
        return !elb.listListeners(id).isEmpty();
      }

      @Override
      public void describe(String id, String description) {
        elb.updateLoadBalancerDescription(id, description);
      }

      @Override
      public void delete(String id) {
        elb.deleteLoadBalancer(id);
      }

      @Override
      public void unbind(String eipId) {
        eip.unbind(eipId);
      }
    };
  }

  /** Deletes every unbound EIP carrying the Service's marker (two reads, one delete each). */
  static void sweepEips(EipApi eip, OwnerMarker marker) {
    for (EipApi.PublicIp e : SharedObserver.unboundOwned(eip, marker)) {
      eip.deletePublicIp(e.id());
    }
  }

  // ---------------------------------------------------------------- adoption

  @Override
  protected Optional<AdoptionCandidate> candidate(LoadBalancerSpec spec, String loadBalancerId) {
    return observer.byId(loadBalancerId).map(lb -> adoptionCandidate(spec, lb));
  }

  @Override
  protected List<AdoptionCandidate> candidatesNamed(LoadBalancerSpec spec, String name) {
    return elb.listLoadBalancersByName(name).stream()
        .filter(lb -> name.equals(lb.name()) && (lb.description() == null || lb.description().isEmpty()))
        .map(lb -> adoptionCandidate(spec, lb))
        .toList();
  }

  private AdoptionCandidate adoptionCandidate(LoadBalancerSpec spec, SharedElbApi.LoadBalancer lb) {
    ObservedLoadBalancer o = observer.adoptionTree(lb, OwnerMarker.of(spec.key()), spec).lb();
    return new AdoptionCandidate(o, LoadBalancerClass.SHARED, vpcOf(spec, lb.vipSubnetId()));
  }

  /**
   * The VPC of a v2 load balancer, which the v2 answer does not give: the cluster's when its VIP subnet (a neutron
   * subnet id) is one of the cluster VPC's subnets, else "of VIP subnet ..." (some other VPC); null when the
   * cluster's VPC is unknown.
   */
  private @Nullable String vpcOf(LoadBalancerSpec spec, @Nullable String neutronSubnet) {
    String cluster = clusterVpcId(spec).orElse(null);
    if (cluster == null || neutronSubnet == null) {
      return null;
    }
    boolean inCluster = vpc.subnetsOf(cluster, false).stream().anyMatch(s -> s.neutronSubnetId().equals(neutronSubnet))
        || vpc.subnetsOf(cluster, true).stream().anyMatch(s -> s.neutronSubnetId().equals(neutronSubnet));
    return inCluster ? cluster : "of VIP subnet " + neutronSubnet;
  }

  // ---------------------------------------------------------------- steps

  private Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec, SharedObserver.Depth depth) {
    OwnerMarker marker = OwnerMarker.of(spec.key());
    Call c = scope.current();
    SharedObserver.Source source = c.source;
    Optional<SharedElbApi.LoadBalancer> lb = PeerRules.target(spec, "shared", source::loadBalancer,
        () -> observer.byMarker(source, marker), SharedElbApi.LoadBalancer::description);
    SharedObserver.DetachedEips eips =
        depth == SharedObserver.Depth.FULL ? detachedEips(spec) : SharedObserver.DetachedEips.NONE;
    Optional<SharedObserver.Observation> o = lb.map(l -> observer.tree(source, l, marker, spec, depth, eips));
    if (depth == SharedObserver.Depth.FULL) {
      // Services on one shared load balancer agree on pass-through, as on the dedicated class. A bulk observation
      // never writes: a stale record it finds leaves the Service to an ensure.
      o.ifPresent(obs -> {
        if (source == observer.live()) {
          SharedPassThrough.check(spec, marker, elb, obs.lb().id());
        } else {
          SharedPassThrough.check(spec, marker, source::listeners, obs.lb().id(), stale -> {
            throw new CannotTell("listeners with a stale pass-through record: an ensure renames them");
          });
        }
      });
    }
    c.observation = o.orElse(null);
    return o.map(SharedObserver.Observation::lb);
  }

  /**
   * An interrupted create may have left an unbound EIP of ours to reuse: look for one only for a public
   * auto-created load balancer without a bound EIP, so that a converged Service pays nothing for it.
   */
  private static SharedObserver.DetachedEips detachedEips(LoadBalancerSpec spec) {
    boolean publicAuto = spec.customEipId() == null
        && spec.attachment() instanceof Attachment.AutoCreate a
        && a.type() == Attachment.AddressType.PUBLIC;
    return publicAuto ? SharedObserver.DetachedEips.IF_UNBOUND : SharedObserver.DetachedEips.NEVER;
  }

  @Override
  protected LoadBalancerResult result(LoadBalancerSpec spec, ObservedLoadBalancer lb, Call call) {
    String address = lb.address().orElse(null);
    if (address == null || address.isEmpty()) {
      throw PeerRules.noAddressYet(spec, lb.id());
    }
    LoadBalancerStatus status =
        new LoadBalancerStatus(List.of(Ingress.ip(address, spec.passThrough().ipMode())), lb.id());
    ObservedEip e = lb.eip();
    String ours = e != null && OwnerMarker.of(spec.key()).matches(e.owner()) ? e.id() : null;
    return new LoadBalancerResult(status, spec.writeBackAnnotations(lb.id(), ours), SharedMapping.warnings(spec));
  }
}
