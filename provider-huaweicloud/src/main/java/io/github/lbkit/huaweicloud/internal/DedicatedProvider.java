package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.AclSpec;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.Planner;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The dedicated class ({@code kubernetes.io/elb.class: performance}, ELB v3) of the Huawei Cloud provider:
 * observe, plan with the shared {@link Planner}, apply; the caller serializes calls per Service.
 *
 * <p>A public auto-created load balancer gets its EIP inline at creation ({@code publicip}), a user's EIP through
 * {@code publicip_ids}; members change through the batch calls, one per pool and direction; access control is the
 * listeners' IP group, either the one the ACL annotations name or one the Service owns for its source ranges.
 */
final class DedicatedProvider {

  private static final int MAX_ROUNDS = 4;
  private static final Duration NOT_ACTIVE_RETRY = Duration.ofSeconds(5);

  private final HuaweiCloudConfig config;
  private final DedicatedElbApi elb;
  private final EipApi eip;
  private final VpcApi vpc;
  private final Map<String, String> flavorIds = new ConcurrentHashMap<>();

  DedicatedProvider(HuaweiCloudConfig config, DedicatedElbApi elb, EipApi eip, VpcApi vpc) {
    this.config = config;
    this.elb = elb;
    this.eip = eip;
    this.vpc = vpc;
  }

  /** A load balancer as observed, with what the planner's view leaves out. */
  private record Observation(
      DedicatedElbApi.LoadBalancer raw, ObservedLoadBalancer lb, Map<String, DedicatedElbApi.Listener> listeners) {

    boolean active() {
      return raw.provisioningStatus() == null || "ACTIVE".equals(raw.provisioningStatus());
    }
  }

  // ---------------------------------------------------------------- entry points

  LoadBalancerResult ensure(LoadBalancerSpec spec) {
    DedicatedMapping.validate(spec);
    HuaweiCloudProvider.requireSubnet(spec, config);
    HuaweiCloudProvider.checkSubnetVpc(spec, config, vpc);
    OwnerMarker marker = OwnerMarker.of(spec.key());
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Optional<Observation> observed = observe(spec, marker, true);
      observed.ifPresent(o -> checkPassThroughAgreement(spec, marker, o));
      Optional<ObservedLoadBalancer> lb = observed.map(Observation::lb);
      Plan plan = Planner.plan(spec, lb);
      Applier applier = new Applier(spec, marker, observed);
      List<Runnable> extras = extras(spec, marker, observed, plan, applier);
      if (plan.isEmpty() && extras.isEmpty()) {
        Observation o = observed.orElseThrow();
        return result(spec, o.raw(), o.lb().eip(), marker);
      }
      requireActive(observed, "ensure " + spec.key().namespacedName());
      try {
        extras.forEach(Runnable::run);
        applier.apply(plan, false);
      } catch (SharedApplier.Replan stale) {
        continue;
      }
      String id = Objects.requireNonNull(applier.loadBalancerId, "an ensure plan keeps its load balancer");
      DedicatedElbApi.LoadBalancer raw = applier.createdRaw != null ? applier.createdRaw : observed.orElseThrow().raw();
      return result(spec, raw, applier.bound, marker);
    }
    throw notConverged("ensure", spec.key());
  }

  void updateBackends(LoadBalancerSpec spec) {
    OwnerMarker marker = OwnerMarker.of(spec.key());
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Optional<Observation> observed = observe(spec, marker, false);
      if (observed.isEmpty()) {
        throw new RetryLaterException(
            "update backends of " + spec.key().namespacedName()
                + ": no load balancer exists yet; the next ensure creates it",
            NOT_ACTIVE_RETRY);
      }
      Plan plan = Planner.planMembers(spec, observed.get().lb());
      if (plan.isEmpty()) {
        return;
      }
      requireActive(observed, "update backends of " + spec.key().namespacedName());
      try {
        Applier applier = new Applier(spec, marker, observed);
        if (spec.backendMode() == BackendMode.PODS && !observed.get().raw().ipTargetEnable()) {
          elb.enableIpTargets(observed.get().raw().id());
        }
        applier.apply(plan, false);
        return;
      } catch (SharedApplier.Replan stale) {
        // Observe again.
      }
    }
    throw notConverged("update backends", spec.key());
  }

  /** Removes what the Service owns on dedicated load balancers; returns false when nothing was found. */
  boolean delete(ServiceKey key, LoadBalancerHints hints) {
    OwnerMarker marker = OwnerMarker.of(key);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<DedicatedElbApi.LoadBalancer> found = forDelete(marker, hints);
      try {
        for (DedicatedElbApi.LoadBalancer lb : found) {
          Observation o = tree(lb, marker, null, false, true);
          Plan plan = Planner.planDelete(key, Optional.of(o.lb()));
          if (!plan.isEmpty()) {
            requireActive(Optional.of(o), "delete " + key.namespacedName());
            new Applier(null, marker, Optional.of(o)).apply(plan, true);
          }
        }
      } catch (SharedApplier.Replan stale) {
        continue;
      }
      boolean groups = false;
      for (DedicatedElbApi.IpGroup g : ownGroups(marker)) {
        groups = true;
        try {
          elb.deleteIpGroup(g.id());
        } catch (CloudApiException e) {
          if (!ErrorClassifier.isNotFound(e)) {
            throw e;
          }
        }
      }
      return !found.isEmpty() || groups;
    }
    throw notConverged("delete", key);
  }

  Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    return forDelete(OwnerMarker.of(key), hints).stream().findFirst().flatMap(lb -> {
      String address = lb.publicIps().stream().map(DedicatedElbApi.BoundIp::address).filter(Objects::nonNull)
          .findFirst().orElse(lb.vipAddress());
      return Optional.ofNullable(address)
          .map(a -> new LoadBalancerStatus(List.of(Ingress.ip(a, io.github.lbkit.api.IpMode.VIP)), lb.id()));
    });
  }

  // ---------------------------------------------------------------- observe

  private Optional<Observation> observe(LoadBalancerSpec spec, OwnerMarker marker, boolean full) {
    Optional<DedicatedElbApi.LoadBalancer> lb;
    if (spec.attachment() instanceof Attachment.Existing existing) {
      lb = elb.showLoadBalancer(existing.loadBalancerId());
      if (lb.isEmpty()) {
        throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
            LoadBalancerHints.ELB_ID, existing.loadBalancerId(),
            "ensure: no dedicated load balancer with this id exists in the project; create it first or correct "
                + "the id")));
      }
    } else {
      lb = oldest(elb.listLoadBalancersByDescription(marker.value()), marker);
      String hinted = spec.hints().loadBalancerId();
      if (lb.isEmpty() && hinted != null && !spec.hints().attached()) {
        lb = elb.showLoadBalancer(hinted).filter(l -> OwnerMarker.parse(l.description()).isPresent());
      }
    }
    return lb.map(l -> tree(l, marker, spec, full, false));
  }

  static Optional<DedicatedElbApi.LoadBalancer> oldest(List<DedicatedElbApi.LoadBalancer> found, OwnerMarker marker) {
    return found.stream()
        .filter(lb -> marker.matches(lb.description()))
        .min(Comparator.comparing((DedicatedElbApi.LoadBalancer lb) -> String.valueOf(lb.createdAt()))
            .thenComparing(DedicatedElbApi.LoadBalancer::id));
  }

  private List<DedicatedElbApi.LoadBalancer> forDelete(OwnerMarker marker, LoadBalancerHints hints) {
    List<DedicatedElbApi.LoadBalancer> marked = elb.listLoadBalancersByDescription(marker.value()).stream()
        .filter(lb -> marker.matches(lb.description()))
        .sorted(Comparator.comparing((DedicatedElbApi.LoadBalancer lb) -> String.valueOf(lb.createdAt()))
            .thenComparing(DedicatedElbApi.LoadBalancer::id))
        .toList();
    if (!marked.isEmpty()) {
      return marked;
    }
    {
      for (DedicatedElbApi.Listener l : elb.listListenersByDescription(DedicatedMapping.listenerDescriptions(marker))) {
        if (marker.matches(l.description()) && !l.loadBalancerIds().isEmpty()) {
          String hinted = hints.loadBalancerId();
          String id = hinted != null && l.loadBalancerIds().contains(hinted) ? hinted : l.loadBalancerIds().get(0);
          Optional<DedicatedElbApi.LoadBalancer> lb = elb.showLoadBalancer(id);
          if (lb.isPresent()) {
            return List.of(lb.get());
          }
        }
      }
    }
    return List.of();
  }

  private Observation tree(
      DedicatedElbApi.LoadBalancer lb, OwnerMarker marker, @Nullable LoadBalancerSpec spec, boolean full,
      boolean deleting) {
    List<DedicatedElbApi.Listener> listeners = lb.listenerIds().isEmpty() ? List.of() : elb.listListeners(lb.id());
    boolean anyPoolOfOurs =
        listeners.stream().anyMatch(l -> marker.matches(l.description()) && l.defaultPoolId() != null);
    Map<String, DedicatedElbApi.PoolStatus> statuses = new HashMap<>();
    Map<String, DedicatedElbApi.Pool> pools = new HashMap<>();
    Map<String, DedicatedElbApi.HealthMonitor> monitors = new HashMap<>();
    if (anyPoolOfOurs) {
      statuses.putAll(elb.poolStatuses(lb.id()));
      if (full) {
        for (DedicatedElbApi.Pool p : elb.listPools(lb.id())) {
          pools.put(p.id(), p);
        }
        List<String> ids = new ArrayList<>();
        for (DedicatedElbApi.Listener l : listeners) {
          DedicatedElbApi.Pool p = l.defaultPoolId() == null ? null : pools.get(l.defaultPoolId());
          if (marker.matches(l.description()) && p != null && p.healthMonitorId() != null) {
            ids.add(p.healthMonitorId());
          }
        }
        for (DedicatedElbApi.HealthMonitor m : elb.listHealthMonitors(ids)) {
          monitors.put(m.id(), m);
        }
      }
    }
    List<ObservedListener> observed = new ArrayList<>();
    Map<String, DedicatedElbApi.Listener> byId = new LinkedHashMap<>();
    for (DedicatedElbApi.Listener l : listeners) {
      Protocol protocol = SharedMapping.protocolOf(l.protocol());
      if (protocol == null || l.port() == null) {
        continue;
      }
      byId.put(l.id(), l);
      ListenerSpec desired = spec == null ? null : spec.listeners().stream()
          .filter(x -> x.protocol() == protocol && x.port() == l.port()).findFirst().orElse(null);
      ObservedPool pool = null;
      if (l.defaultPoolId() != null && marker.matches(l.description())) {
        DedicatedElbApi.PoolStatus st = statuses.get(l.defaultPoolId());
        List<ObservedMember> members = new ArrayList<>();
        if (st != null) {
          for (DedicatedElbApi.MemberStatus m : st.members()) {
            if (m.address() != null && m.port() != null) {
              members.add(new ObservedMember(m.id(), m.address(), m.port()));
            }
          }
        }
        if (full) {
          DedicatedElbApi.Pool p = pools.get(l.defaultPoolId());
          if (p != null) {
            DedicatedElbApi.HealthMonitor m = p.healthMonitorId() == null ? null : monitors.get(p.healthMonitorId());
            pool = new ObservedPool(p.id(), SharedMapping.algorithmOf(p.lbAlgorithm()),
                DedicatedMapping.persistenceOf(p.persistenceType(), p.persistenceTimeout()),
                m == null ? null : new ObservedMonitor(m.id(),
                    DedicatedMapping.healthCheckOf(m.settings(), desired == null ? null : desired.healthCheck())),
                members);
          }
        } else if (st != null) {
          pool = new ObservedPool(st.id(), Algorithm.ROUND_ROBIN, null,
              st.healthMonitorId() == null ? null : new ObservedMonitor(st.healthMonitorId(),
                  new HealthCheck(HealthCheck.Type.TCP, 1, 1, 1, null, null, null, null)),
              members);
        }
      }
      observed.add(new ObservedListener(l.id(), protocol, l.port(), l.description(),
          DedicatedMapping.optionsOf(l.settings()), pool));
    }
    ObservedEip bound = null;
    if (!lb.publicIps().isEmpty()) {
      DedicatedElbApi.BoundIp ip = lb.publicIps().get(0);
      bound = new ObservedEip(ip.id(), ip.address() == null ? "" : ip.address(), eipOwner(lb, ip, marker, spec,
          deleting));
    }
    ObservedLoadBalancer o = new ObservedLoadBalancer(lb.id(), lb.name() == null ? "" : lb.name(),
        SharedObserver.emptyToNull(lb.description()), lb.vipAddress(), lb.vipPortId(), bound, observed,
        bound == null && !deleting && full && publicAuto(spec) ? detachedEips(marker) : List.of());
    return new Observation(lb, o, byId);
  }

  /**
   * An interrupted create, a failed bind or a hand-made unbind may have left an unbound EIP of the Service's to
   * reuse (marked in the alias when lbkit created it apart, in the description when it came with the load
   * balancer): looked for only for a public auto-created load balancer without a bound EIP, so that a converged
   * Service pays nothing for it.
   */
  private List<ObservedEip> detachedEips(OwnerMarker marker) {
    return SharedObserver.unboundOwned(eip, marker).stream()
        .map(e -> new ObservedEip(e.id(), e.address() == null ? "" : e.address(), marker.value()))
        .toList();
  }

  private static boolean publicAuto(@Nullable LoadBalancerSpec spec) {
    return spec != null && spec.customEipId() == null
        && spec.attachment() instanceof Attachment.AutoCreate a && a.type() == Attachment.AddressType.PUBLIC;
  }

  /**
   * Tells whose the bound EIP is. While ensuring, an EIP on a load balancer the Service created for a public
   * address is the one created with it, unless it is the user's; on delete (or when in doubt) the EIP's own
   * record decides, one read.
   */
  private @Nullable String eipOwner(DedicatedElbApi.LoadBalancer lb, DedicatedElbApi.BoundIp ip, OwnerMarker marker,
      @Nullable LoadBalancerSpec spec, boolean deleting) {
    if (!marker.matches(lb.description())) {
      return null;
    }
    if (spec != null) {
      if (ip.id().equals(spec.customEipId())) {
        return null;
      }
      if (spec.customEipId() == null && spec.attachment() instanceof Attachment.AutoCreate a
          && a.type() == Attachment.AddressType.PUBLIC) {
        return marker.value();
      }
    }
    if (!deleting && spec != null && spec.customEipId() == null) {
      return null;
    }
    // An EIP created with the load balancer keeps the publicip description; one lbkit created apart, its alias.
    return eip.describe(ip.id()).map(t -> {
      String fromDescription = SharedMapping.eipOwner(t.description(), marker);
      return marker.matches(fromDescription) ? fromDescription : SharedMapping.eipOwner(t.alias(), marker);
    }).orElse(null);
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

  private List<DedicatedElbApi.IpGroup> ownGroups(OwnerMarker marker) {
    return elb.listIpGroupsByDescription(marker.value()).stream()
        .filter(g -> marker.matches(g.description())).toList();
  }

  /**
   * Returns the writes that go beside the plan: the Service's source-range IP group (created or updated before
   * the plan, so that new listeners are created with it), IP targets for pod members on an existing load
   * balancer, and the access control and pass-through record of listeners the plan keeps. Sets the access control
   * new listeners are created with on the applier.
   */
  private List<Runnable> extras(
      LoadBalancerSpec spec, OwnerMarker marker, Optional<Observation> observed, Plan plan, Applier applier) {
    List<Runnable> out = new ArrayList<>();
    AclSpec acl = spec.acl();
    boolean anyGroupOnOurs = observed.map(o -> o.listeners().values().stream()
        .anyMatch(l -> marker.matches(l.description()) && l.settings().ipGroup() != null)).orElse(false);
    boolean ranges = acl == null && !spec.sourceRanges().isEmpty();
    DedicatedElbApi.IpGroup own = null;
    if (ranges || (acl == null && anyGroupOnOurs)) {
      own = ownGroups(marker).stream().findFirst().orElse(null);
    }
    String[] ownId = {own == null ? null : own.id()};
    if (ranges) {
      List<String> wanted = List.copyOf(new LinkedHashSet<>(spec.sourceRanges()));
      if (own == null) {
        out.add(() -> ownId[0] = elb.createIpGroup("lbkit-" + spec.key().name(), marker.value(), wanted,
            spec.enterpriseProjectId()).id());
      } else if (!Set.copyOf(own.ips()).equals(Set.copyOf(wanted))) {
        String id = own.id();
        out.add(() -> elb.updateIpGroup(id, wanted));
      }
    }
    applier.ipGroup = () -> desiredGroup(spec, null, ownId[0]);
    if (observed.isPresent()) {
      Observation o = observed.get();
      if (spec.backendMode() == BackendMode.PODS && !o.raw().ipTargetEnable()) {
        out.add(() -> elb.enableIpTargets(o.raw().id()));
      }
      Set<String> deleted = new java.util.HashSet<>();
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

  // ---------------------------------------------------------------- apply

  /** Applies one plan to the v3 API, remembering the ids creates return. */
  private final class Applier {
    private final @Nullable LoadBalancerSpec spec;
    private final OwnerMarker marker;
    private final Map<String, String> listenerIds = new HashMap<>();
    private final Map<String, String> poolIds = new HashMap<>();
    private final List<String> deferredEipDeletes = new ArrayList<>();
    private final Set<String> ownDetached = new java.util.HashSet<>();
    private final Supplier<String> neutronSubnet;
    private final Map<String, String> memberSubnets;
    private Supplier<DedicatedElbApi.@Nullable ListenerIpGroup> ipGroup = () -> null;
    private @Nullable String loadBalancerId;
    private @Nullable String vipPortId;
    private DedicatedElbApi.@Nullable LoadBalancer createdRaw;
    private @Nullable ObservedEip bound;
    private @Nullable String createdEip;
    private boolean deletesLoadBalancer;

    Applier(@Nullable LoadBalancerSpec spec, OwnerMarker marker, Optional<Observation> observed) {
      this.spec = spec;
      this.marker = marker;
      this.neutronSubnet = memoized(() -> neutronSubnet(Objects.requireNonNull(spec, "spec")));
      this.memberSubnets = spec == null ? Map.of() : MemberSubnets.place(spec, config, vpc);
      observed.ifPresent(o -> {
        loadBalancerId = o.lb().id();
        vipPortId = o.lb().vipPortId();
        bound = o.lb().eip();
        o.lb().detachedEips().stream().filter(e -> marker.matches(e.owner())).forEach(e -> ownDetached.add(e.id()));
        for (ObservedListener l : o.lb().listenersOf(marker)) {
          listenerIds.putIfAbsent(l.key(), l.id());
          if (l.pool() != null) {
            poolIds.putIfAbsent(l.key(), l.pool().id());
          }
        }
      });
    }

    void apply(Plan plan, boolean deleting) {
      deletesLoadBalancer = plan.operations().stream().anyMatch(op -> op instanceof Operation.DeleteLoadBalancer);
      for (Operation op : plan.operations()) {
        try {
          applyOne(op);
        } catch (CloudApiException e) {
          Outcome outcome = ErrorClassifier.outcome(e, SharedApplier.creates(op));
          if (outcome == Outcome.VANISHED && (deleting || SharedApplier.removes(op))) {
            continue; // Not found on a removal is success: it is gone, which is what was wanted.
          }
          if (outcome == Outcome.FAIL) {
            throw e;
          }
          // Vanished, conflicting, or a create whose answer was lost: observe again, never re-send blindly.
          dropUnboundCreatedEip();
          throw new SharedApplier.Replan(e.getMessage(), e);
        }
      }
    }

    /** Deletes the EIP this plan created but could not bind, before the caller observes and plans again. */
    private void dropUnboundCreatedEip() {
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

    private void applyOne(Operation op) {
      if (op instanceof Operation.CreateLoadBalancer c) {
        createLoadBalancer(c);
      } else if (op instanceof Operation.CreateEip c) {
        if (bound == null) {
          Attachment.Bandwidth bw = c.bandwidth();
          createdEip = eip.createPublicIp(new EipApi.NewPublicIp(c.eipType(), bw.name(), bw.sizeMbit(),
              SharedMapping.chargeMode(bw.chargeMode()), SharedMapping.eipAlias(c.owner()),
              spec == null ? null : spec.enterpriseProjectId())).id();
        }
      } else if (op instanceof Operation.BindEip b) {
        bindEip(b);
      } else if (op instanceof Operation.UnbindEip u) {
        // A dedicated load balancer's EIP goes with it; unbind only when the load balancer stays.
        if (!deletesLoadBalancer) {
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
            name(c.key()), marker.value(), DedicatedMapping.poolProtocol(c.protocol()),
            c.settings().algorithm().name(), sp == null ? null : sp.type().name(),
            sp == null ? null : sp.timeoutMinutes()).id());
      } else if (op instanceof Operation.UpdatePool u) {
        SessionPersistence sp = u.settings().sessionPersistence();
        elb.updatePool(u.poolId(), u.settings().algorithm().name(), sp == null ? null : sp.type().name(),
            sp == null ? null : sp.timeoutMinutes());
      } else if (op instanceof Operation.DeletePool d) {
        elb.deletePool(d.poolId());
      } else if (op instanceof Operation.CreateMonitor c) {
        elb.createHealthMonitor(require(poolIds.get(c.key()), "pool of " + c.key()), name(c.key()),
            DedicatedMapping.monitor(c.settings()));
      } else if (op instanceof Operation.UpdateMonitor u) {
        elb.updateHealthMonitor(u.monitorId(), name(u.key()), DedicatedMapping.monitor(u.settings()));
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
        loadBalancerId = null;
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
      String vipSubnet = a.vipSubnetCidrId() != null ? a.vipSubnetCidrId()
          : a.ipv6VipVirsubnetId() != null && vpcSubnet == null ? null : neutronSubnet.get();
      List<String> backendNets = !a.elbVirsubnetIds().isEmpty() ? a.elbVirsubnetIds()
          : vpcSubnet == null ? List.of() : List.of(vpcSubnet);
      DedicatedElbApi.InlinePublicIp inline = null;
      if (s.customEipId() == null && a.type() == Attachment.AddressType.PUBLIC) {
        Attachment.Bandwidth bw = Objects.requireNonNull(a.bandwidth(), "bandwidth");
        inline = new DedicatedElbApi.InlinePublicIp(Objects.requireNonNull(a.eipType(), "eipType"), bw.name(),
            bw.sizeMbit(), SharedMapping.chargeMode(bw.chargeMode()), bw.shareType().name(),
            SharedMapping.eipAlias(c.owner()));
      }
      Map<String, String> tags = new LinkedHashMap<>(c.tags());
      tags.put(DedicatedMapping.OWNER_TAG, SharedMapping.eipAlias(c.owner()));
      DedicatedElbApi.LoadBalancer lb = elb.createLoadBalancer(new DedicatedElbApi.NewLoadBalancer(
          c.name(), c.owner(), a.availabilityZones(), vipSubnet, backendNets, a.ipv6VipVirsubnetId(),
          a.vipAddress(), flavorId(a.l4FlavorName(), s.key()), flavorId(a.l7FlavorName(), s.key()), inline,
          s.customEipId() == null ? List.of() : List.of(s.customEipId()),
          s.backendMode() == BackendMode.PODS, tags, c.enterpriseProjectId()));
      // Two controllers may both have found nothing and created one each: the oldest carrying the marker wins;
      // the others delete their own (still empty) load balancer, with the EIP created with it, and plan again.
      Optional<DedicatedElbApi.LoadBalancer> winner = oldest(elb.listLoadBalancersByDescription(c.owner()), marker);
      if (winner.isPresent() && !winner.get().id().equals(lb.id())) {
        elb.deleteLoadBalancer(lb.id());
        if (inline != null) {
          for (DedicatedElbApi.BoundIp ip : lb.publicIps()) {
            eip.deletePublicIp(ip.id());
          }
        }
        throw new SharedApplier.Replan("load balancer " + winner.get().id() + " was created first", null);
      }
      loadBalancerId = lb.id();
      vipPortId = lb.vipPortId();
      createdRaw = lb;
      if (!lb.publicIps().isEmpty()) {
        DedicatedElbApi.BoundIp ip = lb.publicIps().get(0);
        bound = new ObservedEip(ip.id(), ip.address() == null ? "" : ip.address(),
            inline != null ? c.owner() : null);
      }
      if (lb.provisioningStatus() != null && !"ACTIVE".equals(lb.provisioningStatus())) {
        throw new RetryLaterException(
            "ensure " + s.key().namespacedName() + ": load balancer " + lb.id() + " is " + lb.provisioningStatus()
                + " after creation; the next ensure continues once it is ACTIVE",
            NOT_ACTIVE_RETRY);
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

    private String lb() {
      return require(loadBalancerId, "the load balancer");
    }

    private String require(@Nullable String id, String what) {
      if (id == null) {
        throw new IllegalStateException("apply plan: " + what
            + " is neither observed nor created earlier in the plan; this is a planner bug");
      }
      return id;
    }
  }

  private static Protocol protocolOfKey(String key) {
    return Protocol.valueOf(key.substring(0, key.indexOf(':')));
  }

  private static String name(String key) {
    return "lbkit-" + key.replace(':', '-').toLowerCase(Locale.ROOT);
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

  private String neutronSubnet(LoadBalancerSpec spec) {
    String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
    if (vpcSubnet == null) {
      throw HuaweiCloudProvider.noSubnet(spec);
    }
    return vpc.neutronSubnetId(vpcSubnet);
  }

  private static <T> Supplier<T> memoized(Supplier<T> s) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          v = s.get();
          value = v;
        }
        return v;
      }
    };
  }

  private static void requireActive(Optional<Observation> observed, String what) {
    if (observed.isPresent() && !observed.get().active()) {
      throw new RetryLaterException(
          what + ": load balancer " + observed.get().raw().id() + " is " + observed.get().raw().provisioningStatus()
              + "; changes wait until it is ACTIVE again",
          NOT_ACTIVE_RETRY);
    }
  }

  private static LoadBalancerResult result(
      LoadBalancerSpec spec, DedicatedElbApi.LoadBalancer lb, @Nullable ObservedEip eip, OwnerMarker marker) {
    String address = eip != null && !eip.address().isEmpty() ? eip.address() : lb.vipAddress();
    if (address == null || address.isEmpty()) {
      throw new RetryLaterException(
          "ensure " + spec.key().namespacedName() + ": load balancer " + lb.id() + " has no address yet",
          NOT_ACTIVE_RETRY);
    }
    List<Ingress> ingress = new ArrayList<>();
    ingress.add(Ingress.ip(address, spec.passThrough().ipMode()));
    if (lb.ipv6VipAddress() != null) {
      ingress.add(Ingress.ip(lb.ipv6VipAddress(), spec.passThrough().ipMode()));
    }
    String ours = eip != null && marker.matches(eip.owner()) ? eip.id() : null;
    return new LoadBalancerResult(new LoadBalancerStatus(ingress, lb.id()), spec.writeBackAnnotations(lb.id(), ours),
        DedicatedMapping.warnings(spec));
  }

  private static RetryLaterException notConverged(String what, ServiceKey key) {
    return new RetryLaterException(
        what + " " + key.namespacedName() + ": the load balancer did not converge after " + MAX_ROUNDS
            + " rounds (someone else is changing it?); trying again later",
        Duration.ofSeconds(10));
  }
}
