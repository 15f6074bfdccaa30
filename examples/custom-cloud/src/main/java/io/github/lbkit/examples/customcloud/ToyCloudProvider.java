package io.github.lbkit.examples.customcloud;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.ProviderSupport;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.Planner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider named {@code toycloud}: lbkit's rules over {@link ToyCloud}.
 *
 * <p>Every call has the same three steps. <b>Observe</b>: read the cloud into an {@link ObservedLoadBalancer}.
 * <b>Plan</b>: ask the shared {@link Planner} what to change. <b>Apply</b>: run the plan's {@link Operation}s in
 * order. The planner holds the correctness rules (what to create, update or delete, in which order, and what
 * never to touch), so this class is mostly translation between lbkit's terms and the toy cloud's.
 */
final class ToyCloudProvider implements LoadBalancerProvider {

  /** The name users select this provider by. */
  static final String NAME = "toycloud";

  // What the toy cloud can do. The controller checks every spec against this before calling ensure, so a Service
  // asking for more (HTTPS, ACLs, a dedicated class) gets a clear event instead of a half-built load balancer.
  private static final Capabilities CAPABILITIES = Capabilities.of(
      Feature.SHARED_CLASS, Feature.EXISTING_LOAD_BALANCER, Feature.PUBLIC_ADDRESS, Feature.UDP,
      Feature.MIXED_PROTOCOL, Feature.SESSION_PERSISTENCE, Feature.CUSTOM_EIP, Feature.PASS_THROUGH);

  private final ToyCloud cloud;
  private final Side side = new Side();
  private final ReconcileEngine engine;

  ToyCloudProvider(ToyCloud cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.engine = new ReconcileEngine(side);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    // Present when any part of ours remains, so that the controller never skips a delete that is still needed.
    return ProviderSupport.found(key, side.locate(Objects.requireNonNull(key, "key"), Objects.requireNonNull(hints)));
  }

  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    // Refuse what the cloud cannot serve before the first write, never halfway through.
    CAPABILITIES.check(spec, NAME);
    checkListenerOptions(spec);
    // The engine observes, plans, applies and plans again until nothing is left to do; it reports what it saw.
    // Only an IP we allocated is recorded as ours on the Service; a user's IP stays the user's.
    return ProviderSupport.ensured(spec, engine.ensure(spec));
  }

  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    engine.updateBackends(spec);
  }

  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    // Works from the key alone: the hints are only a shortcut, so broken annotations never block a delete.
    engine.delete(key, hints);
  }

  /** What the engine needs to know about the toy cloud: how to observe it and how to apply one operation. */
  private final class Side implements ReconcileCloud {
    /** Finds the load balancer an ensure works on: the one named by the Service, or the one carrying our tag. */
    @Override
    public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
      OwnerMarker marker = OwnerMarker.of(spec.key());
      if (spec.attachment() instanceof Attachment.Existing existing) {
        ToyCloud.LoadBalancer lb = cloud.loadBalancer(existing.loadBalancerId())
            .orElseThrow(() -> new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
                LoadBalancerHints.ELB_ID, existing.loadBalancerId(),
                "no toycloud load balancer has this id; create it first or correct the id"))));
        return Optional.of(toObserved(lb, marker));
      }
      // Find before create, by owner marker: a crash between "created" and "recorded on the Service", or two
      // racing calls, must never yield a second load balancer. The tag is the truth; annotations are not.
      return byMarker(marker).map(lb -> toObserved(lb, marker));
    }

    /** Finds what a Service may own, for find and delete: by tag, by the hinted id, or through our listeners. */
    @Override
    public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
      OwnerMarker marker = OwnerMarker.of(key);
      Optional<ToyCloud.LoadBalancer> lb = byMarker(marker);
      if (lb.isEmpty() && hints.loadBalancerId() != null) {
        lb = cloud.loadBalancer(hints.loadBalancerId());
      }
      if (lb.isEmpty()) {
        // Attached to someone's load balancer: our listeners lead to it even when the Service names no id.
        lb = cloud.listenersTagged(marker.value()).stream().findFirst()
            .flatMap(l -> cloud.loadBalancer(l.loadBalancerId()));
      }
      // Whatever we found, the planner only touches what carries our marker.
      return lb.map(found -> toObserved(found, marker));
    }

    @Override
    public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
      // Oldest first: when two controllers raced and both created one, everybody agrees on the same winner.
      return cloud.loadBalancersTagged(marker.value()).stream().map(ToyCloud.LoadBalancer::id).toList();
    }

    @Override
    public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      return new Applier(observed, marker);
    }

    @Override
    public void removeOrphans(OwnerMarker marker) {
      // A public IP of ours can outlive its load balancer (deleted by hand): release it too. Only IPs with our
      // tag; a user's IP is never released.
      for (ToyCloud.PublicIp ip : cloud.publicIpsTagged(marker.value())) {
        if (ip.boundTo() == null) {
          ProviderSupport.ignoringNotFound(() -> cloud.releasePublicIp(ip.id()));
        }
      }
    }
  }

  private Optional<ToyCloud.LoadBalancer> byMarker(OwnerMarker marker) {
    return cloud.loadBalancersTagged(marker.value()).stream().findFirst();
  }

  /** Translates the toy cloud's resources into the planner's model. */
  private ObservedLoadBalancer toObserved(ToyCloud.LoadBalancer lb, OwnerMarker marker) {
    List<ObservedListener> listeners = new ArrayList<>();
    for (ToyCloud.Listener l : cloud.listenersOf(lb.id())) {
      ObservedPool pool = cloud.poolOf(l.id()).map(p -> new ObservedPool(
          p.id(), p.algorithm(), p.persistence(),
          cloud.monitorOf(p.id()).map(m -> new ObservedMonitor(m.id(), m.check())).orElse(null),
          cloud.membersOf(p.id()).stream().map(m -> new ObservedMember(m.id(), m.address(), m.port())).toList()))
          .orElse(null);
      listeners.add(new ObservedListener(l.id(), l.protocol(), l.port(), l.tag(), options(l), pool));
    }
    ObservedEip bound =
        cloud.publicIpOn(lb.id()).map(ip -> new ObservedEip(ip.id(), ip.address(), ip.tag())).orElse(null);
    // Public IPs with our tag that are bound to nothing: left by a create or delete that stopped halfway. The
    // planner binds one of them instead of allocating another, and releases the rest.
    List<ObservedEip> detached = cloud.publicIpsTagged(marker.value()).stream()
        .filter(ip -> ip.boundTo() == null).map(ip -> new ObservedEip(ip.id(), ip.address(), ip.tag())).toList();
    return new ObservedLoadBalancer(lb.id(), lb.name(), lb.tag(), lb.vip(), bound, listeners, detached);
  }

  // A toy listener's one option is the idle timeout, lbkit's keepalive timeout; it inserts no headers. What it
  // cannot do is reported as off rather than unknown, so that a Service asking for "off" is converged.
  private static ListenerOptions options(ToyCloud.Listener l) {
    InsertHeaders none = new InsertHeaders(false, false, false);
    return new ListenerOptions(l.idleTimeout(), null, null, null, List.of(), false, none, false);
  }

  // Refuses listener options the toy cloud has no field for. Accepting them would be worse than refusing: the
  // planner would see them differ on every call and update forever.
  private static void checkListenerOptions(LoadBalancerSpec spec) {
    List<Problem> problems = new ArrayList<>();
    for (ListenerSpec l : spec.listeners()) {
      ListenerOptions o = l.options();
      InsertHeaders h = o.insertHeaders();
      boolean headers = Boolean.TRUE.equals(h.xForwardedHost()) || Boolean.TRUE.equals(h.xForwardedPort())
          || Boolean.TRUE.equals(h.xForwardedForPort());
      if (o.clientTimeout() != null || o.memberTimeout() != null || o.certificateId() != null || headers) {
        problems.add(new Problem("listener " + l.id(), null,
            "toycloud listeners have only an idle (keepalive) timeout; remove the other listener options"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
  }

  /** Applies one plan, remembering the ids that creates return for the operations after them. */
  private final class Applier implements OperationApplier {
    private @Nullable String loadBalancerId;
    private @Nullable String allocatedIpId;
    private final Map<String, String> listenerIds = new HashMap<>();
    private final Map<String, String> poolIds = new HashMap<>();

    Applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      observed.ifPresent(lb -> {
        loadBalancerId = lb.id();
        for (ObservedListener l : lb.listenersOf(marker)) {
          listenerIds.putIfAbsent(l.key(), l.id());
          if (l.pool() != null) {
            poolIds.putIfAbsent(l.key(), l.pool().id());
          }
        }
      });
    }

    @Override
    public @Nullable String apply(Operation op) {
      if (op instanceof Operation.CreateLoadBalancer c) {
        // The owner marker goes on at creation, in the same call: there is no moment when the load balancer
        // exists but cannot be found as ours. The engine then checks that it is the oldest with our tag.
        loadBalancerId = cloud.createLoadBalancer(c.name(), c.owner()).id();
        return loadBalancerId;
      } else if (op instanceof Operation.CreateEip c) {
        // Tagged, so that a later call finds it even if this one dies before binding it.
        allocatedIpId = cloud.allocatePublicIp(c.owner()).id();
      } else if (op instanceof Operation.BindEip b) {
        cloud.bindPublicIp(b.eipId() != null ? b.eipId() : require(allocatedIpId, "the allocated public IP"), lb());
      } else if (op instanceof Operation.UnbindEip u) {
        cloud.unbindPublicIp(u.eipId());
      } else if (op instanceof Operation.DeleteEip d) {
        // A user's IP is never released: the planner emits DeleteEip only for IPs that carry our marker, and
        // only unbinds the others. Not found is success, as for every delete.
        ProviderSupport.ignoringNotFound(() -> cloud.releasePublicIp(d.eipId()));
      } else if (op instanceof Operation.CreateListener c) {
        Integer idle = c.options().keepaliveTimeout();
        listenerIds.put(c.key(), cloud.createListener(lb(), c.protocol(), c.port(), c.owner(), idle).id());
      } else if (op instanceof Operation.UpdateListener u) {
        cloud.updateListener(u.listenerId(), u.options().keepaliveTimeout());
      } else if (op instanceof Operation.DeleteListener d) {
        ProviderSupport.ignoringNotFound(() -> cloud.deleteListener(d.listenerId()));
      } else if (op instanceof Operation.CreatePool c) {
        String listener = require(listenerIds.get(c.key()), "listener " + c.key());
        poolIds.put(c.key(), cloud.createPool(listener, c.settings().algorithm(),
            c.settings().sessionPersistence()).id());
      } else if (op instanceof Operation.UpdatePool u) {
        cloud.updatePool(u.poolId(), u.settings().algorithm(), u.settings().sessionPersistence());
      } else if (op instanceof Operation.DeletePool d) {
        ProviderSupport.ignoringNotFound(() -> cloud.deletePool(d.poolId()));
      } else if (op instanceof Operation.CreateMonitor c) {
        cloud.createMonitor(require(poolIds.get(c.key()), "pool of " + c.key()), c.settings());
      } else if (op instanceof Operation.UpdateMonitor u) {
        cloud.updateMonitor(u.monitorId(), u.settings());
      } else if (op instanceof Operation.DeleteMonitor d) {
        ProviderSupport.ignoringNotFound(() -> cloud.deleteMonitor(d.monitorId()));
      } else if (op instanceof Operation.AddMembers a) {
        String pool = require(poolIds.get(a.key()), "pool of " + a.key());
        for (MemberTarget t : a.members()) {
          cloud.addMember(pool, t.address(), t.port());
        }
      } else if (op instanceof Operation.RemoveMembers r) {
        for (ObservedMember m : r.members()) {
          ProviderSupport.ignoringNotFound(() -> cloud.removeMember(m.id()));
        }
      } else if (op instanceof Operation.DeleteLoadBalancer d) {
        ProviderSupport.ignoringNotFound(() -> cloud.deleteLoadBalancer(d.loadBalancerId()));
      } else {
        throw new IllegalStateException("apply plan: toycloud does not know the operation " + op);
      }
      return null;
    }

    private String lb() {
      return require(loadBalancerId, "the load balancer");
    }

    private String require(@Nullable String id, String what) {
      if (id == null) {
        throw new IllegalStateException("apply plan: " + what
            + " is neither observed nor created earlier in the plan; this is a planner bug, please report it");
      }
      return id;
    }
  }
}
