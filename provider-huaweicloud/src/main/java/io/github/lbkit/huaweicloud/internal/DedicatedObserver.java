package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds a Service's dedicated load balancer and reads its tree with as few calls as the v3 API allows: the load
 * balancer by its description (the owner marker), its listeners, the pool statuses (members) in one read, its
 * pools and the health monitors of the Service's pools, and whose its public IP is.
 */
final class DedicatedObserver {

  /**
   * Where an observation reads from: the live API ({@link #live()}), or the index of one bulk observation
   * ({@link #bulk()}); one set of observation rules runs over either.
   */
  interface Source {
    /** A load balancer by id; empty when it does not exist. */
    Optional<DedicatedElbApi.LoadBalancer> loadBalancer(String id);

    /** The load balancers whose description is exactly the text. */
    List<DedicatedElbApi.LoadBalancer> loadBalancersByDescription(String description);

    /** The listeners of a load balancer. */
    List<DedicatedElbApi.Listener> listeners(String loadBalancerId);

    /** The pools of a load balancer with their members, by pool id (a bulk index may hold more). */
    Map<String, DedicatedElbApi.PoolStatus> poolStatuses(String loadBalancerId);

    /** The pools of a load balancer, by id (a bulk index may hold more). */
    Map<String, DedicatedElbApi.Pool> pools(String loadBalancerId);

    /** The health monitors with the given ids. */
    List<DedicatedElbApi.HealthMonitor> monitors(List<String> ids);

    /** The Service's unbound EIPs. */
    List<EipApi.PublicIp> unboundOwned(OwnerMarker marker);

    /** An EIP's own alias and description. */
    Optional<EipApi.Texts> describeEip(String id);

    /** The IP groups whose description is exactly the text. */
    List<DedicatedElbApi.IpGroup> ipGroupsByDescription(String description);
  }

  /** A load balancer as observed, with what the planner's view leaves out. */
  record Observation(
      DedicatedElbApi.LoadBalancer raw, ObservedLoadBalancer lb, Map<String, DedicatedElbApi.Listener> listeners) {}

  private final DedicatedElbApi elb;
  private final EipApi eip;
  private final Source live = new Live();

  DedicatedObserver(DedicatedElbApi elb, EipApi eip) {
    this.elb = elb;
    this.eip = eip;
  }

  /** The live API as a source. */
  Source live() {
    return live;
  }

  /**
   * Observes the load balancer an ensure or a member update works on: the one the Service names, or else the
   * oldest carrying its marker, or else the written-back id when that carries an lbkit marker.
   *
   * @param full whether to read what the full planner compares (pools, monitors, unbound EIPs)
   */
  Optional<Observation> observe(Source source, LoadBalancerSpec spec, OwnerMarker marker, boolean full) {
    Optional<DedicatedElbApi.LoadBalancer> lb = PeerRules.target(spec, "dedicated", source::loadBalancer,
        () -> owned(source, marker).stream().findFirst(), DedicatedElbApi.LoadBalancer::description);
    return lb.map(l -> tree(source, l, marker, spec, full, false));
  }

  /** Lists the load balancers carrying the marker, oldest first, from the live API (one read). */
  List<DedicatedElbApi.LoadBalancer> owned(OwnerMarker marker) {
    return owned(live, marker);
  }

  /**
   * Lists the load balancers carrying the marker, oldest first (ties broken by id), so that racing callers agree
   * on one winner (one read).
   */
  List<DedicatedElbApi.LoadBalancer> owned(Source source, OwnerMarker marker) {
    return source.loadBalancersByDescription(marker.value()).stream()
        .filter(lb -> marker.matches(lb.description()))
        .sorted(Comparator.comparing((DedicatedElbApi.LoadBalancer lb) -> String.valueOf(lb.createdAt()))
            .thenComparing(DedicatedElbApi.LoadBalancer::id))
        .toList();
  }

  /**
   * Finds whatever a Service owns from its key and hints alone: every load balancer carrying its marker (oldest
   * first), else the load balancer its listeners are on (one it attached to), preferring the hinted id.
   */
  List<DedicatedElbApi.LoadBalancer> forDelete(OwnerMarker marker, LoadBalancerHints hints) {
    List<DedicatedElbApi.LoadBalancer> marked = owned(marker);
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

  /** Reads the tree of a load balancer as the planner needs it; {@code spec} is null on delete. */
  Observation tree(
      Source source, DedicatedElbApi.LoadBalancer lb, OwnerMarker marker, @Nullable LoadBalancerSpec spec, boolean full,
      boolean deleting) {
    return tree(source, lb, marker, spec, full, deleting, marker::matches);
  }

  /**
   * Reads the full tree of a load balancer to adopt: the pools of every listener (none carries the Service's
   * marker yet), the EIP bound to it.
   */
  Observation adoptionTree(DedicatedElbApi.LoadBalancer lb, OwnerMarker marker, LoadBalancerSpec spec) {
    return tree(live(), lb, marker, spec, true, false, description -> true);
  }

  private Observation tree(
      Source source, DedicatedElbApi.LoadBalancer lb, OwnerMarker marker, @Nullable LoadBalancerSpec spec, boolean full,
      boolean deleting, java.util.function.Predicate<@Nullable String> ours) {
    List<DedicatedElbApi.Listener> listeners = lb.listenerIds().isEmpty() ? List.of() : source.listeners(lb.id());
    boolean anyPoolOfOurs =
        listeners.stream().anyMatch(l -> ours.test(l.description()) && l.defaultPoolId() != null);
    Map<String, DedicatedElbApi.PoolStatus> statuses = Map.of();
    Map<String, DedicatedElbApi.Pool> pools = Map.of();
    Map<String, DedicatedElbApi.HealthMonitor> monitors = new HashMap<>();
    if (anyPoolOfOurs) {
      statuses = source.poolStatuses(lb.id());
      if (full) {
        pools = source.pools(lb.id());
        List<String> ids = new ArrayList<>();
        for (DedicatedElbApi.Listener l : listeners) {
          DedicatedElbApi.Pool p = l.defaultPoolId() == null ? null : pools.get(l.defaultPoolId());
          if (ours.test(l.description()) && p != null && p.healthMonitorId() != null) {
            ids.add(p.healthMonitorId());
          }
        }
        for (DedicatedElbApi.HealthMonitor m : source.monitors(ids)) {
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
      if (l.defaultPoolId() != null && ours.test(l.description())) {
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
      bound = new ObservedEip(ip.id(), ip.address() == null ? "" : ip.address(), eipOwner(source, lb, ip, marker,
          spec, deleting));
    }
    ObservedLoadBalancer o = new ObservedLoadBalancer(lb.id(), lb.name() == null ? "" : lb.name(),
        SharedObserver.emptyToNull(lb.description()), lb.vipAddress(), bound, observed,
        bound == null && !deleting && full && publicAuto(spec) ? detachedEips(source, marker) : List.of());
    return new Observation(lb, o, byId);
  }

  /**
   * An interrupted create, a failed bind or a hand-made unbind may have left an unbound EIP of the Service's to
   * reuse (marked in the alias when lbkit created it apart, in the description when it came with the load
   * balancer): looked for only for a public auto-created load balancer without a bound EIP, so that a converged
   * Service pays nothing for it.
   */
  private static List<ObservedEip> detachedEips(Source source, OwnerMarker marker) {
    return source.unboundOwned(marker).stream()
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
  private static @Nullable String eipOwner(Source source, DedicatedElbApi.LoadBalancer lb, DedicatedElbApi.BoundIp ip, OwnerMarker marker,
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
    return source.describeEip(ip.id()).map(t -> {
      String fromDescription = SharedMapping.eipOwner(t.description(), marker);
      return marker.matches(fromDescription) ? fromDescription : SharedMapping.eipOwner(t.alias(), marker);
    }).orElse(null);
  }

  // ---------------------------------------------------------------- sources

  /** The live API. */
  private final class Live implements Source {

    @Override
    public Optional<DedicatedElbApi.LoadBalancer> loadBalancer(String id) {
      return elb.showLoadBalancer(id);
    }

    @Override
    public List<DedicatedElbApi.LoadBalancer> loadBalancersByDescription(String description) {
      return elb.listLoadBalancersByDescription(description);
    }

    @Override
    public List<DedicatedElbApi.Listener> listeners(String loadBalancerId) {
      return elb.listListeners(loadBalancerId);
    }

    @Override
    public Map<String, DedicatedElbApi.PoolStatus> poolStatuses(String loadBalancerId) {
      return elb.poolStatuses(loadBalancerId);
    }

    @Override
    public Map<String, DedicatedElbApi.Pool> pools(String loadBalancerId) {
      Map<String, DedicatedElbApi.Pool> pools = new HashMap<>();
      for (DedicatedElbApi.Pool p : elb.listPools(loadBalancerId)) {
        pools.put(p.id(), p);
      }
      return pools;
    }

    @Override
    public List<DedicatedElbApi.HealthMonitor> monitors(List<String> ids) {
      return elb.listHealthMonitors(ids);
    }

    @Override
    public List<EipApi.PublicIp> unboundOwned(OwnerMarker marker) {
      return SharedObserver.unboundOwned(eip, marker);
    }

    @Override
    public Optional<EipApi.Texts> describeEip(String id) {
      return eip.describe(id);
    }

    @Override
    public List<DedicatedElbApi.IpGroup> ipGroupsByDescription(String description) {
      return elb.listIpGroupsByDescription(description);
    }
  }

  /**
   * Reads the project-wide lists (load balancers, listeners, pools, members through the project-wide member list
   * {@code GET /v3/{project_id}/elb/members} of reference B.2, health monitors, IP groups: a few paged reads) into an
   * index that observes any Service without another call.
   */
  Source bulk() {
    return new Bulk(elb.listAllLoadBalancers(), elb.listAllListeners(), elb.listAllPools(), elb.listAllMembers(),
        elb.listAllHealthMonitors(), elb.listAllIpGroups());
  }

  /** The index of one bulk observation; answers from memory only. */
  private static final class Bulk implements Source {
    private final Map<String, DedicatedElbApi.LoadBalancer> loadBalancers = new HashMap<>();
    private final Map<String, List<DedicatedElbApi.LoadBalancer>> byDescription = new HashMap<>();
    private final Map<String, List<DedicatedElbApi.Listener>> listenersByLb = new HashMap<>();
    private final Map<String, DedicatedElbApi.Pool> pools = new HashMap<>();
    private final Map<String, DedicatedElbApi.PoolStatus> statuses = new HashMap<>();
    private final Map<String, DedicatedElbApi.HealthMonitor> monitors = new HashMap<>();
    private final Map<String, List<DedicatedElbApi.IpGroup>> groupsByDescription = new HashMap<>();

    Bulk(List<DedicatedElbApi.LoadBalancer> lbs, List<DedicatedElbApi.Listener> listeners,
        List<DedicatedElbApi.Pool> pools, List<DedicatedElbApi.ListedMember> members,
        List<DedicatedElbApi.HealthMonitor> monitors, List<DedicatedElbApi.IpGroup> groups) {
      for (DedicatedElbApi.LoadBalancer lb : lbs) {
        loadBalancers.put(lb.id(), lb);
        byDescription.computeIfAbsent(String.valueOf(lb.description()), d -> new ArrayList<>()).add(lb);
      }
      for (DedicatedElbApi.Listener l : listeners) {
        for (String lb : l.loadBalancerIds()) {
          listenersByLb.computeIfAbsent(lb, x -> new ArrayList<>()).add(l);
        }
      }
      Map<String, List<DedicatedElbApi.MemberStatus>> byPool = new HashMap<>();
      for (DedicatedElbApi.ListedMember m : members) {
        byPool.computeIfAbsent(m.poolId(), x -> new ArrayList<>())
            .add(new DedicatedElbApi.MemberStatus(m.id(), m.address(), m.port()));
      }
      for (DedicatedElbApi.Pool p : pools) {
        this.pools.put(p.id(), p);
        statuses.put(p.id(), new DedicatedElbApi.PoolStatus(p.id(), p.healthMonitorId(),
            byPool.getOrDefault(p.id(), List.of())));
      }
      for (DedicatedElbApi.HealthMonitor m : monitors) {
        this.monitors.put(m.id(), m);
      }
      for (DedicatedElbApi.IpGroup g : groups) {
        groupsByDescription.computeIfAbsent(String.valueOf(g.description()), d -> new ArrayList<>()).add(g);
      }
    }

    @Override
    public Optional<DedicatedElbApi.LoadBalancer> loadBalancer(String id) {
      return Optional.ofNullable(loadBalancers.get(id));
    }

    @Override
    public List<DedicatedElbApi.LoadBalancer> loadBalancersByDescription(String description) {
      return byDescription.getOrDefault(description, List.of());
    }

    @Override
    public List<DedicatedElbApi.Listener> listeners(String loadBalancerId) {
      return listenersByLb.getOrDefault(loadBalancerId, List.of());
    }

    @Override
    public Map<String, DedicatedElbApi.PoolStatus> poolStatuses(String loadBalancerId) {
      return statuses;
    }

    @Override
    public Map<String, DedicatedElbApi.Pool> pools(String loadBalancerId) {
      return pools;
    }

    @Override
    public List<DedicatedElbApi.HealthMonitor> monitors(List<String> ids) {
      return ids.stream().map(monitors::get).filter(m -> m != null).toList();
    }

    /** Only asked for a load balancer without a bound EIP, which the plan binds anyway. */
    @Override
    public List<EipApi.PublicIp> unboundOwned(OwnerMarker marker) {
      throw new CannotTell("the Service's unbound EIPs are not in the bulk observation");
    }

    @Override
    public Optional<EipApi.Texts> describeEip(String id) {
      throw new CannotTell("EIP " + id + "'s own record is not in the bulk observation");
    }

    @Override
    public List<DedicatedElbApi.IpGroup> ipGroupsByDescription(String description) {
      return groupsByDescription.getOrDefault(description, List.of());
    }
  }
}
