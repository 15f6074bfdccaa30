package io.github.lbkit.examples.targetgroups;

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
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.ProviderSupport;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.PoolStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider named {@code groupcloud}: lbkit's rules over {@link GroupCloud}, a cloud of named listeners and
 * top-level target groups.
 *
 * <p>Like every provider on the shared {@link ReconcileEngine}, it only translates: it observes the cloud into
 * the planner's model and applies one {@link Operation} at a time. What differs from a cloud with a pool under
 * each listener is declared, not coded around: {@link PoolStyle#TARGET_GROUP} makes the planner write a group's
 * targets as one whole set and remove a listener before the group it forwards to, and target groups that no
 * listener forwards to (left by a crash between creating a group and pointing the listener at it) are reported
 * as {@link ObservedLoadBalancer#detachedPools()}, which the planner deletes.
 */
final class GroupCloudProvider implements LoadBalancerProvider {

  /** The name users select this provider by. */
  static final String NAME = "groupcloud";

  private static final Capabilities CAPABILITIES = Capabilities.of(
      Feature.SHARED_CLASS, Feature.EXISTING_LOAD_BALANCER, Feature.PUBLIC_ADDRESS, Feature.UDP,
      Feature.MIXED_PROTOCOL, Feature.SESSION_PERSISTENCE, Feature.CUSTOM_EIP, Feature.PASS_THROUGH);

  // The cloud inserts no headers, speaks no HTTP/2 and does not pass the client address through: reported as off.
  private static final InsertHeaders NO_HEADERS = new InsertHeaders(false, false, false);

  private final GroupCloud cloud;
  private final Side side = new Side();
  private final ReconcileEngine engine;

  GroupCloudProvider(GroupCloud cloud) {
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
    return ProviderSupport.found(key, side.locate(Objects.requireNonNull(key, "key"), Objects.requireNonNull(hints)));
  }

  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CAPABILITIES.check(spec, NAME);
    checkListenerOptions(spec);
    return ProviderSupport.ensured(spec, engine.ensure(spec));
  }

  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    engine.updateBackends(spec);
  }

  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    engine.delete(key, hints);
  }

  /** What the engine needs to know about the cloud. */
  private final class Side implements ReconcileCloud {
    @Override
    public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
      OwnerMarker marker = OwnerMarker.of(spec.key());
      if (spec.attachment() instanceof Attachment.Existing existing) {
        GroupCloud.LoadBalancer lb = cloud.loadBalancer(existing.loadBalancerId())
            .orElseThrow(() -> new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
                LoadBalancerHints.ELB_ID, existing.loadBalancerId(),
                "no groupcloud load balancer has this id; create it first or correct the id"))));
        return Optional.of(toObserved(lb, marker));
      }
      return byMarker(marker).map(lb -> toObserved(lb, marker));
    }

    @Override
    public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
      OwnerMarker marker = OwnerMarker.of(key);
      Optional<GroupCloud.LoadBalancer> lb = byMarker(marker);
      if (lb.isEmpty() && hints.loadBalancerId() != null) {
        lb = cloud.loadBalancer(hints.loadBalancerId());
      }
      if (lb.isEmpty()) {
        lb = cloud.listenersTagged(marker.value()).stream().findFirst()
            .flatMap(l -> cloud.loadBalancer(l.loadBalancerId()));
      }
      return lb.map(found -> toObserved(found, marker));
    }

    @Override
    public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
      return cloud.loadBalancersTagged(marker.value()).stream().map(GroupCloud.LoadBalancer::id).toList();
    }

    @Override
    public PoolStyle poolStyle() {
      return PoolStyle.TARGET_GROUP;
    }

    @Override
    public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      return new Applier(observed, marker);
    }

    @Override
    public void removeOrphans(OwnerMarker marker) {
      // No load balancer of ours is left: release our unbound IPs and delete our unused target groups.
      for (GroupCloud.PublicIp ip : cloud.publicIpsTagged(marker.value())) {
        if (ip.boundTo() == null) {
          ProviderSupport.ignoringNotFound(() -> cloud.releasePublicIp(ip.id()));
        }
      }
      for (GroupCloud.TargetGroup g : cloud.targetGroupsTagged(marker.value())) {
        if (!cloud.inUse(g.id())) {
          ProviderSupport.ignoringNotFound(() -> cloud.deleteTargetGroup(g.id()));
        }
      }
    }
  }

  private Optional<GroupCloud.LoadBalancer> byMarker(OwnerMarker marker) {
    return cloud.loadBalancersTagged(marker.value()).stream().findFirst(); // oldest first: racers agree
  }

  /** Translates the cloud's resources into the planner's model; a listener's id is its name. */
  private ObservedLoadBalancer toObserved(GroupCloud.LoadBalancer lb, OwnerMarker marker) {
    List<ObservedListener> listeners = new ArrayList<>();
    for (GroupCloud.Listener l : cloud.listenersOf(lb.id())) {
      ObservedPool pool = l.targetGroupId() == null ? null
          : cloud.targetGroup(l.targetGroupId()).map(GroupCloudProvider::pool).orElse(null);
      listeners.add(new ObservedListener(l.name(), l.protocol(), l.port(), l.tag(),
          new ListenerOptions(l.idleTimeout(), null, null, null, List.of(), false, NO_HEADERS, false), pool));
    }
    ObservedEip bound =
        cloud.publicIpOn(lb.id()).map(ip -> new ObservedEip(ip.id(), ip.address(), ip.tag())).orElse(null);
    List<ObservedEip> detachedIps = cloud.publicIpsTagged(marker.value()).stream()
        .filter(ip -> ip.boundTo() == null).map(ip -> new ObservedEip(ip.id(), ip.address(), ip.tag())).toList();
    // Our target groups that no listener forwards to: the planner deletes them, so a crash leaks none.
    List<ObservedPool> detachedGroups = cloud.targetGroupsTagged(marker.value()).stream()
        .filter(g -> !cloud.inUse(g.id())).map(GroupCloudProvider::pool).toList();
    return new ObservedLoadBalancer(lb.id(), lb.name(), lb.tag(), lb.vip(), bound, listeners, detachedIps,
        detachedGroups);
  }

  /** A target group as a pool: its health check is the monitor (same id), a target's id is "address:port". */
  private static ObservedPool pool(GroupCloud.TargetGroup g) {
    ObservedMonitor monitor = g.healthCheck() == null ? null : new ObservedMonitor(g.id(), g.healthCheck());
    return new ObservedPool(g.id(), g.algorithm(), g.persistence(), monitor, g.targets().stream()
        .map(t -> new ObservedMember(t.address() + ":" + t.port(), t.address(), t.port())).toList());
  }

  /** The name of the listener for a listener key: {@code TCP:80} is {@code tcp-80}. */
  static String listenerName(String key) {
    return key.toLowerCase(Locale.ROOT).replace(':', '-');
  }

  /** Refuses listener options the cloud has no field for; only the idle timeout exists. */
  private static void checkListenerOptions(LoadBalancerSpec spec) {
    List<Problem> problems = new ArrayList<>();
    for (ListenerSpec l : spec.listeners()) {
      ListenerOptions o = l.options();
      InsertHeaders h = o.insertHeaders();
      boolean headers = Boolean.TRUE.equals(h.xForwardedHost()) || Boolean.TRUE.equals(h.xForwardedPort())
          || Boolean.TRUE.equals(h.xForwardedForPort());
      if (o.clientTimeout() != null || o.memberTimeout() != null || o.certificateId() != null || headers
          || Boolean.TRUE.equals(o.http2()) || Boolean.TRUE.equals(o.transparentClientIp())) {
        problems.add(new Problem("listener " + l.id(), null,
            "groupcloud listeners have only an idle (keepalive) timeout; remove the other listener options"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
  }

  /** Applies one plan, remembering the ids that creates return for the operations after them. */
  private final class Applier implements OperationApplier {
    private final OwnerMarker marker;
    private @Nullable String loadBalancerId;
    private @Nullable String allocatedIpId;
    private final Map<String, String> groupIds = new HashMap<>(); // by listener key

    Applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      this.marker = marker;
      observed.ifPresent(lb -> {
        loadBalancerId = lb.id();
        for (ObservedListener l : lb.listenersOf(marker)) {
          if (l.pool() != null) {
            groupIds.putIfAbsent(l.key(), l.pool().id());
          }
        }
      });
    }

    @Override
    public @Nullable String apply(Operation op) {
      if (op instanceof Operation.CreateLoadBalancer c) {
        loadBalancerId = cloud.createLoadBalancer(c.name(), c.owner()).id(); // tagged in the create call itself
        return loadBalancerId;
      } else if (op instanceof Operation.CreateEip c) {
        allocatedIpId = cloud.allocatePublicIp(c.owner()).id();
      } else if (op instanceof Operation.BindEip b) {
        cloud.bindPublicIp(b.eipId() != null ? b.eipId() : require(allocatedIpId, "the allocated public IP"), lb());
      } else if (op instanceof Operation.UnbindEip u) {
        cloud.unbindPublicIp(u.eipId());
      } else if (op instanceof Operation.DeleteEip d) {
        cloud.releasePublicIp(d.eipId());
      } else if (op instanceof Operation.CreateListener c) {
        cloud.createListener(lb(), listenerName(c.key()), c.protocol(), c.port(), c.owner(),
            c.options().keepaliveTimeout());
      } else if (op instanceof Operation.UpdateListener u) {
        cloud.modifyListener(lb(), u.listenerId(), u.options().keepaliveTimeout());
      } else if (op instanceof Operation.DeleteListener d) {
        cloud.deleteListener(lb(), d.listenerId());
      } else if (op instanceof Operation.CreatePool c) {
        // Two calls: a crash between them leaves a tagged group that no listener uses, reported as detached.
        String group = cloud.createTargetGroup(marker.value(), c.protocol(), c.settings().algorithm(),
            c.settings().sessionPersistence(), null).id();
        groupIds.put(c.key(), group);
        cloud.forward(lb(), listenerName(c.key()), group);
      } else if (op instanceof Operation.UpdatePool u) {
        cloud.modifyTargetGroup(u.poolId(), u.settings().algorithm(), u.settings().sessionPersistence());
      } else if (op instanceof Operation.DeletePool d) {
        cloud.deleteTargetGroup(d.poolId());
      } else if (op instanceof Operation.CreateMonitor c) {
        cloud.modifyHealthCheck(require(groupIds.get(c.key()), "target group of " + c.key()), c.settings());
      } else if (op instanceof Operation.UpdateMonitor u) {
        cloud.modifyHealthCheck(u.monitorId(), u.settings());
      } else if (op instanceof Operation.DeleteMonitor d) {
        cloud.modifyHealthCheck(d.monitorId(), null);
      } else if (op instanceof Operation.ReplaceMembers r) {
        String group = r.poolId() != null ? r.poolId() : require(groupIds.get(r.key()), "target group of " + r.key());
        cloud.replaceTargets(group, r.members().stream().map(t -> new GroupCloud.Target(t.address(), t.port()))
            .toList());
      } else if (op instanceof Operation.DeleteLoadBalancer d) {
        cloud.deleteLoadBalancer(d.loadBalancerId());
      } else {
        throw new IllegalStateException("apply plan: groupcloud does not apply " + op
            + " (it declares PoolStyle.TARGET_GROUP, so the planner never emits it)");
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
