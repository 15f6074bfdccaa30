package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
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
final class SharedCloud implements ReconcileCloud {

  private final HuaweiCloudConfig config;
  private final SharedElbApi elb;
  private final EipApi eip;
  private final VpcApi vpc;
  private final SharedObserver observer;
  private final ReconcileEngine engine;
  private final ThreadLocal<Call> call = new ThreadLocal<>();

  /** What one call knows beyond the planner's view; the engine runs a call's rounds in the caller's thread. */
  private static final class Call {
    private final String what;
    private final @Nullable LoadBalancerSpec spec;
    private SharedObserver.@Nullable Observation observation;
    private boolean found;
    private boolean more;

    Call(String what, @Nullable LoadBalancerSpec spec) {
      this.what = what;
      this.spec = spec;
    }
  }

  SharedCloud(HuaweiCloudConfig config, SharedElbApi elb, EipApi eip, VpcApi vpc) {
    this.config = config;
    this.elb = elb;
    this.eip = eip;
    this.vpc = vpc;
    this.observer = new SharedObserver(elb, eip);
    this.engine = new ReconcileEngine(this, PeerRules.MAX_ROUNDS);
  }

  // ---------------------------------------------------------------- entry points

  LoadBalancerResult ensure(LoadBalancerSpec spec) {
    DedicatedMapping.refuseOnShared(spec);
    SharedMapping.validate(spec);
    PeerRules.requireSubnet(spec, config);
    PeerRules.checkSubnetVpc(spec, config, vpc);
    return in(new Call("ensure " + spec.key().namespacedName(), spec), () -> result(spec, engine.ensure(spec)));
  }

  void updateBackends(LoadBalancerSpec spec) {
    in(new Call("update backends of " + spec.key().namespacedName(), spec), () -> {
      engine.updateBackends(spec);
      return null;
    });
  }

  /**
   * Removes what the Service owns on shared load balancers, then its unbound EIPs.
   *
   * @return false when nothing of the Service was found on the shared API (then nothing was done)
   */
  boolean delete(ServiceKey key, LoadBalancerHints hints) {
    Call c = new Call("delete " + key.namespacedName(), null);
    in(c, () -> {
      engine.delete(key, hints);
      return null;
    });
    return c.found;
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

  /** The number of Services with a call in progress or waiting. */
  int lockedServices() {
    return engine.lockedServices();
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
    Call c = current();
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
    SharedObserver.Observation o = observer.tree(lb, marker, null, SharedObserver.Depth.IDS, eips);
    c.observation = o;
    return Optional.of(o.lb());
  }

  @Override
  public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
    return observer.owned(marker).stream().map(SharedElbApi.LoadBalancer::id).toList();
  }

  /** Refuses to change a load balancer that is not ACTIVE, before any write of the round. */
  @Override
  public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
    Call c = current();
    SharedObserver.Observation o = c.observation;
    if (observed.isPresent() && o != null) {
      PeerRules.requireActive(c.what, o.lb().id(), o.provisioningStatus());
    }
    return new SharedApplier(elb, eip, PeerRules.neutronSubnet(c.spec, config, vpc), c.spec, marker, observed,
        !c.more);
  }

  @Override
  public Outcome classify(RuntimeException failure) {
    return ErrorClassifier.outcome(failure, null);
  }

  @Override
  public Outcome classify(RuntimeException failure, Operation operation) {
    return ErrorClassifier.outcome(failure, operation);
  }

  /**
   * Deletes the Service's unbound EIPs, the last step of a delete that found the Service on the shared API: a load
   * balancer deleted by hand, an interrupted create, or an EIP delete that failed after its load balancer was gone
   * can leave one behind, and a later delete no longer finds the load balancer that would lead to it. When
   * nothing was found, the dedicated class's delete does it.
   */
  @Override
  public void removeOrphans(OwnerMarker marker) {
    if (current().found) {
      sweepEips(eip, marker);
    }
  }

  /** Deletes every unbound EIP carrying the Service's marker (two reads, one delete each). */
  static void sweepEips(EipApi eip, OwnerMarker marker) {
    for (EipApi.PublicIp e : SharedObserver.unboundOwned(eip, marker)) {
      eip.deletePublicIp(e.id());
    }
  }

  // ---------------------------------------------------------------- steps

  private Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec, SharedObserver.Depth depth) {
    OwnerMarker marker = OwnerMarker.of(spec.key());
    Optional<SharedElbApi.LoadBalancer> lb;
    if (spec.attachment() instanceof Attachment.Existing existing) {
      lb = observer.byId(existing.loadBalancerId());
      if (lb.isEmpty()) {
        throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
            LoadBalancerHints.ELB_ID, existing.loadBalancerId(),
            "ensure: no shared load balancer with this id exists in the project; create it first or correct "
                + "the id")));
      }
    } else {
      lb = observer.forAutoCreate(marker, spec.hints());
    }
    SharedObserver.DetachedEips eips =
        depth == SharedObserver.Depth.FULL ? detachedEips(spec) : SharedObserver.DetachedEips.NONE;
    Optional<SharedObserver.Observation> o = lb.map(l -> observer.tree(l, marker, spec, depth, eips));
    current().observation = o.orElse(null);
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

  private static LoadBalancerResult result(LoadBalancerSpec spec, ObservedLoadBalancer lb) {
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

  private Call current() {
    return Objects.requireNonNull(call.get(), "a call of the shared class runs through its entry points");
  }

  private <T> T in(Call c, Supplier<T> body) {
    call.set(c);
    try {
      return body.get();
    } finally {
      call.remove();
    }
  }
}
