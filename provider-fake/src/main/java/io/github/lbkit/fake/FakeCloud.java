package io.github.lbkit.fake;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.fake.FakeResources.Eip;
import io.github.lbkit.fake.FakeResources.Flavor;
import io.github.lbkit.fake.FakeResources.Kind;
import io.github.lbkit.fake.FakeResources.Listener;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import io.github.lbkit.fake.FakeResources.Member;
import io.github.lbkit.fake.FakeResources.Monitor;
import io.github.lbkit.fake.FakeResources.Pool;
import io.github.lbkit.fake.FakeResources.Resource;
import io.github.lbkit.fake.FakeResources.Subnet;
import io.github.lbkit.fake.FakeResources.Tree;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory ELB-like cloud: load balancers (shared and dedicated), listeners, pools, members, health monitors,
 * EIPs with bandwidth, subnets, flavors and availability zones.
 *
 * <p>It enforces the real API's rules: one listener per port and transport (UDP, or TCP for TCP/HTTP/HTTPS) per
 * load balancer; parent ids fixed at creation; delete order (a load balancer with listeners or a bound EIP, a
 * listener with a pool, a pool with members or a monitor cannot be deleted; an EIP cannot be deleted while
 * bound); VIPs take neutron subnet ids; quotas. Errors are {@link CloudApiException}s with the status and code
 * the real API answers with.
 *
 * <p>Every call goes through {@link #faults()} (injected errors, latency, rate limit, crash hook), is counted
 * and is written to the {@link #journal()}. Ids, addresses and injected faults derive from the seed, so the same
 * seed and the same calls give the same journal. Thread-safe: calls are serialized.
 */
public final class FakeCloud {

  /** The VPC of the default subnet. */
  public static final String DEFAULT_VPC_ID = "vpc-default";

  private final Random ids;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Quotas quotas;
  private final FaultInjector faults;

  private final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  private final Map<String, Listener> listeners = new LinkedHashMap<>();
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  /** The members again, by pool, in creation order: kept with {@link #members} so a pool's are found at once. */
  private final Map<String, Map<String, Member>> membersByPool = new HashMap<>();
  private final Map<String, Monitor> monitors = new LinkedHashMap<>();
  private final Map<String, Eip> eips = new LinkedHashMap<>();
  private final Map<String, Subnet> subnets = new LinkedHashMap<>();
  private final List<Flavor> flavors = new ArrayList<>();
  private final List<String> availabilityZones = List.of("az-1", "az-2", "az-3");
  private final Map<String, Integer> nextHost = new LinkedHashMap<>();
  private final List<Call> journal = new ArrayList<>();
  private final Subnet defaultSubnet;
  private long seq;
  private long reads;
  private long writes;
  private int nextEipHost = 1;

  private FakeCloud(Builder b) {
    this.ids = new Random(b.seed);
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.quotas = b.quotas;
    this.faults = new FaultInjector(this, new Random(b.seed * 31 + 17));
    this.defaultSubnet = newSubnet(DEFAULT_VPC_ID, "192.168.0.0/24");
    flavors.add(new Flavor(newId(), "L4_flavor.elb.s1.small", "L4"));
    flavors.add(new Flavor(newId(), "L7_flavor.elb.s1.small", "L7"));
  }

  /**
   * Starts a builder with seed 0, the system clock, no sleeping and the default quotas.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a cloud with the given seed and defaults otherwise.
   *
   * @param seed the seed of ids, addresses and faults
   * @return the cloud
   */
  public static FakeCloud create(long seed) {
    return builder().seed(seed).build();
  }

  /** Builds a {@link FakeCloud}. */
  public static final class Builder {
    private long seed;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.NONE;
    private Quotas quotas = Quotas.DEFAULT;

    private Builder() {}

    /**
     * Sets the seed of ids, addresses and faults.
     *
     * @param v the seed
     * @return this builder
     */
    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    /**
     * Sets the clock the rate limit reads.
     *
     * @param v the clock
     * @return this builder
     */
    public Builder clock(Clock v) {
      this.clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /**
     * Sets the sleeper that injected latency goes through.
     *
     * @param v the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper v) {
      this.sleeper = Objects.requireNonNull(v, "sleeper");
      return this;
    }

    /**
     * Sets the quotas.
     *
     * @param v the quotas
     * @return this builder
     */
    public Builder quotas(Quotas v) {
      this.quotas = Objects.requireNonNull(v, "quotas");
      return this;
    }

    /**
     * Builds the cloud.
     *
     * @return a new, empty cloud with one default subnet
     */
    public FakeCloud build() {
      return new FakeCloud(this);
    }
  }

  /**
   * Resource quotas of the project; exceeding one answers 409 {@code ELB.8905} (EIPs: {@code VPC.0521}).
   *
   * @param loadBalancers load balancers per project
   * @param listenersPerLoadBalancer listeners per load balancer
   * @param membersPerPool members per pool
   * @param eips EIPs per project
   */
  public record Quotas(int loadBalancers, int listenersPerLoadBalancer, int membersPerPool, int eips) {
    /** Generous defaults. */
    public static final Quotas DEFAULT = new Quotas(50, 50, 500, 50);
  }

  /**
   * Returns the fault injector of this cloud.
   *
   * @return the injector, for error rates, scripted failures, latency, rate limit and the crash hook
   */
  public FaultInjector faults() {
    return faults;
  }

  /**
   * Returns the subnet that exists from the start.
   *
   * @return the default subnet
   */
  public Subnet defaultSubnet() {
    return defaultSubnet;
  }

  // ---------------------------------------------------------------- load balancers

  /**
   * Creates a load balancer.
   *
   * @param name its name
   * @param description its description
   * @param loadBalancerClass shared or dedicated
   * @param vipSubnetId the neutron subnet id of the VIP (a VPC subnet id is refused, as by the real API)
   * @param availabilityZones the AZs; required for dedicated, refused for shared
   * @param l4FlavorId the layer-4 flavor id, or null (dedicated only)
   * @param l7FlavorId the layer-7 flavor id, or null (dedicated only)
   * @param tags the tags
   * @param enterpriseProjectId the enterprise project, or null
   * @return the new load balancer
   */
  public LoadBalancer createLoadBalancer(
      String name,
      String description,
      LoadBalancerClass loadBalancerClass,
      String vipSubnetId,
      List<String> availabilityZones,
      @Nullable String l4FlavorId,
      @Nullable String l7FlavorId,
      Map<String, String> tags,
      @Nullable String enterpriseProjectId) {
    return call(CloudOperation.CREATE_LOAD_BALANCER, name, () -> {
      Subnet subnet = subnets.values().stream()
          .filter(s -> s.neutronSubnetId().equals(vipSubnetId)).findFirst().orElse(null);
      if (subnet == null) {
        boolean vpcSubnet = subnets.containsKey(vipSubnetId);
        throw error(CloudOperation.CREATE_LOAD_BALANCER, 400, "ELB.8902",
            "invalid vip_subnet_cidr_id " + vipSubnetId
                + (vpcSubnet ? ": this is a VPC subnet id; pass its neutron_subnet_id" : ": no such subnet"));
      }
      if (loadBalancerClass == LoadBalancerClass.DEDICATED) {
        if (availabilityZones.isEmpty()) {
          throw error(CloudOperation.CREATE_LOAD_BALANCER, 400, "ELB.8902", "availability_zone_list is required");
        }
        for (String az : availabilityZones) {
          if (!this.availabilityZones.contains(az)) {
            throw error(CloudOperation.CREATE_LOAD_BALANCER, 400, "ELB.8902", "unknown availability zone " + az);
          }
        }
        checkFlavor(l4FlavorId, "L4");
        checkFlavor(l7FlavorId, "L7");
      } else if (!availabilityZones.isEmpty() || l4FlavorId != null || l7FlavorId != null) {
        throw error(CloudOperation.CREATE_LOAD_BALANCER, 400, "ELB.8902",
            "a shared load balancer takes no availability zones or flavors");
      }
      if (loadBalancers.size() >= quotas.loadBalancers()) {
        throw error(CloudOperation.CREATE_LOAD_BALANCER, 409, "ELB.8905", "load balancer quota exceeded");
      }
      LoadBalancer lb = new LoadBalancer(newId(), name, description, loadBalancerClass, nextVip(subnet), newId(),
          vipSubnetId, availabilityZones, l4FlavorId, l7FlavorId, tags, enterpriseProjectId);
      loadBalancers.put(lb.id(), lb);
      return lb;
    });
  }

  private void checkFlavor(@Nullable String id, String type) {
    if (id != null && flavors.stream().noneMatch(f -> f.id().equals(id) && f.type().equals(type))) {
      throw error(CloudOperation.CREATE_LOAD_BALANCER, 400, "ELB.8902", "unknown " + type + " flavor id " + id);
    }
  }

  /**
   * Reads a load balancer.
   *
   * @param id its id
   * @return the load balancer
   */
  public LoadBalancer showLoadBalancer(String id) {
    return call(CloudOperation.SHOW_LOAD_BALANCER, id, () -> requireLb(CloudOperation.SHOW_LOAD_BALANCER, id));
  }

  /**
   * Reads a load balancer with everything that hangs off it, in one call.
   *
   * @param id its id
   * @return the tree
   */
  public Tree showLoadBalancerTree(String id) {
    return call(CloudOperation.SHOW_LOAD_BALANCER_TREE, id,
        () -> treeOf(requireLb(CloudOperation.SHOW_LOAD_BALANCER_TREE, id)));
  }

  private Tree treeOf(LoadBalancer lb) {
    // One load balancer: its pools are few, and their members come from the index, not a scan of every member.
    String id = lb.id();
    List<Listener> ls = listeners.values().stream().filter(l -> l.loadBalancerId().equals(id)).toList();
    List<Pool> ps = pools.values().stream().filter(p -> p.loadBalancerId().equals(id)).toList();
    List<Monitor> ms = new ArrayList<>();
    List<Member> mem = new ArrayList<>();
    for (Pool p : ps) {
      for (Monitor m : monitors.values()) {
        if (m.poolId().equals(p.id())) {
          ms.add(m);
        }
      }
      mem.addAll(membersByPool.getOrDefault(p.id(), Map.of()).values());
    }
    Eip eip = eips.values().stream().filter(e -> lb.vipPortId().equals(e.portId())).findFirst().orElse(null);
    return new Tree(lb, ls, ps, List.copyOf(ms), List.copyOf(mem), eip);
  }

  /**
   * Every child resource indexed by its parent, built in one pass over the state, so that the trees of many load
   * balancers cost one pass instead of one per tree. Built and used under the cloud's lock.
   */
  private final class Children {
    private final Map<String, List<Listener>> listenersByLb = new HashMap<>();
    private final Map<String, List<Pool>> poolsByLb = new HashMap<>();
    private final Map<String, List<Monitor>> monitorsByPool = new HashMap<>();
    private final Map<String, List<Member>> membersByPool = new HashMap<>();
    private final Map<String, Eip> eipsByPort = new HashMap<>();

    Children() {
      for (Listener l : listeners.values()) {
        listenersByLb.computeIfAbsent(l.loadBalancerId(), k -> new ArrayList<>()).add(l);
      }
      for (Pool p : pools.values()) {
        poolsByLb.computeIfAbsent(p.loadBalancerId(), k -> new ArrayList<>()).add(p);
      }
      for (Monitor m : monitors.values()) {
        monitorsByPool.computeIfAbsent(m.poolId(), k -> new ArrayList<>()).add(m);
      }
      FakeCloud.this.membersByPool.forEach((pool, in) -> membersByPool.put(pool, List.copyOf(in.values())));
      for (Eip e : eips.values()) {
        if (e.portId() != null) {
          eipsByPort.putIfAbsent(e.portId(), e);
        }
      }
    }

    Tree treeOf(LoadBalancer lb) {
      List<Pool> ps = poolsByLb.getOrDefault(lb.id(), List.of());
      List<Monitor> ms = new ArrayList<>();
      List<Member> mem = new ArrayList<>();
      for (Pool p : ps) {
        ms.addAll(monitorsByPool.getOrDefault(p.id(), List.of()));
        mem.addAll(membersByPool.getOrDefault(p.id(), List.of()));
      }
      return new Tree(lb, List.copyOf(listenersByLb.getOrDefault(lb.id(), List.of())), List.copyOf(ps),
          List.copyOf(ms), List.copyOf(mem), eipsByPort.get(lb.vipPortId()));
    }
  }

  /**
   * Lists one page of load balancer trees project-wide, in creation order: each load balancer with its listeners,
   * pools, monitors, members and bound EIP. One read per page, as a cloud's paged list with its children expanded.
   *
   * @param after the id of the last tree of the previous page, or null for the first page
   * @param limit the most trees in the page; at least 1
   * @return the page; shorter than {@code limit} (possibly empty) when it is the last
   */
  public List<Tree> listLoadBalancerTrees(@Nullable String after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return call(CloudOperation.LIST_LOAD_BALANCER_TREES, after == null ? "*" : after, () -> {
      List<Tree> out = new ArrayList<>();
      Children children = new Children();
      boolean started = after == null;
      for (LoadBalancer lb : loadBalancers.values()) {
        if (!started) {
          started = lb.id().equals(after);
          continue;
        }
        if (out.size() == limit) {
          break;
        }
        out.add(children.treeOf(lb));
      }
      return out;
    });
  }

  /**
   * Lists load balancers, in creation order.
   *
   * @param description only those with exactly this description, or null for all
   * @return the load balancers
   */
  public List<LoadBalancer> listLoadBalancers(@Nullable String description) {
    return call(CloudOperation.LIST_LOAD_BALANCERS, description == null ? "*" : description,
        () -> loadBalancers.values().stream()
            .filter(lb -> description == null || lb.description().equals(description)).toList());
  }

  /**
   * Changes a load balancer's description (lbkit's owner marker lives there), nothing else.
   *
   * @param id the load balancer
   * @param description the new description; empty for none
   * @return the updated load balancer
   */
  public LoadBalancer updateLoadBalancerDescription(String id, String description) {
    return call(CloudOperation.UPDATE_LOAD_BALANCER, id, () -> {
      LoadBalancer lb = requireLb(CloudOperation.UPDATE_LOAD_BALANCER, id);
      LoadBalancer updated = new LoadBalancer(lb.id(), lb.name(), description, lb.loadBalancerClass(),
          lb.vipAddress(), lb.vipPortId(), lb.vipSubnetId(), lb.availabilityZones(), lb.l4FlavorId(),
          lb.l7FlavorId(), lb.tags(), lb.enterpriseProjectId());
      loadBalancers.put(id, updated);
      return updated;
    });
  }

  /**
   * Deletes a load balancer that has no listeners and no EIP bound.
   *
   * @param id its id
   */
  public void deleteLoadBalancer(String id) {
    call(CloudOperation.DELETE_LOAD_BALANCER, id, () -> {
      LoadBalancer lb = requireLb(CloudOperation.DELETE_LOAD_BALANCER, id);
      if (listeners.values().stream().anyMatch(l -> l.loadBalancerId().equals(id))) {
        throw error(CloudOperation.DELETE_LOAD_BALANCER, 400, "ELB.1018",
            "load balancer " + id + " still has listeners; delete them first");
      }
      if (eips.values().stream().anyMatch(e -> lb.vipPortId().equals(e.portId()))) {
        throw error(CloudOperation.DELETE_LOAD_BALANCER, 409, "ELB.8907",
            "load balancer " + id + " still has an EIP bound; unbind it first");
      }
      loadBalancers.remove(id);
      return null;
    });
  }

  // ---------------------------------------------------------------- listeners

  /**
   * Creates a listener.
   *
   * @param loadBalancerId its load balancer
   * @param name its name
   * @param description its description
   * @param protocol the protocol
   * @param port the front-end port
   * @param options the options
   * @return the new listener
   */
  public Listener createListener(
      String loadBalancerId, String name, String description, Protocol protocol, int port, ListenerOptions options) {
    return call(CloudOperation.CREATE_LISTENER, loadBalancerId, () -> {
      requireLb(CloudOperation.CREATE_LISTENER, loadBalancerId);
      List<Listener> on = listeners.values().stream().filter(l -> l.loadBalancerId().equals(loadBalancerId)).toList();
      for (Listener l : on) {
        if (l.port() == port && (l.protocol() == Protocol.UDP) == (protocol == Protocol.UDP)) {
          throw error(CloudOperation.CREATE_LISTENER, 409, "ELB.8907",
              "load balancer " + loadBalancerId + " already has a listener with protocol_port " + port);
        }
      }
      if (on.size() >= quotas.listenersPerLoadBalancer()) {
        throw error(CloudOperation.CREATE_LISTENER, 409, "ELB.8905", "listener quota exceeded");
      }
      Listener l = new Listener(newId(), loadBalancerId, name, description, protocol, port, options, null);
      listeners.put(l.id(), l);
      return l;
    });
  }

  /**
   * Updates a listener's options; null fields (and an empty SNI list) keep the current value.
   *
   * @param id the listener
   * @param options the options to set
   * @return the updated listener
   */
  public Listener updateListener(String id, ListenerOptions options) {
    return call(CloudOperation.UPDATE_LISTENER, id, () -> {
      Listener l = requireListener(CloudOperation.UPDATE_LISTENER, id);
      Listener updated = new Listener(l.id(), l.loadBalancerId(), l.name(), l.description(), l.protocol(), l.port(),
          merge(l.options(), options), l.defaultPoolId());
      listeners.put(id, updated);
      return updated;
    });
  }

  /**
   * Changes a listener's description (lbkit's owner marker lives there), nothing else.
   *
   * @param id the listener
   * @param description the new description; empty for none
   * @return the updated listener
   */
  public Listener updateListenerDescription(String id, String description) {
    return call(CloudOperation.UPDATE_LISTENER, id, () -> {
      Listener l = requireListener(CloudOperation.UPDATE_LISTENER, id);
      Listener updated = new Listener(l.id(), l.loadBalancerId(), l.name(), description, l.protocol(), l.port(),
          l.options(), l.defaultPoolId());
      listeners.put(id, updated);
      return updated;
    });
  }

  /**
   * Lists listeners, in creation order.
   *
   * @param description only those with exactly this description, or null for all
   * @return the listeners
   */
  public List<Listener> listListeners(@Nullable String description) {
    return call(CloudOperation.LIST_LISTENERS, description == null ? "*" : description,
        () -> listeners.values().stream()
            .filter(l -> description == null || l.description().equals(description)).toList());
  }

  /**
   * Deletes a listener that has no default pool.
   *
   * @param id the listener
   */
  public void deleteListener(String id) {
    call(CloudOperation.DELETE_LISTENER, id, () -> {
      Listener l = requireListener(CloudOperation.DELETE_LISTENER, id);
      if (l.defaultPoolId() != null) {
        throw error(CloudOperation.DELETE_LISTENER, 409, "ELB.8907",
            "listener " + id + " still has pool " + l.defaultPoolId() + "; delete the pool first");
      }
      listeners.remove(id);
      return null;
    });
  }

  // ---------------------------------------------------------------- pools

  /**
   * Creates the default pool of a listener.
   *
   * @param listenerId the listener, which must have no pool yet
   * @param protocol the pool protocol
   * @param algorithm the algorithm
   * @param persistence the session persistence, or null
   * @return the new pool
   */
  public Pool createPool(
      String listenerId, Protocol protocol, Algorithm algorithm, @Nullable SessionPersistence persistence) {
    return call(CloudOperation.CREATE_POOL, listenerId, () -> {
      Listener l = requireListener(CloudOperation.CREATE_POOL, listenerId);
      if (l.defaultPoolId() != null) {
        throw error(CloudOperation.CREATE_POOL, 409, "ELB.8907",
            "listener " + listenerId + " already has pool " + l.defaultPoolId());
      }
      Pool p = new Pool(newId(), l.loadBalancerId(), listenerId, protocol, algorithm, persistence, null);
      pools.put(p.id(), p);
      listeners.put(l.id(), new Listener(l.id(), l.loadBalancerId(), l.name(), l.description(), l.protocol(),
          l.port(), l.options(), p.id()));
      return p;
    });
  }

  /**
   * Updates a pool's algorithm and persistence.
   *
   * @param id the pool
   * @param algorithm the algorithm
   * @param persistence the session persistence, or null to switch it off
   * @return the updated pool
   */
  public Pool updatePool(String id, Algorithm algorithm, @Nullable SessionPersistence persistence) {
    return call(CloudOperation.UPDATE_POOL, id, () -> {
      Pool p = requirePool(CloudOperation.UPDATE_POOL, id);
      Pool updated = new Pool(p.id(), p.loadBalancerId(), p.listenerId(), p.protocol(), algorithm, persistence,
          p.monitorId());
      pools.put(id, updated);
      return updated;
    });
  }

  /**
   * Deletes a pool that has no members and no monitor.
   *
   * @param id the pool
   */
  public void deletePool(String id) {
    call(CloudOperation.DELETE_POOL, id, () -> {
      Pool p = requirePool(CloudOperation.DELETE_POOL, id);
      if (p.monitorId() != null || members.values().stream().anyMatch(m -> m.poolId().equals(id))) {
        throw error(CloudOperation.DELETE_POOL, 409, "ELB.8907",
            "pool " + id + " still has members or a health monitor; delete them first");
      }
      pools.remove(id);
      Listener l = listeners.get(p.listenerId());
      if (l != null) {
        listeners.put(l.id(), new Listener(l.id(), l.loadBalancerId(), l.name(), l.description(), l.protocol(),
            l.port(), l.options(), null));
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- members and monitors

  /**
   * Adds a member to a pool.
   *
   * @param poolId the pool
   * @param address the backend address
   * @param port the backend port
   * @param subnetId the neutron subnet id of the address, or null for an IP-as-backend member
   * @return the new member
   */
  public Member createMember(String poolId, String address, int port, @Nullable String subnetId) {
    return call(CloudOperation.CREATE_MEMBER, poolId, () -> {
      requirePool(CloudOperation.CREATE_MEMBER, poolId);
      List<Member> in = List.copyOf(membersByPool.getOrDefault(poolId, Map.of()).values());
      if (in.stream().anyMatch(m -> m.address().equals(address) && m.port() == port)) {
        throw error(CloudOperation.CREATE_MEMBER, 409, "ELB.8907",
            "pool " + poolId + " already has member " + address + ":" + port);
      }
      if (in.size() >= quotas.membersPerPool()) {
        throw error(CloudOperation.CREATE_MEMBER, 409, "ELB.8905", "member quota exceeded");
      }
      Member m = new Member(newId(), poolId, address, port, subnetId);
      members.put(m.id(), m);
      membersByPool.computeIfAbsent(poolId, k -> new LinkedHashMap<>()).put(m.id(), m);
      return m;
    });
  }

  /**
   * Removes a member from its pool.
   *
   * @param poolId the pool
   * @param memberId the member
   */
  public void deleteMember(String poolId, String memberId) {
    call(CloudOperation.DELETE_MEMBER, memberId, () -> {
      Member m = members.get(memberId);
      if (m == null || !m.poolId().equals(poolId)) {
        throw error(CloudOperation.DELETE_MEMBER, 404, "ELB.8904", "member " + memberId + " could not be found");
      }
      members.remove(memberId);
      Map<String, Member> in = membersByPool.get(poolId);
      if (in != null) {
        in.remove(memberId);
        if (in.isEmpty()) {
          membersByPool.remove(poolId);
        }
      }
      return null;
    });
  }

  /**
   * Creates the health monitor of a pool.
   *
   * @param poolId the pool, which must have no monitor yet
   * @param settings the check
   * @return the new monitor
   */
  public Monitor createMonitor(String poolId, HealthCheck settings) {
    return call(CloudOperation.CREATE_MONITOR, poolId, () -> {
      Pool p = requirePool(CloudOperation.CREATE_MONITOR, poolId);
      if (p.monitorId() != null) {
        throw error(CloudOperation.CREATE_MONITOR, 409, "ELB.8907",
            "pool " + poolId + " already has monitor " + p.monitorId());
      }
      Monitor m = new Monitor(newId(), poolId, settings);
      monitors.put(m.id(), m);
      pools.put(p.id(), new Pool(p.id(), p.loadBalancerId(), p.listenerId(), p.protocol(), p.algorithm(),
          p.persistence(), m.id()));
      return m;
    });
  }

  /**
   * Updates a health monitor.
   *
   * @param id the monitor
   * @param settings the check
   * @return the updated monitor
   */
  public Monitor updateMonitor(String id, HealthCheck settings) {
    return call(CloudOperation.UPDATE_MONITOR, id, () -> {
      Monitor m = monitors.get(id);
      if (m == null) {
        throw error(CloudOperation.UPDATE_MONITOR, 404, "ELB.8904", "healthmonitor " + id + " could not be found");
      }
      Monitor updated = new Monitor(id, m.poolId(), settings);
      monitors.put(id, updated);
      return updated;
    });
  }

  /**
   * Deletes a health monitor.
   *
   * @param id the monitor
   */
  public void deleteMonitor(String id) {
    call(CloudOperation.DELETE_MONITOR, id, () -> {
      Monitor m = monitors.remove(id);
      if (m == null) {
        throw error(CloudOperation.DELETE_MONITOR, 404, "ELB.8904", "healthmonitor " + id + " could not be found");
      }
      Pool p = pools.get(m.poolId());
      if (p != null) {
        pools.put(p.id(), new Pool(p.id(), p.loadBalancerId(), p.listenerId(), p.protocol(), p.algorithm(),
            p.persistence(), null));
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- EIPs, subnets, flavors

  /**
   * Creates an unbound EIP with its bandwidth.
   *
   * @param type the EIP type, for example {@code 5_bgp}
   * @param bandwidth the bandwidth
   * @param alias the alias (lbkit writes its owner marker there); may be empty
   * @return the new EIP
   */
  public Eip createEip(String type, FakeResources.Bandwidth bandwidth, String alias) {
    return call(CloudOperation.CREATE_EIP, alias.isEmpty() ? type : alias, () -> {
      if (eips.size() >= quotas.eips()) {
        throw error(CloudOperation.CREATE_EIP, 409, "VPC.0521", "EIP quota exceeded");
      }
      int host = nextEipHost++;
      String address = (host <= 254 ? "198.51.100." + host : "203.0.113." + (host - 254));
      Eip e = new Eip(newId(), address, type, bandwidth, alias, null);
      eips.put(e.id(), e);
      return e;
    });
  }

  /**
   * Binds an EIP to a port (a load balancer's {@code vipPortId}).
   *
   * @param id the EIP
   * @param portId the port
   * @return the bound EIP
   */
  public Eip bindEip(String id, String portId) {
    return call(CloudOperation.BIND_EIP, id, () -> {
      Eip e = requireEip(CloudOperation.BIND_EIP, id);
      if (e.portId() != null) {
        throw error(CloudOperation.BIND_EIP, 409, "VPC.0510", "EIP " + id + " is already associated");
      }
      if (loadBalancers.values().stream().noneMatch(lb -> lb.vipPortId().equals(portId))) {
        throw error(CloudOperation.BIND_EIP, 404, "VPC.0504", "port " + portId + " could not be found");
      }
      if (eips.values().stream().anyMatch(o -> portId.equals(o.portId()))) {
        throw error(CloudOperation.BIND_EIP, 409, "VPC.0511", "port " + portId + " already has an EIP");
      }
      Eip bound = new Eip(e.id(), e.address(), e.type(), e.bandwidth(), e.alias(), portId);
      eips.put(id, bound);
      return bound;
    });
  }

  /**
   * Unbinds an EIP; unbinding an unbound EIP is a no-op, as in the real API.
   *
   * @param id the EIP
   * @return the unbound EIP
   */
  public Eip unbindEip(String id) {
    return call(CloudOperation.UNBIND_EIP, id, () -> {
      Eip e = requireEip(CloudOperation.UNBIND_EIP, id);
      Eip unbound = new Eip(e.id(), e.address(), e.type(), e.bandwidth(), e.alias(), null);
      eips.put(id, unbound);
      return unbound;
    });
  }

  /**
   * Changes an EIP's alias (lbkit's owner marker lives there); binding and address stay.
   *
   * @param id the EIP
   * @param alias the new alias; empty for none
   * @return the updated EIP
   */
  public Eip updateEipAlias(String id, String alias) {
    return call(CloudOperation.UPDATE_EIP, id, () -> {
      Eip e = requireEip(CloudOperation.UPDATE_EIP, id);
      Eip updated = new Eip(e.id(), e.address(), e.type(), e.bandwidth(), alias, e.portId());
      eips.put(id, updated);
      return updated;
    });
  }

  /**
   * Deletes an unbound EIP.
   *
   * @param id the EIP
   */
  public void deleteEip(String id) {
    call(CloudOperation.DELETE_EIP, id, () -> {
      Eip e = requireEip(CloudOperation.DELETE_EIP, id);
      if (e.portId() != null) {
        throw error(CloudOperation.DELETE_EIP, 409, "VPC.0517", "EIP " + id + " is bound to a port; unbind it first");
      }
      eips.remove(id);
      return null;
    });
  }

  /**
   * Reads an EIP.
   *
   * @param id the EIP
   * @return the EIP
   */
  public Eip showEip(String id) {
    return call(CloudOperation.SHOW_EIP, id, () -> requireEip(CloudOperation.SHOW_EIP, id));
  }

  /**
   * Lists EIPs, in creation order.
   *
   * @param alias only those with exactly this alias, or null for all
   * @return the EIPs
   */
  public List<Eip> listEips(@Nullable String alias) {
    return call(CloudOperation.LIST_EIPS, alias == null ? "*" : alias,
        () -> eips.values().stream().filter(e -> alias == null || e.alias().equals(alias)).toList());
  }

  /**
   * Reads a subnet by its VPC subnet id (the console's network id).
   *
   * @param id the VPC subnet id
   * @return the subnet
   */
  public Subnet showSubnet(String id) {
    return call(CloudOperation.SHOW_SUBNET, id, () -> {
      Subnet s = subnets.get(id);
      if (s == null) {
        throw error(CloudOperation.SHOW_SUBNET, 404, "VPC.0202", "subnet " + id + " could not be found");
      }
      return s;
    });
  }

  /**
   * Lists the subnets, the default one first.
   *
   * @return the subnets
   */
  public List<Subnet> listSubnets() {
    return call(CloudOperation.LIST_SUBNETS, "*", () -> List.copyOf(subnets.values()));
  }

  /**
   * Lists the dedicated load balancer flavors.
   *
   * @return the flavors
   */
  public List<Flavor> listFlavors() {
    return call(CloudOperation.LIST_FLAVORS, "*", () -> List.copyOf(flavors));
  }

  /**
   * Lists the availability zones.
   *
   * @return the AZ codes
   */
  public List<String> listAvailabilityZones() {
    return call(CloudOperation.LIST_AVAILABILITY_ZONES, "*", () -> availabilityZones);
  }

  /**
   * Adds a subnet out of band, as an administrator would; not journaled and never faulted.
   *
   * @param vpcId the VPC
   * @param cidr the CIDR, for example {@code 10.1.0.0/24}
   * @return the subnet
   */
  public synchronized Subnet addSubnet(String vpcId, String cidr) {
    return newSubnet(vpcId, cidr);
  }

  // ---------------------------------------------------------------- what tests read

  /**
   * Returns every call so far, in order.
   *
   * @return a copy of the journal
   */
  public synchronized List<Call> journal() {
    return List.copyOf(journal);
  }

  /**
   * Returns the number of read calls so far, failed ones included.
   *
   * @return the read count
   */
  public synchronized long reads() {
    return reads;
  }

  /**
   * Returns the number of write calls so far, failed ones included.
   *
   * @return the write count
   */
  public synchronized long writes() {
    return writes;
  }

  /**
   * Lists every resource with the owner marker that governs it; not journaled and never faulted.
   *
   * @return the inventory: load balancers, listeners, pools, monitors, members and EIPs, in that order
   */
  public synchronized List<Resource> inventory() {
    List<Resource> out = new ArrayList<>();
    loadBalancers.values().forEach(lb ->
        out.add(new Resource(Kind.LOAD_BALANCER, lb.id(), null, lb.description(), lb.name())));
    listeners.values().forEach(l -> out.add(new Resource(Kind.LISTENER, l.id(), l.loadBalancerId(),
        l.description(), l.protocol() + ":" + l.port())));
    pools.values().forEach(p -> out.add(new Resource(Kind.POOL, p.id(), p.listenerId(),
        ownerOfListener(p.listenerId()), p.algorithm().name())));
    monitors.values().forEach(m -> out.add(new Resource(Kind.MONITOR, m.id(), m.poolId(),
        ownerOfPool(m.poolId()), m.settings().type().name())));
    members.values().forEach(m -> out.add(new Resource(Kind.MEMBER, m.id(), m.poolId(),
        ownerOfPool(m.poolId()), m.address() + ":" + m.port())));
    eips.values().forEach(e -> out.add(new Resource(Kind.EIP, e.id(), null, e.alias(), e.address())));
    return out;
  }

  /**
   * Reads every load balancer with everything that hangs off it; not journaled, not counted and never faulted.
   * For tests that look at the cloud, and for {@link LoadBalancerTraffic}, which serves the load balancers.
   *
   * @return one tree per load balancer, in creation order
   */
  public synchronized List<Tree> snapshot() {
    List<Tree> out = new ArrayList<>();
    Children children = new Children();
    for (LoadBalancer lb : loadBalancers.values()) {
      out.add(children.treeOf(lb));
    }
    return out;
  }

  private String ownerOfListener(String listenerId) {
    Listener l = listeners.get(listenerId);
    return l == null ? "" : l.description();
  }

  private String ownerOfPool(String poolId) {
    Pool p = pools.get(poolId);
    return p == null ? "" : ownerOfListener(p.listenerId());
  }

  // ---------------------------------------------------------------- machinery

  /** Runs one API call: latency, rate limit, faults, the call, counters, journal, crash hook. */
  private <T> T call(CloudOperation op, String resource, Supplier<T> body) {
    java.time.Duration latency = faults.latency();
    if (!latency.isZero()) {
      sleeper.sleep(latency);
    }
    synchronized (this) {
      long n = ++seq;
      if (op.mutating()) {
        writes++;
      } else {
        reads++;
      }
      String requestId = "req-" + n;
      Fault fault = faults.decide(op, clock.instant());
      if (fault != null && !(fault == Fault.TIMEOUT && op.mutating())) {
        journal.add(new Call(n, op, resource, outcome(fault)));
        throw new CloudApiException(op.name(), fault.httpStatus(), fault.errorCode(), requestId, fault.retryable(),
            fault.message(), null);
      }
      T result;
      try {
        result = body.get();
      } catch (ApiError e) {
        journal.add(new Call(n, op, resource, e.status + " " + e.code));
        throw new CloudApiException(op.name(), e.status, e.code, requestId, false, e.getMessage(), null);
      }
      if (fault == Fault.TIMEOUT) {
        journal.add(new Call(n, op, resource, outcome(fault)));
        throw new CloudApiException(op.name(), fault.httpStatus(), null, requestId, true,
            fault.message() + " (the change was applied)", null);
      }
      if (op.mutating() && faults.crashNow()) {
        journal.add(new Call(n, op, resource, "crash"));
        throw new SimulatedCrashException("simulated crash after " + op + " on " + resource + " was applied");
      }
      journal.add(new Call(n, op, resource, "OK"));
      return result;
    }
  }

  private static String outcome(Fault f) {
    return f == Fault.TIMEOUT ? "timeout" : f.httpStatus() + " " + f.errorCode();
  }

  private static ApiError error(CloudOperation op, int status, String code, String message) {
    return new ApiError(status, code, message);
  }

  /** A refusal by the cloud's rules, turned into a {@link CloudApiException} with a request id by the caller. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private LoadBalancer requireLb(CloudOperation op, String id) {
    LoadBalancer lb = loadBalancers.get(id);
    if (lb == null) {
      throw error(op, 404, "ELB.8904", "loadbalancer " + id + " could not be found");
    }
    return lb;
  }

  private Listener requireListener(CloudOperation op, String id) {
    Listener l = listeners.get(id);
    if (l == null) {
      throw error(op, 404, "ELB.8904", "listener " + id + " could not be found");
    }
    return l;
  }

  private Pool requirePool(CloudOperation op, String id) {
    Pool p = pools.get(id);
    if (p == null) {
      throw error(op, 404, "ELB.8904", "pool " + id + " could not be found");
    }
    return p;
  }

  private Eip requireEip(CloudOperation op, String id) {
    Eip e = eips.get(id);
    if (e == null) {
      throw error(op, 404, "VPC.0504", "Floating IP " + id + " could not be found");
    }
    return e;
  }

  private String newId() {
    return new UUID(ids.nextLong(), ids.nextLong()).toString();
  }

  private Subnet newSubnet(String vpcId, String cidr) {
    String id = newId();
    Subnet s = new Subnet(id, vpcId, cidr, newId(), id);
    subnets.put(id, s);
    return s;
  }

  private String nextVip(Subnet subnet) {
    String base = subnet.cidr().substring(0, subnet.cidr().lastIndexOf('.') + 1);
    int host = nextHost.merge(subnet.id(), 1, Integer::sum) + 9;
    return base + host;
  }

  private static ListenerOptions merge(ListenerOptions current, ListenerOptions change) {
    InsertHeaders c = current.insertHeaders();
    InsertHeaders n = change.insertHeaders();
    return new ListenerOptions(
        or(change.keepaliveTimeout(), current.keepaliveTimeout()),
        or(change.clientTimeout(), current.clientTimeout()),
        or(change.memberTimeout(), current.memberTimeout()),
        or(change.certificateId(), current.certificateId()),
        change.sniCertificateIds().isEmpty() ? current.sniCertificateIds() : change.sniCertificateIds(),
        or(change.http2(), current.http2()),
        new InsertHeaders(or(n.xForwardedHost(), c.xForwardedHost()), or(n.xForwardedPort(), c.xForwardedPort()),
            or(n.xForwardedForPort(), c.xForwardedForPort())),
        or(change.transparentClientIp(), current.transparentClientIp()));
  }

  private static <T> @Nullable T or(@Nullable T a, @Nullable T b) {
    return a != null ? a : b;
  }
}
