package io.github.lbkit.api.plan;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Computes the minimal, ordered operations that take an observed load balancer to a desired spec. Pure: no I/O,
 * no clock, no randomness; the same inputs always give the same plan.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Creates follow the dependency order load balancer, EIP, listener, pool, monitor, members; deletes the
 *       reverse. Listeners the spec no longer has are deleted before new ones are created, so a port moving from
 *       one protocol to another is freed first.
 *   <li>A converged state gives an empty plan.
 *   <li>What can be updated is updated in place: listener options, pool algorithm and persistence, health
 *       checks. A listener's protocol or port cannot change; a listener whose key changed is deleted and created.
 *   <li>Null fields of {@link ListenerOptions} (and an empty SNI list) mean "do not care": they never cause an
 *       update.
 *   <li>Only resources carrying the Service's {@link OwnerMarker} are changed. A desired port held by a listener
 *       without that marker (same port, same transport: UDP, or TCP for TCP/HTTP/HTTPS) is an
 *       {@link OwnershipConflictException}, never a takeover.
 *   <li>An EIP the user brought is bound and unbound, never deleted.
 *   <li>Pools carrying the Service's marker that no listener uses ({@link ObservedLoadBalancer#detachedPools()},
 *       left by an interrupted create or delete) are deleted.
 *   <li>The {@link PoolStyle} says how members are written: added and removed one by one, or replaced as a whole
 *       set in one operation per pool; the single-argument-style methods plan for {@link PoolStyle#LISTENER_POOL}.
 * </ul>
 */
public final class Planner {

  private Planner() {}

  /**
   * Plans the operations that make the cloud match a spec.
   *
   * @param desired the spec
   * @param observed the load balancer found for the Service (by marker, hint or {@code elb.id}), or empty when
   *     none exists
   * @return the operations, in order; empty when converged
   * @throws OwnershipConflictException when an auto-created spec meets a load balancer owned by someone else, or
   *     a desired port is held by a listener the Service does not own
   * @throws IllegalArgumentException when the spec attaches to an existing load balancer that was not observed
   */
  public static Plan plan(LoadBalancerSpec desired, Optional<ObservedLoadBalancer> observed) {
    return plan(desired, observed, PoolStyle.LISTENER_POOL);
  }

  /**
   * Plans the operations that make the cloud match a spec, for a cloud of the given pool style.
   *
   * @param desired the spec
   * @param observed the load balancer found for the Service (by marker, hint or {@code elb.id}), or empty when
   *     none exists
   * @param style how the cloud shapes pools and members
   * @return the operations, in order; empty when converged
   * @throws OwnershipConflictException when an auto-created spec meets a load balancer owned by someone else, or
   *     a desired port is held by a listener the Service does not own
   * @throws IllegalArgumentException when the spec attaches to an existing load balancer that was not observed
   */
  public static Plan plan(LoadBalancerSpec desired, Optional<ObservedLoadBalancer> observed, PoolStyle style) {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(observed, "observed");
    OwnerMarker marker = OwnerMarker.of(desired.key());
    String owner = marker.value();
    List<Operation> ops = new ArrayList<>();
    if (observed.isEmpty()) {
      if (!(desired.attachment() instanceof Attachment.AutoCreate auto)) {
        Attachment.Existing existing = (Attachment.Existing) desired.attachment();
        throw new IllegalArgumentException(
            "plan " + desired.key().namespacedName() + ": the load balancer " + existing.loadBalancerId()
                + " named by kubernetes.io/elb.id was not observed; observe it before planning");
      }
      ops.add(
          new Operation.CreateLoadBalancer(
              auto.name(),
              owner,
              desired.loadBalancerClass(),
              auto,
              desired.subnetId(),
              desired.tags()));
      if (desired.customEipId() != null) {
        ops.add(new Operation.BindEip(desired.customEipId()));
      } else if (auto.type() == Attachment.AddressType.PUBLIC) {
        ops.add(new Operation.CreateEip(owner));
        ops.add(new Operation.BindEip(null));
      }
      for (ListenerSpec l : desired.listeners()) {
        createListenerChain(desired, l, owner, style, ops);
      }
      return new Plan(ops);
    }

    ObservedLoadBalancer lb = observed.get();
    if (desired.autoCreated() && !lb.ownedBy(marker)) {
      throw new OwnershipConflictException(
          "load balancer " + lb.id(),
          lb.owner(),
          "plan " + desired.key().namespacedName() + ": load balancer " + lb.id() + " is not owned by this Service"
              + " (its marker is " + (lb.owner() == null ? "absent" : "'" + lb.owner() + "'") + ", expected '"
              + owner + "'); attach to it with kubernetes.io/elb.id, or remove the stale id annotation");
    }
    checkPortConflicts(desired, lb, marker);
    planEip(desired, lb, marker, ops);
    deleteDetachedPools(lb, style, ops);

    Map<String, ObservedListener> ours = new LinkedHashMap<>();
    for (ObservedListener o : lb.listenersOf(marker)) {
      ours.putIfAbsent(o.key(), o);
    }
    Set<String> wanted = new HashSet<>();
    for (ListenerSpec l : desired.listeners()) {
      wanted.add(l.id());
    }
    for (ObservedListener o : lb.listenersOf(marker)) {
      if (!wanted.contains(o.key()) || ours.get(o.key()) != o) {
        deleteListenerChain(o, style, ops);
      }
    }
    for (ListenerSpec l : desired.listeners()) {
      ObservedListener o = ours.get(l.id());
      if (o == null) {
        createListenerChain(desired, l, owner, style, ops);
      } else {
        convergeListener(desired, l, o, style, ops);
      }
    }
    return new Plan(ops);
  }

  /**
   * Plans only the member changes of the Service's listeners: what {@code updateBackends} applies. Listeners that
   * do not exist yet, or have no pool yet, are left to the next full plan.
   *
   * @param desired the spec
   * @param observed the observed load balancer
   * @return add and remove operations only
   */
  public static Plan planMembers(LoadBalancerSpec desired, ObservedLoadBalancer observed) {
    return planMembers(desired, observed, PoolStyle.LISTENER_POOL);
  }

  /**
   * Plans only the member changes of the Service's listeners, for a cloud of the given pool style.
   *
   * @param desired the spec
   * @param observed the observed load balancer
   * @param style how the cloud shapes pools and members
   * @return member operations only
   */
  public static Plan planMembers(LoadBalancerSpec desired, ObservedLoadBalancer observed, PoolStyle style) {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(observed, "observed");
    OwnerMarker marker = OwnerMarker.of(desired.key());
    Map<String, ObservedListener> ours = new LinkedHashMap<>();
    for (ObservedListener o : observed.listenersOf(marker)) {
      ours.putIfAbsent(o.key(), o);
    }
    List<Operation> ops = new ArrayList<>();
    for (ListenerSpec l : desired.listeners()) {
      ObservedListener o = ours.get(l.id());
      if (o != null && o.pool() != null) {
        convergeMembers(desired, l, o.pool(), style, ops);
      }
    }
    return new Plan(ops);
  }

  /**
   * Plans the removal of everything a Service owns, from its key alone.
   *
   * <p>The Service's listeners go with their pools, monitors and members. When the load balancer carries the
   * Service's marker and no other listener remains on it, its EIP is unbound (and deleted when lbkit created
   * it) and the load balancer is deleted. A load balancer the Service only attached to is kept, as is any EIP
   * on it.
   *
   * @param key the Service
   * @param observed the load balancer found for the Service, or empty
   * @return the operations, in order; empty when nothing of the Service's is left
   */
  public static Plan planDelete(ServiceKey key, Optional<ObservedLoadBalancer> observed) {
    return planDelete(key, observed, PoolStyle.LISTENER_POOL);
  }

  /**
   * Plans the removal of everything a Service owns, for a cloud of the given pool style; pools no listener uses
   * are removed too.
   *
   * @param key the Service
   * @param observed the load balancer found for the Service, or empty
   * @param style how the cloud shapes pools and members
   * @return the operations, in order; empty when nothing of the Service's is left
   */
  public static Plan planDelete(ServiceKey key, Optional<ObservedLoadBalancer> observed, PoolStyle style) {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(observed, "observed");
    if (observed.isEmpty()) {
      return Plan.EMPTY;
    }
    ObservedLoadBalancer lb = observed.get();
    OwnerMarker marker = OwnerMarker.of(key);
    List<Operation> ops = new ArrayList<>();
    List<ObservedListener> ours = lb.listenersOf(marker);
    for (ObservedListener o : ours) {
      deleteListenerChain(o, style, ops);
    }
    deleteDetachedPools(lb, style, ops);
    boolean foreignListenersLeft = lb.listeners().size() > ours.size();
    if (lb.ownedBy(marker) && !foreignListenersLeft) {
      ObservedEip eip = lb.eip();
      if (eip != null) {
        ops.add(new Operation.UnbindEip(eip.id()));
        if (marker.matches(eip.owner())) {
          ops.add(new Operation.DeleteEip(eip.id()));
        }
      }
      deleteDetached(lb, marker, ops);
      ops.add(new Operation.DeleteLoadBalancer(lb.id()));
    } else {
      deleteDetached(lb, marker, ops);
    }
    return new Plan(ops);
  }


  /**
   * Decides whether a load balancer that CCE's controller created may be taken over for the spec's
   * {@link io.github.lbkit.api.Adoption}, and plans the takeover: the owner marker goes onto the load balancer,
   * onto the EIP that {@code kubernetes.io/elb.eip-id} names and onto the listeners on the Service's ports, then
   * the rest converges in place (listener options, pools, health checks, members). Nothing is created or deleted
   * that is already there, so the VIP and the EIP keep their addresses.
   *
   * <p>A candidate is adopted only when it matches: no lbkit marker on it (an own one would have been found by
   * marker already), the spec's class, the cluster's VPC (when both are known), the EIP the Service names bound
   * to it, and on the Service's ports either no listener or an unmarked one of the same protocol; no listener on
   * it may carry another Service's marker. Searched by name, zero candidates mean there is nothing to adopt (the
   * caller plans a create); two or more are a refusal, never a guess.
   *
   * @param desired the spec; its {@link LoadBalancerSpec#adoption()} must be set
   * @param candidates what the provider found for the adoption (by id: at most one; by name: unmarked ones only)
   * @param clusterVpcId the cluster's VPC, or null when the provider does not know it
   * @param style how the cloud shapes pools and members
   * @return the plan, marker operations first; empty when the search by name found nothing to adopt
   * @throws OwnershipConflictException when the load balancer may not be taken over, before any write; the
   *     message says why and what to do
   */
  public static Optional<Plan> planAdoption(LoadBalancerSpec desired, List<AdoptionCandidate> candidates,
      @Nullable String clusterVpcId, PoolStyle style) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(style, "style");
    io.github.lbkit.api.Adoption adoption =
        Objects.requireNonNull(desired.adoption(), "planAdoption: the spec asks for no adoption");
    String svc = desired.key().namespacedName();
    if (candidates.isEmpty()) {
      if (adoption.byId()) {
        throw refuse(svc, "load balancer " + adoption.loadBalancerId(), null,
            "it does not exist (kubernetes.io/elb.id names it)",
            "correct kubernetes.io/elb.id, or remove kubernetes.io/elb.id and kubernetes.io/elb.eip-id to let lbkit"
                + " create a new load balancer (with a new address)");
      }
      return Optional.empty();
    }
    if (candidates.size() > 1) {
      List<String> ids = candidates.stream().map(c -> c.loadBalancer().id()).toList();
      throw refuse(svc, "load balancer named " + candidates.get(0).loadBalancer().name(), null,
          candidates.size() + " unmarked load balancers " + ids + " carry the name " + adoption.names()
              + ", and lbkit never guesses",
          "set kubernetes.io/elb.id to the one to take over, or rename or delete the others");
    }
    AdoptionCandidate c = candidates.get(0);
    ObservedLoadBalancer lb = c.loadBalancer();
    OwnerMarker marker = OwnerMarker.of(desired.key());
    String what = "load balancer " + lb.id();
    if (lb.owner() != null) {
      throw refuse(svc, what, lb.owner(), "it carries the owner marker '" + lb.owner() + "' of another Service",
          "remove kubernetes.io/elb.id from this Service; only the Service that created it may own it");
    }
    if (c.loadBalancerClass() != desired.loadBalancerClass()) {
      throw refuse(svc, what, null, "it is " + c.loadBalancerClass().annotationValue() + " (the Service asks for "
          + desired.loadBalancerClass().annotationValue() + ")",
          "set kubernetes.io/elb.class: " + c.loadBalancerClass().annotationValue() + " to match it");
    }
    if (clusterVpcId != null && c.vpcId() != null && !clusterVpcId.equals(c.vpcId())) {
      throw refuse(svc, what, null, "it is in VPC " + c.vpcId() + ", not in the cluster's VPC " + clusterVpcId,
          "lbkit takes over only load balancers in the cluster's VPC; remove kubernetes.io/elb.id and"
              + " kubernetes.io/elb.eip-id to create a new one");
    }
    ObservedEip bound = lb.eip();
    if (adoption.eipId() != null && (bound == null || !bound.id().equals(adoption.eipId()))) {
      throw refuse(svc, what, null, "kubernetes.io/elb.eip-id names EIP " + adoption.eipId() + ", but "
          + (bound == null ? "no EIP is bound to it" : "EIP " + bound.id() + " is bound to it"),
          "correct kubernetes.io/elb.eip-id to the EIP bound to the load balancer (or remove it when none is)");
    }
    if (bound == null && desired.customEipId() == null && desired.attachment() instanceof Attachment.AutoCreate a
        && a.type() == Attachment.AddressType.PUBLIC) {
      throw refuse(svc, what, null, "the Service asks for a public load balancer, but no EIP is bound to it",
          "bind the load balancer's EIP again in the cloud, or make kubernetes.io/elb.autocreate say"
              + " \"type\":\"inner\" for the takeover");
    }
    if (adoption.eipId() != null && bound.owner() != null) {
      throw refuse(svc, "EIP " + bound.id(), bound.owner(), "it carries the owner marker '" + bound.owner() + "'",
          "remove kubernetes.io/elb.eip-id from this Service");
    }
    for (ObservedListener o : lb.listeners()) {
      if (o.owner() != null) {
        throw refuse(svc, what, o.owner(), "its listener " + o.id() + " (" + o.key() + ") carries the owner marker '"
            + o.owner() + "' of another Service",
            "hand that Service's listener back or delete it first; a shared load balancer is never taken over");
      }
    }
    List<Operation> ops = new ArrayList<>();
    String owner = marker.value();
    ops.add(new Operation.MarkLoadBalancer(lb.id(), owner));
    ObservedEip eip = bound;
    if (adoption.eipId() != null) {
      ops.add(new Operation.MarkEip(bound.id(), owner));
      eip = new ObservedEip(bound.id(), bound.address(), owner);
    }
    List<ObservedListener> listeners = new ArrayList<>();
    for (ObservedListener o : lb.listeners()) {
      ListenerSpec wanted = null;
      for (ListenerSpec l : desired.listeners()) {
        if (l.port() == o.port() && transport(l.protocol()) == transport(o.protocol())) {
          wanted = l;
        }
      }
      if (wanted == null) {
        listeners.add(o);
        continue;
      }
      if (wanted.protocol() != o.protocol()) {
        throw refuse(svc, "listener " + o.id(), null, "it listens on port " + o.port() + " with " + o.protocol()
                + ", but the Service asks for " + wanted.protocol(),
            "make the Service's protocol on port " + o.port() + " " + o.protocol() + " for the takeover (change it"
                + " afterwards), or delete that listener in the cloud");
      }
      ObservedPool pool = o.pool();
      ops.add(new Operation.MarkListener(o.id(), o.key(), pool == null ? null : pool.id(), owner));
      listeners.add(new ObservedListener(o.id(), o.protocol(), o.port(), owner, o.options(), pool));
    }
    ObservedLoadBalancer adopted = new ObservedLoadBalancer(lb.id(), lb.name(), owner, lb.vipAddress(),
        eip, listeners, lb.detachedEips(), lb.detachedPools());
    ops.addAll(plan(desired, Optional.of(adopted), style).operations());
    return Optional.of(new Plan(ops));
  }

  private static OwnershipConflictException refuse(String svc, String resource, @Nullable String owner, String why,
      String todo) {
    return new OwnershipConflictException(resource, owner, "adopt " + svc + ": " + resource
        + " cannot be taken over from CCE's controller: " + why + "; nothing was changed. To fix: " + todo);
  }

  /**
   * Plans handing a Service's resources back: the owner marker comes off its listeners, its EIPs and its load
   * balancer, and nothing else changes; nothing is deleted. Afterwards lbkit no longer finds them as the
   * Service's, and neither deletes nor changes them.
   *
   * @param key the Service
   * @param observed the load balancer found for the Service, or empty
   * @return the marker operations; empty when nothing carries the Service's marker
   */
  public static Plan planRelease(ServiceKey key, Optional<ObservedLoadBalancer> observed) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(observed, "observed");
    if (observed.isEmpty()) {
      return Plan.EMPTY;
    }
    ObservedLoadBalancer lb = observed.get();
    OwnerMarker marker = OwnerMarker.of(key);
    List<Operation> ops = new ArrayList<>();
    for (ObservedListener o : lb.listenersOf(marker)) {
      ops.add(new Operation.MarkListener(o.id(), o.key(), o.pool() == null ? null : o.pool().id(), null));
    }
    if (lb.eip() != null && marker.matches(lb.eip().owner())) {
      ops.add(new Operation.MarkEip(lb.eip().id(), null));
    }
    for (ObservedEip e : lb.detachedEips()) {
      if (marker.matches(e.owner())) {
        ops.add(new Operation.MarkEip(e.id(), null));
      }
    }
    if (lb.ownedBy(marker)) {
      ops.add(new Operation.MarkLoadBalancer(lb.id(), null));
    }
    return new Plan(ops);
  }

  private static void planEip(
      LoadBalancerSpec desired, ObservedLoadBalancer lb, OwnerMarker marker, List<Operation> ops) {
    String custom = desired.customEipId();
    ObservedEip bound = lb.eip();
    List<ObservedEip> detached =
        lb.detachedEips().stream().filter(e -> marker.matches(e.owner()) && !e.id().equals(custom)).toList();
    if (custom != null) {
      if (bound == null) {
        ops.add(new Operation.BindEip(custom));
      } else if (!bound.id().equals(custom)) {
        ops.add(new Operation.UnbindEip(bound.id()));
        if (marker.matches(bound.owner())) {
          ops.add(new Operation.DeleteEip(bound.id()));
        }
        ops.add(new Operation.BindEip(custom));
      }
      detached.forEach(e -> ops.add(new Operation.DeleteEip(e.id())));
      return;
    }
    if (desired.attachment() instanceof Attachment.AutoCreate auto
        && auto.type() == Attachment.AddressType.PUBLIC
        && bound == null) {
      if (detached.isEmpty()) {
        ops.add(new Operation.CreateEip(marker.value()));
        ops.add(new Operation.BindEip(null));
      } else {
        ops.add(new Operation.BindEip(detached.get(0).id()));
        detached.subList(1, detached.size()).forEach(e -> ops.add(new Operation.DeleteEip(e.id())));
      }
      return;
    }
    detached.forEach(e -> ops.add(new Operation.DeleteEip(e.id())));
  }

  private static void deleteDetachedPools(ObservedLoadBalancer lb, PoolStyle style, List<Operation> ops) {
    for (ObservedPool p : lb.detachedPools()) {
      deletePool(p, "", style, ops);
    }
  }

  private static void deleteDetached(ObservedLoadBalancer lb, OwnerMarker marker, List<Operation> ops) {
    for (ObservedEip e : lb.detachedEips()) {
      if (marker.matches(e.owner())) {
        ops.add(new Operation.DeleteEip(e.id()));
      }
    }
  }

  private static void checkPortConflicts(LoadBalancerSpec desired, ObservedLoadBalancer lb, OwnerMarker marker) {
    for (ObservedListener o : lb.listeners()) {
      if (marker.matches(o.owner())) {
        continue;
      }
      for (ListenerSpec l : desired.listeners()) {
        if (l.port() == o.port() && transport(l.protocol()) == transport(o.protocol())) {
          throw new OwnershipConflictException(
              "listener " + o.id(),
              o.owner(),
              "plan " + desired.key().namespacedName() + ": port " + l.port() + " (" + l.protocol()
                  + ") of load balancer " + lb.id() + " is held by listener " + o.id() + " ("
                  + o.protocol() + "), which this Service does not own"
                  + (o.owner() == null ? "" : " (owner '" + o.owner() + "')")
                  + "; choose another port or remove that listener");
        }
      }
    }
  }

  private static boolean transport(Protocol p) {
    return p == Protocol.UDP;
  }

  private static void createListenerChain(
      LoadBalancerSpec desired, ListenerSpec l, String owner, PoolStyle style, List<Operation> ops) {
    ops.add(new Operation.CreateListener(l.id(), l.protocol(), l.port(), owner, l.options()));
    createPoolChain(desired, l, style, ops);
  }

  private static void createPoolChain(LoadBalancerSpec desired, ListenerSpec l, PoolStyle style, List<Operation> ops) {
    ops.add(new Operation.CreatePool(l.id(), l.protocol(), l.pool()));
    if (l.healthCheck() != null) {
      ops.add(new Operation.CreateMonitor(l.id(), l.healthCheck()));
    }
    List<MemberTarget> members = desired.membersFor(l);
    if (!members.isEmpty()) {
      ops.add(style == PoolStyle.TARGET_GROUP
          ? new Operation.ReplaceMembers(l.id(), null, members)
          : new Operation.AddMembers(l.id(), members));
    }
  }

  private static void deleteListenerChain(ObservedListener o, PoolStyle style, List<Operation> ops) {
    ObservedPool p = o.pool();
    if (style == PoolStyle.TARGET_GROUP) {
      // The listener refers to its target group: it goes first, and the group takes its members and check along.
      ops.add(new Operation.DeleteListener(o.id(), o.key()));
      if (p != null) {
        deletePool(p, o.key(), style, ops);
      }
      return;
    }
    if (p != null) {
      deletePool(p, o.key(), style, ops);
    }
    ops.add(new Operation.DeleteListener(o.id(), o.key()));
  }

  private static void deletePool(ObservedPool p, String key, PoolStyle style, List<Operation> ops) {
    if (style == PoolStyle.LISTENER_POOL) {
      if (!p.members().isEmpty()) {
        ops.add(new Operation.RemoveMembers(p.id(), key, p.members()));
      }
      if (p.monitor() != null) {
        ops.add(new Operation.DeleteMonitor(p.monitor().id(), key));
      }
    }
    ops.add(new Operation.DeletePool(p.id(), key));
  }

  private static void convergeListener(
      LoadBalancerSpec desired, ListenerSpec l, ObservedListener o, PoolStyle style, List<Operation> ops) {
    if (optionsDiffer(l.options(), o.options())) {
      ops.add(new Operation.UpdateListener(o.id(), l.id(), l.options()));
    }
    ObservedPool p = o.pool();
    if (p == null) {
      createPoolChain(desired, l, style, ops);
      return;
    }
    if (!p.settings().equals(l.pool())) {
      ops.add(new Operation.UpdatePool(p.id(), l.id(), l.pool()));
    }
    ObservedMonitor m = p.monitor();
    if (l.healthCheck() == null) {
      if (m != null) {
        ops.add(new Operation.DeleteMonitor(m.id(), l.id()));
      }
    } else if (m == null) {
      ops.add(new Operation.CreateMonitor(l.id(), l.healthCheck()));
    } else if (healthCheckDiffers(l.healthCheck(), m.settings())) {
      ops.add(new Operation.UpdateMonitor(m.id(), l.id(), l.healthCheck()));
    }
    convergeMembers(desired, l, p, style, ops);
  }

  private static void convergeMembers(
      LoadBalancerSpec desired, ListenerSpec l, ObservedPool p, PoolStyle style, List<Operation> ops) {
    Set<MemberTarget> want = new LinkedHashSet<>(desired.membersFor(l));
    if (style == PoolStyle.TARGET_GROUP) {
      List<MemberTarget> have = p.members().stream().map(ObservedMember::target).toList();
      if (have.size() != want.size() || !new HashSet<>(have).equals(want)) {
        ops.add(new Operation.ReplaceMembers(l.id(), p.id(), List.copyOf(want)));
      }
      return;
    }
    Set<MemberTarget> seen = new HashSet<>();
    List<ObservedMember> remove = new ArrayList<>();
    for (ObservedMember m : p.members()) {
      MemberTarget t = new MemberTarget(m.address(), m.port());
      if (want.contains(t) && seen.add(t)) {
        continue;
      }
      remove.add(m);
    }
    if (!remove.isEmpty()) {
      ops.add(new Operation.RemoveMembers(p.id(), l.id(), remove));
    }
    List<MemberTarget> add = want.stream().filter(t -> !seen.contains(t)).toList();
    if (!add.isEmpty()) {
      ops.add(new Operation.AddMembers(l.id(), add));
    }
  }

  /**
   * Tells whether applying the desired options would change the observed ones; null desired fields and an empty
   * SNI list are "do not care".
   *
   * @param desired the options the spec asks for
   * @param observed the options the cloud reports
   * @return true when an update is needed
   */
  public static boolean optionsDiffer(ListenerOptions desired, ListenerOptions observed) {
    return differs(desired.keepaliveTimeout(), observed.keepaliveTimeout())
        || differs(desired.clientTimeout(), observed.clientTimeout())
        || differs(desired.memberTimeout(), observed.memberTimeout())
        || differs(desired.certificateId(), observed.certificateId())
        || (!desired.sniCertificateIds().isEmpty()
            && !Set.copyOf(desired.sniCertificateIds()).equals(Set.copyOf(observed.sniCertificateIds())))
        || differs(desired.http2(), observed.http2())
        || headersDiffer(desired.insertHeaders(), observed.insertHeaders())
        || differs(desired.transparentClientIp(), observed.transparentClientIp());
  }

  /**
   * Tells whether applying the desired health check would change the observed one. The required fields (type,
   * delay, timeout, retries) are compared; a null optional field ({@code maxRetriesDown}, {@code path},
   * {@code expectedCodes}, {@code monitorPort}) means "cloud default" and matches whatever the cloud reports, as
   * null fields of {@link ListenerOptions} do.
   *
   * @param desired the health check the spec asks for
   * @param observed the health check the cloud reports
   * @return true when an update is needed
   */
  public static boolean healthCheckDiffers(HealthCheck desired, HealthCheck observed) {
    return desired.type() != observed.type()
        || desired.delaySeconds() != observed.delaySeconds()
        || desired.timeoutSeconds() != observed.timeoutSeconds()
        || desired.maxRetries() != observed.maxRetries()
        || differs(desired.maxRetriesDown(), observed.maxRetriesDown())
        || differs(desired.path(), observed.path())
        || differs(desired.expectedCodes(), observed.expectedCodes())
        || differs(desired.monitorPort(), observed.monitorPort());
  }

  private static boolean headersDiffer(InsertHeaders desired, InsertHeaders observed) {
    return differs(desired.xForwardedHost(), observed.xForwardedHost())
        || differs(desired.xForwardedPort(), observed.xForwardedPort())
        || differs(desired.xForwardedForPort(), observed.xForwardedForPort());
  }

  private static boolean differs(@Nullable Object desired, @Nullable Object observed) {
    return desired != null && !desired.equals(observed);
  }
}
