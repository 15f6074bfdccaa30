package io.github.lbkit.examples.targetgroups;

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
 * A made-up cloud shaped unlike OpenStack, kept in memory: the stand-in for the SDK of a cloud whose load
 * balancers forward to target groups.
 *
 * <p>Its model: a load balancer has a private VIP and an optional owner tag. Its listeners are addressed by name
 * within the load balancer, never by an id of their own, and each forwards to at most one target group.
 * Target groups are top-level resources, tagged, independent of any load balancer: their health check is a field
 * of the group, and one call replaces the whole list of targets (there is no "add one target"). Public IPs are
 * allocated, bound to one load balancer, unbound and released. It refuses what would break its model with a 409
 * (a listener name or port taken twice, deleting a target group a listener forwards to) and answers an unknown
 * id or name with a 404.
 *
 * <p>For the conformance kit it can also misbehave on purpose: fail a share of writes (some after applying
 * them, as a timeout whose answer was lost), abort the caller right after the k-th write (a crash), and yield
 * on every call so that concurrent callers interleave.
 */
final class GroupCloud {

  /** A load balancer; {@code tag} is free text the owner may set, or null. */
  record LoadBalancer(String id, String name, @Nullable String tag, String vip) {}

  /** A listener, named uniquely within its load balancer; it forwards to {@code targetGroupId}, or nowhere. */
  record Listener(
      String loadBalancerId, String name, Protocol protocol, int port, @Nullable String tag,
      @Nullable Integer idleTimeout, @Nullable String targetGroupId) {}

  /** A backend of a target group. */
  record Target(String address, int port) {}

  /** A target group, with its health check (null when off) and its targets inline. */
  record TargetGroup(
      String id, @Nullable String tag, Protocol protocol, Algorithm algorithm,
      @Nullable SessionPersistence persistence, @Nullable HealthCheck healthCheck, List<Target> targets) {}

  /** A public IP; {@code boundTo} is the load balancer it is bound to, or null. */
  record PublicIp(String id, String address, @Nullable String tag, @Nullable String boundTo) {}

  /**
   * Thrown by {@link GroupCloud#crashAfterWrites} as if the calling process had died. An {@link Error}, not a
   * {@link RuntimeException}: a process death is not an API error, and no retry of the provider may swallow it.
   */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(String message) {
      super(message);
    }
  }

  private final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  private final Map<String, Listener> listeners = new LinkedHashMap<>(); // by "loadBalancerId/name"
  private final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
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

  /** Lists the target groups whose tag is exactly {@code tag}, oldest first. */
  List<TargetGroup> targetGroupsTagged(String tag) {
    return read(() -> targetGroups.values().stream().filter(g -> tag.equals(g.tag())).toList());
  }

  /** Tells whether any listener, on any load balancer, forwards to the target group. */
  boolean inUse(String targetGroupId) {
    return read(() -> listeners.values().stream().anyMatch(l -> targetGroupId.equals(l.targetGroupId())));
  }

  /** Shows a target group. */
  Optional<TargetGroup> targetGroup(String id) {
    return read(() -> Optional.ofNullable(targetGroups.get(id)));
  }

  /** Shows the public IP bound to a load balancer. */
  Optional<PublicIp> publicIpOn(String loadBalancerId) {
    return read(() -> publicIps.values().stream().filter(ip -> loadBalancerId.equals(ip.boundTo())).findFirst());
  }

  /** Lists the public IPs whose tag is exactly {@code tag}. */
  List<PublicIp> publicIpsTagged(String tag) {
    return read(() -> publicIps.values().stream().filter(ip -> tag.equals(ip.tag())).toList());
  }

  /** Tells whether a load balancer, target group or public IP with this id, or a listener "lb/name", exists. */
  boolean exists(String id) {
    return read(() -> loadBalancers.containsKey(id) || listeners.containsKey(id) || targetGroups.containsKey(id)
        || publicIps.containsKey(id));
  }

  /** Returns the number of writes received so far, failed ones included. */
  synchronized long writes() {
    return writes;
  }

  // ---------------------------------------------------------------- writes

  LoadBalancer createLoadBalancer(String name, @Nullable String tag) {
    return write("CreateLoadBalancer", () -> {
      nextVip++;
      LoadBalancer lb = new LoadBalancer(id("lb"), name, tag, "172.16.0." + nextVip);
      loadBalancers.put(lb.id(), lb);
      return lb;
    });
  }

  void deleteLoadBalancer(String id) {
    write("DeleteLoadBalancer", () -> {
      require(loadBalancers, id, "DeleteLoadBalancer");
      if (listeners.values().stream().anyMatch(l -> l.loadBalancerId().equals(id))) {
        throw conflict("DeleteLoadBalancer", "load balancer " + id + " still has listeners; delete them first");
      }
      if (publicIps.values().stream().anyMatch(ip -> id.equals(ip.boundTo()))) {
        throw conflict("DeleteLoadBalancer", "load balancer " + id + " still has a public IP; unbind it first");
      }
      return loadBalancers.remove(id);
    });
  }

  PublicIp allocatePublicIp(@Nullable String tag) {
    return write("AllocatePublicIp", () -> {
      nextPublicIp++;
      PublicIp ip = new PublicIp(id("ip"), "198.51.100." + nextPublicIp, tag, null);
      publicIps.put(ip.id(), ip);
      return ip;
    });
  }

  void bindPublicIp(String ipId, String loadBalancerId) {
    write("BindPublicIp", () -> {
      PublicIp ip = require(publicIps, ipId, "BindPublicIp");
      require(loadBalancers, loadBalancerId, "BindPublicIp");
      if (ip.boundTo() != null && !ip.boundTo().equals(loadBalancerId)) {
        throw conflict("BindPublicIp", "public IP " + ipId + " is bound to " + ip.boundTo());
      }
      if (publicIps.values().stream().anyMatch(o -> !o.id().equals(ipId) && loadBalancerId.equals(o.boundTo()))) {
        throw conflict("BindPublicIp", "load balancer " + loadBalancerId + " already has a public IP");
      }
      return publicIps.put(ipId, new PublicIp(ip.id(), ip.address(), ip.tag(), loadBalancerId));
    });
  }

  void unbindPublicIp(String ipId) {
    write("UnbindPublicIp", () -> {
      PublicIp ip = require(publicIps, ipId, "UnbindPublicIp");
      return publicIps.put(ipId, new PublicIp(ip.id(), ip.address(), ip.tag(), null));
    });
  }

  void releasePublicIp(String ipId) {
    write("ReleasePublicIp", () -> {
      PublicIp ip = require(publicIps, ipId, "ReleasePublicIp");
      if (ip.boundTo() != null) {
        throw conflict("ReleasePublicIp", "public IP " + ipId + " is bound to " + ip.boundTo() + "; unbind it first");
      }
      return publicIps.remove(ipId);
    });
  }

  /** Creates a listener that forwards nowhere yet; {@link #forward} points it at a target group. */
  Listener createListener(String loadBalancerId, String name, Protocol protocol, int port, @Nullable String tag,
      @Nullable Integer idleTimeout) {
    return write("CreateListener", () -> {
      require(loadBalancers, loadBalancerId, "CreateListener");
      boolean udp = protocol == Protocol.UDP;
      if (listeners.containsKey(loadBalancerId + "/" + name)) {
        throw conflict("CreateListener", "load balancer " + loadBalancerId + " already has a listener " + name);
      }
      if (listeners.values().stream().anyMatch(l -> l.loadBalancerId().equals(loadBalancerId) && l.port() == port
          && (l.protocol() == Protocol.UDP) == udp)) {
        throw conflict("CreateListener", "port " + port + " of load balancer " + loadBalancerId + " is taken");
      }
      Listener l = new Listener(loadBalancerId, name, protocol, port, tag, idleTimeout, null);
      listeners.put(loadBalancerId + "/" + name, l);
      return l;
    });
  }

  void modifyListener(String loadBalancerId, String name, @Nullable Integer idleTimeout) {
    write("ModifyListener", () -> {
      Listener l = require(listeners, loadBalancerId + "/" + name, "ModifyListener");
      return listeners.put(loadBalancerId + "/" + name, new Listener(l.loadBalancerId(), l.name(), l.protocol(),
          l.port(), l.tag(), idleTimeout, l.targetGroupId()));
    });
  }

  /** Points a listener at a target group; a listener that already forwards elsewhere is a conflict. */
  void forward(String loadBalancerId, String name, String targetGroupId) {
    write("ModifyListenerDefaultAction", () -> {
      Listener l = require(listeners, loadBalancerId + "/" + name, "ModifyListenerDefaultAction");
      require(targetGroups, targetGroupId, "ModifyListenerDefaultAction");
      if (l.targetGroupId() != null && !l.targetGroupId().equals(targetGroupId)) {
        throw conflict("ModifyListenerDefaultAction", "listener " + name + " already forwards to "
            + l.targetGroupId());
      }
      return listeners.put(loadBalancerId + "/" + name, new Listener(l.loadBalancerId(), l.name(), l.protocol(),
          l.port(), l.tag(), l.idleTimeout(), targetGroupId));
    });
  }

  void deleteListener(String loadBalancerId, String name) {
    write("DeleteListener", () -> {
      require(listeners, loadBalancerId + "/" + name, "DeleteListener");
      return listeners.remove(loadBalancerId + "/" + name);
    });
  }

  TargetGroup createTargetGroup(@Nullable String tag, Protocol protocol, Algorithm algorithm,
      @Nullable SessionPersistence persistence, @Nullable HealthCheck healthCheck) {
    return write("CreateTargetGroup", () -> {
      TargetGroup g = new TargetGroup(id("tg"), tag, protocol, algorithm, persistence, healthCheck, List.of());
      targetGroups.put(g.id(), g);
      return g;
    });
  }

  void modifyTargetGroup(String id, Algorithm algorithm, @Nullable SessionPersistence persistence) {
    write("ModifyTargetGroup", () -> {
      TargetGroup g = require(targetGroups, id, "ModifyTargetGroup");
      return targetGroups.put(id, new TargetGroup(id, g.tag(), g.protocol(), algorithm, persistence,
          g.healthCheck(), g.targets()));
    });
  }

  /** Sets the health check of a target group; null turns it off. */
  void modifyHealthCheck(String id, @Nullable HealthCheck healthCheck) {
    write("ModifyTargetGroupHealthCheck", () -> {
      TargetGroup g = require(targetGroups, id, "ModifyTargetGroupHealthCheck");
      return targetGroups.put(id, new TargetGroup(id, g.tag(), g.protocol(), g.algorithm(), g.persistence(),
          healthCheck, g.targets()));
    });
  }

  /** Replaces every target of a group with the given ones: the only way to change targets. */
  void replaceTargets(String id, List<Target> targets) {
    write("ReplaceTargets", () -> {
      TargetGroup g = require(targetGroups, id, "ReplaceTargets");
      if (targets.stream().distinct().count() != targets.size()) {
        throw new CloudApiException("ReplaceTargets", 400, "Group.DuplicateTarget", null, false,
            "a target is listed twice: " + targets, null);
      }
      return targetGroups.put(id, new TargetGroup(id, g.tag(), g.protocol(), g.algorithm(), g.persistence(),
          g.healthCheck(), List.copyOf(targets)));
    });
  }

  /** Deletes a target group with its targets and health check; one a listener forwards to is a conflict. */
  void deleteTargetGroup(String id) {
    write("DeleteTargetGroup", () -> {
      require(targetGroups, id, "DeleteTargetGroup");
      if (listeners.values().stream().anyMatch(l -> id.equals(l.targetGroupId()))) {
        throw conflict("DeleteTargetGroup", "target group " + id + " is in use by a listener");
      }
      return targetGroups.remove(id);
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
        throw new CloudApiException(operation, 429, "Group.Throttled", null, true,
            "request rate exceeded; try again", null);
      }
      T result = body.get();
      if (crashAfter > 0 && --crashAfter == 0) {
        throw new Crash(operation + ": simulated crash right after the write was applied");
      }
      if (lostAnswer) {
        throw new CloudApiException(operation, 504, "Group.Timeout", null, true,
            "the write was applied but its answer was lost; observe before trying again", null);
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
      throw new CloudApiException(operation, 404, "Group.NotFound", null, false, "no resource " + id, null);
    }
    return v;
  }

  private static CloudApiException conflict(String operation, String message) {
    return new CloudApiException(operation, 409, "Group.Conflict", null, false, message, null);
  }
}
