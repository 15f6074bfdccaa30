package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.AclSpec;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.ObservedCloud;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.AdoptionCandidate;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.Planner;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.lbkit.huaweicloud.internal.DedicatedObserver.Observation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The dedicated class ({@code kubernetes.io/elb.class: performance}, ELB v3) of the Huawei Cloud provider, as the
 * {@link ReconcileEngine} sees it: {@link DedicatedObserver} reads, {@link DedicatedMapping} translates,
 * {@link DedicatedApplier} writes; the engine owns the loop, the lock and the race rules.
 *
 * <p>Huawei's own rules around the engine: no change to a load balancer that is not ACTIVE; the Services on one
 * load balancer agree on pass-through; access control is the listeners' IP group, either the one the ACL
 * annotations name or one the Service owns for its source ranges, written beside the plan
 * ({@link #sideWrites}) with IP targets for pod members and the pass-through record of listeners; a delete ends by
 * removing the Service's IP groups and unbound EIPs.
 */
final class DedicatedCloud extends PeerCloud<DedicatedCloud.Call> {

  private final DedicatedElbApi elb;
  private final DedicatedObserver observer;
  private final Map<String, String> flavorIds = new ConcurrentHashMap<>();

  /** What one call of the dedicated class knows beyond the planner's view. */
  static final class Call extends PeerCloud.Call {
    private @Nullable Observation observation;
    /** The last load balancer a delete found, kept when a later round finds none. */
    private @Nullable Observation lastFound;
    private @Nullable DedicatedApplier applier;
    private Supplier<DedicatedElbApi.@Nullable ListenerIpGroup> ipGroup = () -> null;
    private boolean deletesLoadBalancer;
    /** Whether this call switched on IP targets on a load balancer the Service does not own, to report. */
    private @Nullable String ipTargetsSwitchedOn;
    /** Where this call observes: the live API, or a bulk index when a snapshot answers for the Service. */
    private DedicatedObserver.Source source;

    Call(String what, @Nullable LoadBalancerSpec spec, boolean membersOnly, DedicatedObserver.Source source) {
      super(what, spec, membersOnly);
      this.source = source;
    }
  }

  DedicatedCloud(HuaweiCloudConfig config, DedicatedElbApi elb, EipApi eip, VpcApi vpc) {
    super("dedicated class", config, eip, vpc);
    this.elb = elb;
    this.observer = new DedicatedObserver(elb, eip);
  }

  @Override
  protected Call newCall(String what, @Nullable LoadBalancerSpec spec, boolean membersOnly) {
    return new Call(what, spec, membersOnly, observer.live());
  }

  @Override
  protected void validate(LoadBalancerSpec spec) {
    DedicatedMapping.validate(spec);
  }

  /** Finds the Service's dedicated load balancer from its key and hints alone. */
  Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    return observer.forDelete(OwnerMarker.of(key), hints).stream().findFirst().flatMap(lb -> {
      String address = lb.publicIps().stream().map(DedicatedElbApi.BoundIp::address).filter(Objects::nonNull)
          .findFirst().orElse(lb.vipAddress());
      return Optional.ofNullable(address)
          .map(a -> new LoadBalancerStatus(List.of(Ingress.ip(a, IpMode.VIP)), lb.id()));
    });
  }

  // ---------------------------------------------------------------- ReconcileCloud

  /** Observes for an ensure, and refuses a pass-through the other Services on the load balancer disagree with. */
  @Override
  public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
    OwnerMarker marker = OwnerMarker.of(spec.key());
    Optional<Observation> o = remember(observer.observe(scope.current().source, spec, marker, true));
    o.ifPresent(x -> checkPassThroughAgreement(spec, marker, x));
    return o.map(Observation::lb);
  }

  @Override
  public Optional<ObservedLoadBalancer> observeMembers(LoadBalancerSpec spec) {
    return remember(observer.observe(scope.current().source, spec, OwnerMarker.of(spec.key()), false))
        .map(Observation::lb);
  }

  /**
   * Finds what the Service owns for delete: every load balancer carrying its marker, oldest first, else the one
   * its listeners are on. One a round; when there are more, the engine observes again after the first is gone.
   */
  @Override
  public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
    OwnerMarker marker = OwnerMarker.of(key);
    Call c = scope.current();
    List<DedicatedElbApi.LoadBalancer> found = observer.forDelete(marker, hints);
    c.found = !found.isEmpty();
    c.more = found.size() > 1;
    Optional<Observation> o = remember(found.stream().findFirst().map(lb -> observer.tree(observer.live(), lb, marker, null, false,
        true)));
    o.ifPresent(found1 -> c.lastFound = found1);
    c.deletesLoadBalancer = o.isPresent() && Planner.planDelete(key, o.map(Observation::lb)).operations().stream()
        .anyMatch(Operation.DeleteLoadBalancer.class::isInstance);
    return o.map(Observation::lb);
  }

  /**
   * Observes every dedicated load balancer of the project at once (see {@link DedicatedObserver#bulk}); a Service
   * is then observed from the index by the same {@link #observe} as an ensure, pass-through agreement included.
   */
  @Override
  public Optional<ObservedCloud> observeAll() {
    DedicatedObserver.Source bulk = observer.bulk();
    return Optional.of(spec -> {
      scope.current().source = bulk;
      return observe(spec);
    });
  }

  @Override
  public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
    return observer.owned(marker).stream().map(DedicatedElbApi.LoadBalancer::id).toList();
  }

  /**
   * Writes beside the plan (see {@link #extras}); on a member update, only the IP targets pod members need, and
   * only when members change.
   */
  @Override
  public List<Runnable> sideWrites(LoadBalancerSpec spec, Optional<ObservedLoadBalancer> observed, Plan plan) {
    Call c = scope.current();
    Observation o = c.observation;
    if (!c.membersOnly) {
      return extras(spec, OwnerMarker.of(spec.key()), Optional.ofNullable(o), plan, c);
    }
    if (plan.isEmpty() || o == null || spec.backendMode() != BackendMode.PODS || o.raw().ipTargetEnable()) {
      return List.of();
    }
    return List.of(enableIpTargets(spec, o, c));
  }

  /**
   * The write that switches IP-as-backend on, which pod members need. It cannot be undone (reference D,
   * "IP-as-backend members"), so on a load balancer the Service did not create it needs the operator's permission
   * ({@code huaweicloud.allowIpTargetsOnAttached}); without it the Service is refused before any write, and with
   * it the change is reported as a Warning.
   */
  private Runnable enableIpTargets(LoadBalancerSpec spec, Observation o, Call c) {
    String id = o.raw().id();
    if (!OwnerMarker.of(spec.key()).matches(o.raw().description())) {
      if (!config.allowIpTargetsOnAttached()) {
        throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
            LoadBalancerHints.ELB_ID, id, "pod backends need IP-as-backend (ip_target_enable) on this load balancer,"
                + " which this Service did not create, and switching it on cannot be undone; switch it on yourself"
                + " in the console, use node backends, or let lbkit switch it on by setting "
                + HuaweiCloudConfig.KEY_ALLOW_IP_TARGETS_ON_ATTACHED + "=true")));
      }
      c.ipTargetsSwitchedOn = id;
    }
    return () -> elb.enableIpTargets(id);
  }

  /** Refuses to change a load balancer that is not ACTIVE, before any write of the round. */
  @Override
  public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
    Call c = scope.current();
    Observation o = c.observation;
    if (observed.isPresent() && o != null) {
      requireActive(o.raw().id(), o.raw().provisioningStatus());
    }
    DedicatedApplier a = new DedicatedApplier(config, elb, eip, flavorIds,
        PeerRules.neutronSubnet(c.spec, config, vpc),
        c.spec == null ? java.util.Map.of() : MemberSubnets.place(c.spec, config, vpc),
        c.spec, marker, observed, c.spec == null && c.deletesLoadBalancer,
        !c.more, c.ipGroup, observed.isPresent() && o != null ? o.raw().vipPortId() : null);
    c.applier = a;
    return a;
  }

  // ---------------------------------------------------------------- adoption

  @Override
  protected Optional<AdoptionCandidate> candidate(LoadBalancerSpec spec, String loadBalancerId) {
    return elb.showLoadBalancer(loadBalancerId).map(lb -> adoptionCandidate(spec, lb));
  }

  @Override
  protected List<AdoptionCandidate> candidatesNamed(LoadBalancerSpec spec, String name) {
    return elb.listLoadBalancersByName(name).stream()
        .filter(lb -> name.equals(lb.name()) && (lb.description() == null || lb.description().isEmpty()))
        .map(lb -> adoptionCandidate(spec, lb))
        .toList();
  }

  private AdoptionCandidate adoptionCandidate(LoadBalancerSpec spec, DedicatedElbApi.LoadBalancer lb) {
    ObservedLoadBalancer o = observer.adoptionTree(lb, OwnerMarker.of(spec.key()), spec).lb();
    return new AdoptionCandidate(o, io.github.lbkit.api.LoadBalancerClass.DEDICATED, lb.vpcId());
  }

  /**
   * The last step of every delete on the Huawei provider: the Service's own IP groups (for its source ranges),
   * then its unbound EIPs (a load balancer deleted by hand, an interrupted create, or an EIP delete that failed
   * after its load balancer was gone can leave one behind).
   */
  @Override
  public void removeOrphans(OwnerMarker marker) {
    Call c = scope.current();
    Observation now = c.observation;
    Observation last = c.lastFound;
    Observation port = now != null ? now : last;
    ReleasedLoadBalancers.settle(releaseCalls(), eip, marker, now == null ? null : now.lb(),
        last == null ? null : last.lb(), port == null ? null : port.raw().vipPortId());
    for (DedicatedElbApi.IpGroup g : ownGroups(observer.live(), marker)) {
      try {
        elb.deleteIpGroup(g.id());
      } catch (CloudApiException e) {
        if (!ErrorClassifier.isNotFound(e)) {
          throw e;
        }
      }
    }
    SharedCloud.sweepEips(eip, marker);
  }

  /** The dedicated class's calls for {@link ReleasedLoadBalancers}. */
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
        eip.disassociate(eipId);
      }
    };
  }

  // ---------------------------------------------------------------- steps

  /** Keeps the raw observation for the applier and the side writes of this round. */
  private Optional<Observation> remember(Optional<Observation> o) {
    Call c = scope.current();
    c.observation = o.orElse(null);
    c.applier = null;
    c.ipGroup = () -> null;
    return o;
  }

  private void checkPassThroughAgreement(LoadBalancerSpec spec, OwnerMarker marker, Observation o) {
    if (!(spec.attachment() instanceof Attachment.Existing)) {
      return;
    }
    boolean wanted = spec.passThrough() != PassThrough.OFF;
    for (DedicatedElbApi.Listener l : o.listeners().values()) {
      if (marker.matches(l.description())) {
        continue;
      }
      Boolean theirs = DedicatedMapping.recordedPassThrough(l.description());
      if (theirs != null && theirs != wanted) {
        throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
            DedicatedMapping.PASS_THROUGH_KEY, Boolean.toString(wanted),
            "ensure: the Services on load balancer " + o.raw().id() + " must agree on pass-through, and listener "
                + l.id() + " (port " + l.port() + ") of another Service has it " + (theirs ? "on" : "off")
                + "; set " + DedicatedMapping.PASS_THROUGH_KEY + " to \"" + theirs + "\" or use another load "
                + "balancer")));
      }
    }
  }

  // ---------------------------------------------------------------- access control and records on listeners

  private static List<DedicatedElbApi.IpGroup> ownGroups(DedicatedObserver.Source source, OwnerMarker marker) {
    return source.ipGroupsByDescription(marker.value()).stream()
        .filter(g -> marker.matches(g.description())).toList();
  }

  /**
   * Returns the writes that go beside the plan: the Service's source-range IP group (created or updated before
   * the plan, so that new listeners are created with it), IP targets for pod members on an existing load
   * balancer, and the access control and pass-through record of listeners the plan keeps. Sets the access control
   * new listeners are created with on the call, for its applier.
   */
  private List<Runnable> extras(
      LoadBalancerSpec spec, OwnerMarker marker, Optional<Observation> observed, Plan plan, Call call) {
    List<Runnable> out = new ArrayList<>();
    AclSpec acl = spec.acl();
    boolean anyGroupOnOurs = observed.map(o -> o.listeners().values().stream()
        .anyMatch(l -> marker.matches(l.description()) && l.settings().ipGroup() != null)).orElse(false);
    boolean ranges = acl == null && !spec.sourceRanges().isEmpty();
    DedicatedElbApi.IpGroup own = null;
    if (ranges || (acl == null && anyGroupOnOurs)) {
      own = ownGroups(call.source, marker).stream().findFirst().orElse(null);
    }
    String[] ownId = {own == null ? null : own.id()};
    if (ranges) {
      List<String> wanted = List.copyOf(new LinkedHashSet<>(spec.sourceRanges()));
      if (own == null) {
        out.add(() -> ownId[0] = elb.createIpGroup("lbkit-" + spec.key().name(), marker.value(), wanted,
            HuaweiOptions.of(spec).enterpriseProjectId()).id());
      } else if (!Set.copyOf(own.ips()).equals(Set.copyOf(wanted))) {
        String id = own.id();
        out.add(() -> elb.updateIpGroup(id, wanted));
      }
    }
    call.ipGroup = () -> desiredGroup(spec, null, ownId[0]);
    if (observed.isPresent()) {
      Observation o = observed.get();
      if (spec.backendMode() == BackendMode.PODS && !o.raw().ipTargetEnable()) {
        out.add(enableIpTargets(spec, o, call));
      }
      Set<String> deleted = new HashSet<>();
      for (Operation op : plan.operations()) {
        if (op instanceof Operation.DeleteListener d) {
          deleted.add(d.listenerId());
        }
      }
      String description = DedicatedMapping.listenerDescription(marker, spec.passThrough());
      for (DedicatedElbApi.Listener l : o.listeners().values()) {
        if (!marker.matches(l.description()) || deleted.contains(l.id())) {
          continue;
        }
        String d = description.equals(l.description()) ? null : description;
        DedicatedElbApi.ListenerIpGroup current = l.settings().ipGroup();
        DedicatedElbApi.ListenerIpGroup want = desiredGroup(spec, current, own == null ? null : own.id());
        boolean groupChange = want != null && !want.equals(current) && !(want.ipGroupId().isEmpty());
        if (want != null && want.ipGroupId().isEmpty()) {
          // A group created in this round: its id is known only once the write before the plan has run.
          groupChange = true;
        }
        if (d != null || groupChange) {
          boolean change = groupChange;
          out.add(() -> {
            DedicatedElbApi.ListenerIpGroup g = change ? desiredGroup(spec, current, ownId[0]) : null;
            elb.updateListener(l.id(), new DedicatedElbApi.ListenerSettings(null, List.of(), null, null, null, null,
                null, null, null, null, g, d));
          });
        }
      }
    }
    return out;
  }

  /**
   * Returns the access control a listener should have, or null to leave it as it is: the group the ACL names;
   * the Service's own group for its source ranges (an empty id while it is still to be created); the Service's
   * own group switched off once the source ranges are gone.
   */
  private static DedicatedElbApi.@Nullable ListenerIpGroup desiredGroup(
      LoadBalancerSpec spec, DedicatedElbApi.@Nullable ListenerIpGroup current, @Nullable String ownId) {
    AclSpec acl = spec.acl();
    if (acl != null) {
      DedicatedElbApi.ListenerIpGroup g = DedicatedMapping.ipGroupOf(acl);
      if (g == null && current != null && current.enabled()) {
        return new DedicatedElbApi.ListenerIpGroup(current.ipGroupId(), false, current.type());
      }
      return g;
    }
    if (!spec.sourceRanges().isEmpty()) {
      return new DedicatedElbApi.ListenerIpGroup(ownId == null ? "" : ownId, true, "white");
    }
    if (current != null && ownId != null && current.ipGroupId().equals(ownId) && current.enabled()) {
      return new DedicatedElbApi.ListenerIpGroup(ownId, false, current.type());
    }
    return null;
  }

  /**
   * The result of an ensure: the address of the bound EIP, else the VIP, and the IPv6 VIP of the load balancer as
   * this call last read or created it.
   */
  @Override
  protected LoadBalancerResult result(LoadBalancerSpec spec, ObservedLoadBalancer o, Call c) {
    DedicatedApplier a = c.applier;
    DedicatedElbApi.LoadBalancer created = a == null ? null : a.created();
    DedicatedElbApi.LoadBalancer lb = created != null && created.id().equals(o.id()) ? created
        : Objects.requireNonNull(c.observation, "an ensure that converged observed its load balancer").raw();
    ObservedEip eip = o.eip();
    OwnerMarker marker = OwnerMarker.of(spec.key());
    String address = eip != null && !eip.address().isEmpty() ? eip.address() : lb.vipAddress();
    if (address == null || address.isEmpty()) {
      throw PeerRules.noAddressYet(spec, lb.id());
    }
    List<Ingress> ingress = new ArrayList<>();
    ingress.add(Ingress.ip(address, spec.passThrough().ipMode()));
    if (lb.ipv6VipAddress() != null) {
      ingress.add(Ingress.ip(lb.ipv6VipAddress(), spec.passThrough().ipMode()));
    }
    String ours = eip != null && marker.matches(eip.owner()) ? eip.id() : null;
    List<ProviderWarning> warnings = new ArrayList<>(DedicatedMapping.warnings(spec));
    if (c.ipTargetsSwitchedOn != null) {
      warnings.add(new ProviderWarning("IrreversibleChange", "IP-as-backend (ip_target_enable) was switched on for"
          + " load balancer " + c.ipTargetsSwitchedOn + ", which this Service did not create, as "
          + HuaweiCloudConfig.KEY_ALLOW_IP_TARGETS_ON_ATTACHED + " allows; it cannot be switched off"));
    }
    return new LoadBalancerResult(new LoadBalancerStatus(ingress, lb.id()), spec.writeBackAnnotations(lb.id(), ours),
        warnings);
  }
}
