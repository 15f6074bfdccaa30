package io.github.lbkit.examples.customcloud;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.SessionPersistence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A made-up cloud with a small load balancer API, kept in memory: the stand-in for the SDK or REST client of the
 * cloud you want to add.
 *
 * <p>Its model: a load balancer has a private VIP from a pool and an optional owner tag; listeners (protocol,
 * port, idle timeout, tag) hang off a load balancer; each listener has at most one pool (algorithm, session
 * persistence) with members and an optional health monitor; public IPs are allocated, bound to one load
 * balancer, unbound and released. Like a real cloud it refuses what would break its model with a 409 (a port
 * taken twice, deleting a listener that still has a pool) and answers an unknown id with a 404.
 *
 * <p>For the conformance kit it can also misbehave on purpose: fail a share of writes (some after applying
 * them, as a timeout whose answer was lost), abort the caller right after the k-th write (a crash), and yield
 * on every call so that concurrent callers interleave.
 */
final class ToyCloud {

  /** A load balancer; {@code tag} is free text the owner may set, or null. */
  record LoadBalancer(String id, String name, @Nullable String tag, String vip) {}

  /** A listener; the toy's only listener option is the idle timeout in seconds. */
  record Listener(
      String id, String loadBalancerId, Protocol protocol, int port, @Nullable String tag,
      @Nullable Integer idleTimeout) {}

  /** The pool of a listener. */
  record Pool(String id, String listenerId, Algorithm algorithm, @Nullable SessionPersistence persistence) {}

  /** The health monitor of a pool. */
  record Monitor(String id, String poolId, HealthCheck check) {}

  /** A backend of a pool. */
  record Member(String id, String poolId, String address, int port) {}

  /** A public IP; {@code boundTo} is the load balancer it is bound to, or null. */
  record PublicIp(String id, String address, @Nullable String tag, @Nullable String boundTo) {}

  /**
   * Thrown by {@link ToyCloud#crashAfterWrites} as if the calling process had died. An {@link Error}, not a
   * {@link RuntimeException}: a process death is not an API error, and no retry of the provider may swallow it.
   */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(String message) {
      super(message);
    }
  }

  private final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  private final Map<String, Listener> listeners = new LinkedHashMap<>();
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, Monitor> monitors = new LinkedHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, PublicIp> publicIps = new LinkedHashMap<>();
  private long nextId;
  private int nextVip;
  private int nextPublicIp;
  private long writes;

  private int crashAfter;
  private double faultRate;
  private Random faults = new Random(0);
  private volatile boolean interleave;

  // ---------------------------------------------------------------- reads

  /** Lists the load balancers whose tag is exactly {@code tag}, oldest first. */
  List<LoadBalancer> loadBalancersTagged(String tag) {
    return read(() -> loadBalancers.values().stream().filter(lb -> tag.equals(lb.tag())).toList());
  }

  /** Shows a load balancer. */
  Optional<LoadBalancer> loadBalancer(String id) {
    return read(() -> Optional.ofNullable(loadBalancers.get(id)));
  }

  /** Lists the listeners of a load balancer. */
  List<Listener> listenersOf(String loadBalancerId) {
    return read(() -> listeners.values().stream().filter(l -> l.loadBalancerId().equals(loadBalancerId)).toList());
  }

  /** Lists the listeners whose tag is exactly {@code tag}, on any load balancer. */
  List<Listener> listenersTagged(String tag) {
    return read(() -> listeners.values().stream().filter(l -> tag.equals(l.tag())).toList());
  }

  /** Shows the pool of a listener. */
  Optional<Pool> poolOf(String listenerId) {
    return read(() -> pools.values().stream().filter(p -> p.listenerId().equals(listenerId)).findFirst());
  }

  /** Shows the monitor of a pool. */
  Optional<Monitor> monitorOf(String poolId) {
    return read(() -> monitors.values().stream().filter(m -> m.poolId().equals(poolId)).findFirst());
  }

  /** Lists the members of a pool. */
  List<Member> membersOf(String poolId) {
    return read(() -> members.values().stream().filter(m -> m.poolId().equals(poolId)).toList());
  }

  /** Shows the public IP bound to a load balancer. */
  Optional<PublicIp> publicIpOn(String loadBalancerId) {
    return read(() -> publicIps.values().stream().filter(ip -> loadBalancerId.equals(ip.boundTo())).findFirst());
  }

  /** Lists the public IPs whose tag is exactly {@code tag}. */
  List<PublicIp> publicIpsTagged(String tag) {
    return read(() -> publicIps.values().stream().filter(ip -> tag.equals(ip.tag())).toList());
  }

  /** Shows a public IP. */
  Optional<PublicIp> publicIp(String id) {
    return read(() -> Optional.ofNullable(publicIps.get(id)));
  }

  /** Tells whether a resource of any kind exists. */
  boolean exists(String id) {
    return read(() -> loadBalancers.containsKey(id) || listeners.containsKey(id) || pools.containsKey(id)
        || monitors.containsKey(id) || members.containsKey(id) || publicIps.containsKey(id));
  }

  /** Returns the number of writes received so far, failed ones included. */
  synchronized long writes() {
    return writes;
  }

  // ---------------------------------------------------------------- writes

  LoadBalancer createLoadBalancer(String name, @Nullable String tag) {
    return write("createLoadBalancer", () -> {
      nextVip++;
      LoadBalancer lb = new LoadBalancer(id("lb"), name, tag, "192.168.0." + nextVip);
      loadBalancers.put(lb.id(), lb);
      return lb;
    });
  }

  void deleteLoadBalancer(String id) {
    write("deleteLoadBalancer", () -> {
      require(loadBalancers, id, "deleteLoadBalancer");
      if (listeners.values().stream().anyMatch(l -> l.loadBalancerId().equals(id))) {
        throw conflict("deleteLoadBalancer", "load balancer " + id + " still has listeners; delete them first");
      }
      if (publicIps.values().stream().anyMatch(ip -> id.equals(ip.boundTo()))) {
        throw conflict("deleteLoadBalancer", "load balancer " + id + " still has a public IP; unbind it first");
      }
      return loadBalancers.remove(id);
    });
  }

  PublicIp allocatePublicIp(@Nullable String tag) {
    return write("allocatePublicIp", () -> {
      nextPublicIp++;
      PublicIp ip = new PublicIp(id("ip"), "203.0.113." + nextPublicIp, tag, null);
      publicIps.put(ip.id(), ip);
      return ip;
    });
  }

  void bindPublicIp(String ipId, String loadBalancerId) {
    write("bindPublicIp", () -> {
      PublicIp ip = require(publicIps, ipId, "bindPublicIp");
      require(loadBalancers, loadBalancerId, "bindPublicIp");
      if (ip.boundTo() != null && !ip.boundTo().equals(loadBalancerId)) {
        throw conflict("bindPublicIp", "public IP " + ipId + " is bound to " + ip.boundTo());
      }
      if (publicIps.values().stream().anyMatch(o -> !o.id().equals(ipId) && loadBalancerId.equals(o.boundTo()))) {
        throw conflict("bindPublicIp", "load balancer " + loadBalancerId + " already has a public IP");
      }
      return publicIps.put(ipId, new PublicIp(ip.id(), ip.address(), ip.tag(), loadBalancerId));
    });
  }

  void unbindPublicIp(String ipId) {
    write("unbindPublicIp", () -> {
      PublicIp ip = require(publicIps, ipId, "unbindPublicIp");
      return publicIps.put(ipId, new PublicIp(ip.id(), ip.address(), ip.tag(), null));
    });
  }

  void releasePublicIp(String ipId) {
    write("releasePublicIp", () -> {
      PublicIp ip = require(publicIps, ipId, "releasePublicIp");
      if (ip.boundTo() != null) {
        throw conflict("releasePublicIp", "public IP " + ipId + " is bound to " + ip.boundTo() + "; unbind it first");
      }
      return publicIps.remove(ipId);
    });
  }

  Listener createListener(
      String loadBalancerId, Protocol protocol, int port, @Nullable String tag, @Nullable Integer idleTimeout) {
    return write("createListener", () -> {
      require(loadBalancers, loadBalancerId, "createListener");
      boolean udp = protocol == Protocol.UDP;
      if (listeners.values().stream().anyMatch(l -> l.loadBalancerId().equals(loadBalancerId) && l.port() == port
          && (l.protocol() == Protocol.UDP) == udp)) {
        throw conflict("createListener", "port " + port + " of load balancer " + loadBalancerId + " is taken");
      }
      Listener l = new Listener(id("listener"), loadBalancerId, protocol, port, tag, idleTimeout);
      listeners.put(l.id(), l);
      return l;
    });
  }

  void updateListener(String id, @Nullable Integer idleTimeout) {
    write("updateListener", () -> {
      Listener l = require(listeners, id, "updateListener");
      return listeners.put(id, new Listener(id, l.loadBalancerId(), l.protocol(), l.port(), l.tag(), idleTimeout));
    });
  }

  void deleteListener(String id) {
    write("deleteListener", () -> {
      require(listeners, id, "deleteListener");
      if (pools.values().stream().anyMatch(p -> p.listenerId().equals(id))) {
        throw conflict("deleteListener", "listener " + id + " still has a pool; delete it first");
      }
      return listeners.remove(id);
    });
  }

  Pool createPool(String listenerId, Algorithm algorithm, @Nullable SessionPersistence persistence) {
    return write("createPool", () -> {
      require(listeners, listenerId, "createPool");
      if (pools.values().stream().anyMatch(p -> p.listenerId().equals(listenerId))) {
        throw conflict("createPool", "listener " + listenerId + " already has a pool");
      }
      Pool p = new Pool(id("pool"), listenerId, algorithm, persistence);
      pools.put(p.id(), p);
      return p;
    });
  }

  void updatePool(String id, Algorithm algorithm, @Nullable SessionPersistence persistence) {
    write("updatePool", () -> {
      Pool p = require(pools, id, "updatePool");
      return pools.put(id, new Pool(id, p.listenerId(), algorithm, persistence));
    });
  }

  void deletePool(String id) {
    write("deletePool", () -> {
      require(pools, id, "deletePool");
      if (monitors.values().stream().anyMatch(m -> m.poolId().equals(id))
          || members.values().stream().anyMatch(m -> m.poolId().equals(id))) {
        throw conflict("deletePool", "pool " + id + " still has members or a monitor; delete them first");
      }
      return pools.remove(id);
    });
  }

  Monitor createMonitor(String poolId, HealthCheck check) {
    return write("createMonitor", () -> {
      require(pools, poolId, "createMonitor");
      if (monitors.values().stream().anyMatch(m -> m.poolId().equals(poolId))) {
        throw conflict("createMonitor", "pool " + poolId + " already has a monitor");
      }
      Monitor m = new Monitor(id("monitor"), poolId, check);
      monitors.put(m.id(), m);
      return m;
    });
  }

  void updateMonitor(String id, HealthCheck check) {
    write("updateMonitor", () -> {
      Monitor m = require(monitors, id, "updateMonitor");
      return monitors.put(id, new Monitor(id, m.poolId(), check));
    });
  }

  void deleteMonitor(String id) {
    write("deleteMonitor", () -> {
      require(monitors, id, "deleteMonitor");
      return monitors.remove(id);
    });
  }

  Member addMember(String poolId, String address, int port) {
    return write("addMember", () -> {
      require(pools, poolId, "addMember");
      if (members.values().stream()
          .anyMatch(m -> m.poolId().equals(poolId) && m.address().equals(address) && m.port() == port)) {
        throw conflict("addMember", "pool " + poolId + " already has member " + address + ":" + port);
      }
      Member m = new Member(id("member"), poolId, address, port);
      members.put(m.id(), m);
      return m;
    });
  }

  void removeMember(String id) {
    write("removeMember", () -> {
      require(members, id, "removeMember");
      return members.remove(id);
    });
  }

  // ---------------------------------------------------------------- misbehaviour, for the conformance kit

  /** Aborts the caller with a {@link Crash} right after the k-th write from now was applied. */
  synchronized void crashAfterWrites(int k) {
    crashAfter = k;
  }

  /** Fails a share of writes with retryable errors, half of them after the write was applied. */
  synchronized void failWrites(double rate, long seed) {
    faultRate = rate;
    faults = new Random(seed);
  }

  /** Yields the calling thread on every call, so that concurrent callers interleave. */
  void interleave(boolean on) {
    interleave = on;
  }

  /** Removes every injected fault. */
  synchronized void clearFaults() {
    crashAfter = 0;
    faultRate = 0;
    interleave = false;
  }

  // ---------------------------------------------------------------- plumbing

  private <T> T read(Supplier<T> body) {
    pause();
    synchronized (this) {
      return body.get();
    }
  }

  private <T> @Nullable T write(String operation, Supplier<@Nullable T> body) {
    pause();
    synchronized (this) {
      writes++;
      boolean fault = faultRate > 0 && faults.nextDouble() < faultRate;
      boolean lostAnswer = fault && faults.nextBoolean();
      if (fault && !lostAnswer) {
        throw new CloudApiException(operation, 503, "Toy.Busy", null, true,
            "the toy cloud is busy; try again", null);
      }
      T result = body.get();
      if (crashAfter > 0 && --crashAfter == 0) {
        throw new Crash(operation + ": simulated crash right after the write was applied");
      }
      if (lostAnswer) {
        throw new CloudApiException(operation, 504, "Toy.Timeout", null, true,
            "the toy cloud applied the write but its answer was lost; observe before trying again", null);
      }
      return result;
    }
  }

  private void pause() {
    if (interleave) {
      Thread.yield();
    }
  }

  private String id(String kind) {
    nextId++;
    return kind + "-" + nextId;
  }

  private static <V> V require(Map<String, V> resources, String id, String operation) {
    V v = resources.get(Objects.requireNonNull(id, "id"));
    if (v == null) {
      throw new CloudApiException(operation, 404, "Toy.NotFound", null, false, "no resource " + id, null);
    }
    return v;
  }

  private static CloudApiException conflict(String operation, String message) {
    return new CloudApiException(operation, 409, "Toy.Conflict", null, false, message, null);
  }
}
