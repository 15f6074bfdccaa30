package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
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
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Finds a Service's shared load balancer and reads its tree with as few calls as the v2 API allows: the load
 * balancer by its description (the owner marker), its listeners, its pools, the status tree for every pool's
 * members in one read, the health monitors of the Service's pools, and the EIP bound to the VIP port.
 *
 * <p>One set of observation rules reads from either {@link Source}: the live API ({@link #live()}), or a
 * {@link Bulk} index of the project-wide lists, which answers for many Services at once. v2 has no project-wide
 * member list, but pools list their member ids, and a member's address and port never change after creation:
 * {@link SharedElbApi#memberEndpoint} remembers them from every live observation and every member created, and the
 * bulk index rebuilds a pool's members from its ids through it.
 */
final class SharedObserver {

  /** Where an observation reads from: the live API, or the index of one bulk observation. */
  interface Source {
    /** A load balancer by id; empty when it does not exist. */
    Optional<SharedElbApi.LoadBalancer> loadBalancer(String id);

    /** The load balancers whose description is exactly the text. */
    List<SharedElbApi.LoadBalancer> loadBalancersByDescription(String description);

    /** The listeners of a load balancer. */
    List<SharedElbApi.Listener> listeners(String loadBalancerId);

    /** The pools of a load balancer with their members, looked up by pool id (null when not there). */
    Function<String, SharedElbApi.@Nullable PoolStatus> poolStatuses(String loadBalancerId);

    /** The pools of a load balancer by id (a bulk index may hold more; only ids of the load balancer are asked). */
    Map<String, SharedElbApi.Pool> pools(String loadBalancerId);

    /** The health monitors with the given ids, by id. */
    Map<String, SharedElbApi.HealthMonitor> monitors(List<String> ids);

    /** The EIPs bound to a port. */
    List<EipApi.PublicIp> eipsByPort(String portId);

    /** Every EIP of the project. */
    List<EipApi.PublicIp> allEips();
  }

  /**
   * A load balancer as observed, with what the planner's view leaves out.
   *
   * @param lb the planner's view
   * @param provisioningStatus the load balancer's provisioning status, for example {@code ACTIVE}
   * @param vipPortId the port of the VIP, which an EIP binds to, or null when not yet known
   */
  record Observation(ObservedLoadBalancer lb, @Nullable String provisioningStatus, @Nullable String vipPortId) {

    boolean active() {
      return provisioningStatus == null || "ACTIVE".equals(provisioningStatus);
    }
  }

  /** When to list the project's EIPs for the Service's unbound ones (one more read). */
  enum DetachedEips {
    /** No EIP read at all: the address is not needed (member changes). */
    NONE,
    /** Never: only the EIP bound to the VIP port is read. */
    NEVER,
    /** Only when no EIP is bound to the VIP port: an interrupted create may have left one to reuse. */
    IF_UNBOUND,
    /** Always, instead of reading the bound EIP by port: the load balancer is about to be deleted. */
    ALWAYS
  }

  /** Stands for monitor settings not read, where only the monitor's id matters. */
  private static final HealthCheck PLACEHOLDER_CHECK =
      new HealthCheck(HealthCheck.Type.TCP, 1, 1, 1, null, null, null, null);

  private final SharedElbApi elb;
  private final EipApi eip;
  private final Source live = new Live();

  SharedObserver(SharedElbApi elb, EipApi eip) {
    this.elb = elb;
    this.eip = eip;
  }

  /** The live API as a source. */
  Source live() {
    return live;
  }

  // ---------------------------------------------------------------- find

  /** Returns the oldest load balancer carrying the marker in its description (one read). */
  Optional<SharedElbApi.LoadBalancer> byMarker(Source source, OwnerMarker marker) {
    return owned(source, marker).stream().findFirst();
  }

  /** Lists the load balancers carrying the marker, oldest first, from the live API (one read). */
  List<SharedElbApi.LoadBalancer> owned(OwnerMarker marker) {
    return owned(live, marker);
  }

  /**
   * Lists the load balancers carrying the marker, oldest first (ties broken by id), so that racing callers agree
   * on one winner (one read).
   */
  List<SharedElbApi.LoadBalancer> owned(Source source, OwnerMarker marker) {
    return source.loadBalancersByDescription(marker.value()).stream()
        .filter(lb -> marker.matches(lb.description()))
        .sorted(Comparator.comparing((SharedElbApi.LoadBalancer lb) -> String.valueOf(lb.createdAt()))
            .thenComparing(SharedElbApi.LoadBalancer::id))
        .toList();
  }

  /** Reads a load balancer by id (one read); empty when it does not exist. */
  Optional<SharedElbApi.LoadBalancer> byId(String id) {
    return elb.showLoadBalancer(id);
  }

  /**
   * Finds whatever a Service owns from its key and hints alone: every load balancer carrying its marker (oldest
   * first; more than one only after a create whose answer was lost), else the load balancer its listeners are on
   * (one it attached to), preferring the hinted id.
   */
  List<SharedElbApi.LoadBalancer> forDelete(OwnerMarker marker, LoadBalancerHints hints) {
    List<SharedElbApi.LoadBalancer> marked = owned(marker);
    if (!marked.isEmpty()) {
      return marked;
    }
    List<SharedElbApi.Listener> ours = elb.listListenersByDescription(marker.value());
    for (SharedElbApi.Listener l : ours) {
      if (marker.matches(l.description()) && !l.loadBalancerIds().isEmpty()) {
        String hinted = hints.loadBalancerId();
        String id = hinted != null && l.loadBalancerIds().contains(hinted) ? hinted : l.loadBalancerIds().get(0);
        Optional<SharedElbApi.LoadBalancer> lb = byId(id);
        if (lb.isPresent()) {
          return List.of(lb.get());
        }
      }
    }
    return List.of();
  }

  // ---------------------------------------------------------------- tree

  /** How much of the tree to read. */
  enum Depth {
    /** Everything the full planner compares: listeners, pools, members, monitors. */
    FULL,
    /**
     * Listeners and the status tree only: enough for member changes and for deletes, which need ids, not
     * settings. Pool algorithms and monitor settings are then placeholders.
     */
    IDS
  }

  /**
   * Reads the tree of a load balancer as the planner needs it.
   *
   * @param lb the load balancer
   * @param marker the Service's marker
   * @param spec the desired spec, for reporting what v2 cannot show as desired; null on delete
   * @param depth how much to read
   * @param eips how to read the EIPs
   */
  Observation tree(
      Source source,
      SharedElbApi.LoadBalancer lb,
      OwnerMarker marker,
      @Nullable LoadBalancerSpec spec,
      Depth depth,
      DetachedEips eips) {
    return tree(source, lb, marker, spec, depth, eips, marker::matches);
  }

  /**
   * Reads the full tree of a load balancer to adopt: the pools of every listener (none carries the Service's
   * marker yet), the EIP on its VIP port.
   */
  Observation adoptionTree(SharedElbApi.LoadBalancer lb, OwnerMarker marker, LoadBalancerSpec spec) {
    return tree(live, lb, marker, spec, Depth.FULL, DetachedEips.NEVER, description -> true);
  }

  private Observation tree(
      Source source,
      SharedElbApi.LoadBalancer lb,
      OwnerMarker marker,
      @Nullable LoadBalancerSpec spec,
      Depth depth,
      DetachedEips eips,
      java.util.function.Predicate<@Nullable String> ours) {
    List<SharedElbApi.Listener> listeners = lb.listenerIds().isEmpty() ? List.of() : source.listeners(lb.id());
    boolean anyPoolOfOurs =
        listeners.stream().anyMatch(l -> ours.test(l.description()) && l.defaultPoolId() != null);
    Function<String, SharedElbApi.@Nullable PoolStatus> statuses = id -> null;
    Map<String, SharedElbApi.Pool> pools = Map.of();
    Map<String, SharedElbApi.HealthMonitor> monitors = Map.of();
    if (anyPoolOfOurs) {
      statuses = source.poolStatuses(lb.id());
      if (depth == Depth.FULL) {
        pools = source.pools(lb.id());
        monitors = source.monitors(ourPools(listeners, pools, ours).stream()
            .map(SharedElbApi.Pool::healthMonitorId).filter(id -> id != null).toList());
      }
    }
    List<ObservedListener> observed = new ArrayList<>();
    for (SharedElbApi.Listener l : listeners) {
      Protocol protocol = SharedMapping.protocolOf(l.protocol());
      if (protocol == null || l.port() == null) {
        continue;
      }
      ListenerSpec desired = desiredListener(spec, protocol, l.port());
      ObservedPool pool = null;
      if (l.defaultPoolId() != null && ours.test(l.description())) {
        pool = depth == Depth.FULL
            ? fullPool(pools.get(l.defaultPoolId()), statuses, monitors, desired)
            : idsPool(statuses.apply(l.defaultPoolId()));
      }
      ListenerOptions desiredOptions = desired == null ? null : desired.options();
      observed.add(new ObservedListener(
          l.id(), protocol, l.port(), emptyToNull(l.description()), SharedMapping.optionsOf(l, desiredOptions), pool));
    }
    return withEips(source, lb, marker, observed, eips);
  }

  private static @Nullable ObservedPool fullPool(
      SharedElbApi.@Nullable Pool p,
      Function<String, SharedElbApi.@Nullable PoolStatus> statuses,
      Map<String, SharedElbApi.HealthMonitor> monitors,
      @Nullable ListenerSpec desired) {
    if (p == null) {
      return null;
    }
    SharedElbApi.HealthMonitor m = p.healthMonitorId() == null ? null : monitors.get(p.healthMonitorId());
    HealthCheck desiredCheck = desired == null ? null : desired.healthCheck();
    return new ObservedPool(
        p.id(),
        SharedMapping.algorithmOf(p.lbAlgorithm()),
        SharedMapping.persistenceOf(p.persistence()),
        m == null ? null : new ObservedMonitor(m.id(), SharedMapping.healthCheckOf(m, desiredCheck)),
        members(statuses.apply(p.id())));
  }

  private static @Nullable ObservedPool idsPool(SharedElbApi.@Nullable PoolStatus p) {
    if (p == null) {
      return null;
    }
    String monitor = p.healthMonitorId();
    return new ObservedPool(
        p.id(),
        Algorithm.ROUND_ROBIN,
        null,
        monitor == null ? null : new ObservedMonitor(monitor, PLACEHOLDER_CHECK),
        members(p));
  }

  private static List<ObservedMember> members(SharedElbApi.@Nullable PoolStatus p) {
    List<ObservedMember> ms = new ArrayList<>();
    if (p != null) {
      for (SharedElbApi.MemberStatus m : p.members()) {
        if (m.address() != null && m.port() != null) {
          ms.add(new ObservedMember(m.id(), m.address(), m.port()));
        }
      }
    }
    return ms;
  }

  private Observation withEips(
      Source source,
      SharedElbApi.LoadBalancer lb, OwnerMarker marker, List<ObservedListener> observed, DetachedEips detachedEips) {
    ObservedEip bound = null;
    List<ObservedEip> detached = new ArrayList<>();
    String port = lb.vipPortId();
    List<EipApi.PublicIp> eips =
        detachedEips == DetachedEips.ALWAYS || detachedEips == DetachedEips.NONE || port == null
            ? List.of()
            : source.eipsByPort(port);
    if (detachedEips == DetachedEips.ALWAYS
        || detachedEips == DetachedEips.IF_UNBOUND && eips.stream().noneMatch(e -> port.equals(e.portId()))) {
      eips = source.allEips();
    }
    for (EipApi.PublicIp e : eips) {
      if (e.address() == null) {
        continue;
      }
      ObservedEip o = new ObservedEip(e.id(), e.address(), SharedMapping.eipOwner(e.alias(), marker));
      if (port != null && port.equals(e.portId())) {
        bound = o;
      } else if (e.portId() == null && marker.matches(o.owner())) {
        detached.add(o);
      }
    }
    ObservedLoadBalancer o = new ObservedLoadBalancer(
        lb.id(),
        lb.name() == null ? "" : lb.name(),
        emptyToNull(lb.description()),
        lb.vipAddress(),
        bound,
        observed,
        detached);
    return new Observation(o, lb.provisioningStatus(), port);
  }

  /** Lists the Service's unbound EIPs, for clean-up when its load balancer is gone (two reads). */
  List<EipApi.PublicIp> detachedEips(OwnerMarker marker) {
    return unboundOwned(eip, marker);
  }

  /**
   * Lists the Service's unbound EIPs: those lbkit created apart, marked in the alias (EIP v1 lists every EIP of
   * the project), and those a dedicated load balancer created with itself, marked in the description (EIP v3
   * filters on it); two reads.
   */
  static List<EipApi.PublicIp> unboundOwned(EipApi eip, OwnerMarker marker) {
    Map<String, EipApi.PublicIp> out = new LinkedHashMap<>();
    List<EipApi.PublicIp> all = new ArrayList<>(eip.listAll());
    all.addAll(eip.listByDescription(SharedMapping.eipAlias(marker.value())));
    for (EipApi.PublicIp e : all) {
      if (e.portId() == null && owned(e, marker)) {
        out.putIfAbsent(e.id(), e);
      }
    }
    return List.copyOf(out.values());
  }

  /** Tells whether an EIP carries the Service's marker, in its alias or in its description. */
  static boolean owned(EipApi.PublicIp e, OwnerMarker marker) {
    return marker.matches(SharedMapping.eipOwner(e.alias(), marker))
        || marker.matches(SharedMapping.eipOwner(e.description(), marker));
  }

  private static void collectPools(SharedElbApi.StatusTree t, Map<String, SharedElbApi.PoolStatus> out) {
    for (SharedElbApi.ListenerStatus l : t.listeners()) {
      for (SharedElbApi.PoolStatus p : l.pools()) {
        out.putIfAbsent(p.id(), p);
      }
    }
    for (SharedElbApi.PoolStatus p : t.pools()) {
      out.putIfAbsent(p.id(), p);
    }
  }

  private static List<SharedElbApi.Pool> ourPools(
      List<SharedElbApi.Listener> listeners, Map<String, SharedElbApi.Pool> pools,
      java.util.function.Predicate<@Nullable String> ours) {
    List<SharedElbApi.Pool> out = new ArrayList<>();
    for (SharedElbApi.Listener l : listeners) {
      if (ours.test(l.description()) && l.defaultPoolId() != null && pools.containsKey(l.defaultPoolId())) {
        out.add(pools.get(l.defaultPoolId()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- sources

  /** The live API, which remembers the members of every status tree it reads (for the bulk index). */
  private final class Live implements Source {

    @Override
    public Optional<SharedElbApi.LoadBalancer> loadBalancer(String id) {
      return elb.showLoadBalancer(id);
    }

    @Override
    public List<SharedElbApi.LoadBalancer> loadBalancersByDescription(String description) {
      return elb.listLoadBalancersByDescription(description);
    }

    @Override
    public List<SharedElbApi.Listener> listeners(String loadBalancerId) {
      return elb.listListeners(loadBalancerId);
    }

    @Override
    public Function<String, SharedElbApi.@Nullable PoolStatus> poolStatuses(String loadBalancerId) {
      Map<String, SharedElbApi.PoolStatus> statuses = new HashMap<>();
      elb.showLoadBalancerStatus(loadBalancerId).ifPresent(t -> collectPools(t, statuses));
      return statuses::get;
    }

    @Override
    public Map<String, SharedElbApi.Pool> pools(String loadBalancerId) {
      Map<String, SharedElbApi.Pool> pools = new HashMap<>();
      for (SharedElbApi.Pool p : elb.listPools(loadBalancerId)) {
        pools.put(p.id(), p);
      }
      return pools;
    }

    /**
     * One show each when there is one, else the project's whole list in one read (v2 cannot filter monitors by
     * pool), and one show each for what a paged list did not return.
     */
    @Override
    public Map<String, SharedElbApi.HealthMonitor> monitors(List<String> ids) {
      Map<String, SharedElbApi.HealthMonitor> out = new HashMap<>();
      if (ids.isEmpty()) {
        return out;
      }
      if (ids.size() == 1) {
        elb.showHealthMonitor(ids.get(0)).ifPresent(m -> out.put(m.id(), m));
        return out;
      }
      for (SharedElbApi.HealthMonitor m : elb.listHealthMonitors()) {
        if (ids.contains(m.id())) {
          out.put(m.id(), m);
        }
      }
      for (String id : ids) {
        if (!out.containsKey(id)) {
          elb.showHealthMonitor(id).ifPresent(m -> out.put(m.id(), m));
        }
      }
      return out;
    }

    @Override
    public List<EipApi.PublicIp> eipsByPort(String portId) {
      return eip.listByPort(portId);
    }

    @Override
    public List<EipApi.PublicIp> allEips() {
      return eip.listAll();
    }
  }

  /**
   * Reads the project-wide lists (load balancers, listeners, pools, health monitors, EIPs: a few paged reads) into
   * an index that observes any Service without another call.
   */
  Bulk bulk() {
    Bulk b = new Bulk(elb.listAllLoadBalancers(), elb.listAllListeners(), elb.listAllPools(),
        elb.listAllHealthMonitors(), eip.listAll());
    // Forget members no pool lists any more; a member created since the pools were listed is learned again.
    elb.retainMemberEndpoints(b.memberIds);
    return b;
  }

  /** The index of one bulk observation; answers from memory only. */
  final class Bulk implements Source {
    private final Map<String, SharedElbApi.LoadBalancer> loadBalancers = new HashMap<>();
    private final Map<String, List<SharedElbApi.LoadBalancer>> byDescription = new HashMap<>();
    private final Map<String, List<SharedElbApi.Listener>> listenersByLb = new HashMap<>();
    private final Map<String, SharedElbApi.Pool> pools = new HashMap<>();
    private final Map<String, SharedElbApi.HealthMonitor> monitors = new HashMap<>();
    private final Map<String, List<EipApi.PublicIp>> eipsByPort = new HashMap<>();
    private final List<EipApi.PublicIp> eips;
    private final Set<String> memberIds = new java.util.HashSet<>();

    private Bulk(List<SharedElbApi.LoadBalancer> lbs, List<SharedElbApi.Listener> listeners,
        List<SharedElbApi.Pool> pools, List<SharedElbApi.HealthMonitor> monitors, List<EipApi.PublicIp> eips) {
      for (SharedElbApi.LoadBalancer lb : lbs) {
        loadBalancers.put(lb.id(), lb);
        byDescription.computeIfAbsent(String.valueOf(lb.description()), d -> new ArrayList<>()).add(lb);
      }
      for (SharedElbApi.Listener l : listeners) {
        for (String lb : l.loadBalancerIds()) {
          listenersByLb.computeIfAbsent(lb, x -> new ArrayList<>()).add(l);
        }
      }
      for (SharedElbApi.Pool p : pools) {
        this.pools.put(p.id(), p);
        memberIds.addAll(p.memberIds());
      }
      for (SharedElbApi.HealthMonitor m : monitors) {
        this.monitors.put(m.id(), m);
      }
      for (EipApi.PublicIp e : eips) {
        if (e.portId() != null) {
          eipsByPort.computeIfAbsent(e.portId(), x -> new ArrayList<>()).add(e);
        }
      }
      this.eips = List.copyOf(eips);
    }

    @Override
    public Optional<SharedElbApi.LoadBalancer> loadBalancer(String id) {
      return Optional.ofNullable(loadBalancers.get(id));
    }

    @Override
    public List<SharedElbApi.LoadBalancer> loadBalancersByDescription(String description) {
      return byDescription.getOrDefault(description, List.of());
    }

    @Override
    public List<SharedElbApi.Listener> listeners(String loadBalancerId) {
      return listenersByLb.getOrDefault(loadBalancerId, List.of());
    }

    /** Rebuilds a pool's members from its member ids; a member never observed live makes the Service unknown. */
    @Override
    public Function<String, SharedElbApi.@Nullable PoolStatus> poolStatuses(String loadBalancerId) {
      return id -> {
        SharedElbApi.Pool p = pools.get(id);
        if (p == null) {
          return null;
        }
        List<SharedElbApi.MemberStatus> ms = new ArrayList<>();
        for (String m : p.memberIds()) {
          SharedElbApi.MemberEndpoint e = elb.memberEndpoint(m).orElseThrow(
              () -> new CannotTell("member " + m + " of pool " + id + " was never observed"));
          ms.add(new SharedElbApi.MemberStatus(m, e.address(), e.port(), null, null));
        }
        return new SharedElbApi.PoolStatus(p.id(), p.name(), null, null, p.healthMonitorId(), ms);
      };
    }

    @Override
    public Map<String, SharedElbApi.Pool> pools(String loadBalancerId) {
      return pools;
    }

    @Override
    public Map<String, SharedElbApi.HealthMonitor> monitors(List<String> ids) {
      return monitors;
    }

    @Override
    public List<EipApi.PublicIp> eipsByPort(String portId) {
      return eipsByPort.getOrDefault(portId, List.of());
    }

    @Override
    public List<EipApi.PublicIp> allEips() {
      return eips;
    }
  }

  private static @Nullable ListenerSpec desiredListener(@Nullable LoadBalancerSpec spec, Protocol p, int port) {
    if (spec == null) {
      return null;
    }
    return spec.listeners().stream().filter(l -> l.protocol() == p && l.port() == port).findFirst().orElse(null);
  }

  static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
