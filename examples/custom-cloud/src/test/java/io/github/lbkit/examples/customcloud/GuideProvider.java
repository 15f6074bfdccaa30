package io.github.lbkit.examples.customcloud;

// guide:begin
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The smallest provider on the engine: private load balancers on the toy cloud, no public IPs. */
final class GuideProvider implements LoadBalancerProvider {

  private static final Capabilities CAPABILITIES = Capabilities.of(Feature.SHARED_CLASS, Feature.UDP);

  private final ToyCloud cloud;
  private final ReconcileEngine engine = new ReconcileEngine(new Side());

  GuideProvider(ToyCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public String name() {
    return "guide";
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    CAPABILITIES.check(spec, name());               // refuse before the first write, never halfway
    ObservedLoadBalancer lb = engine.ensure(spec);  // converged: the engine returns what it observed
    return new LoadBalancerResult(status(lb), spec.writeBackAnnotations(lb.id(), null), List.of());
  }

  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    engine.updateBackends(spec);
  }

  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    engine.delete(key, hints);
  }

  @Override
  public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    return ours(OwnerMarker.of(key)).map(GuideProvider::status);
  }

  private static LoadBalancerStatus status(ObservedLoadBalancer lb) {
    return new LoadBalancerStatus(List.of(Ingress.ip(lb.address().orElseThrow(), IpMode.VIP)), lb.id());
  }

  /** Find before create: the oldest load balancer carrying the Service's marker, read into the planner's model. */
  private Optional<ObservedLoadBalancer> ours(OwnerMarker marker) {
    return cloud.loadBalancersTagged(marker.value()).stream().findFirst().map(lb -> new ObservedLoadBalancer(
        lb.id(), lb.name(), lb.tag(), lb.vip(), null,
        cloud.listenersOf(lb.id()).stream().map(l -> new ObservedListener(l.id(), l.protocol(), l.port(), l.tag(),
            ListenerOptions.NONE, cloud.poolOf(l.id()).map(p -> new ObservedPool(p.id(), p.algorithm(),
                p.persistence(), cloud.monitorOf(p.id()).map(m -> new ObservedMonitor(m.id(), m.check())).orElse(null),
                cloud.membersOf(p.id()).stream().map(m -> new ObservedMember(m.id(), m.address(), m.port())).toList()))
                .orElse(null))).toList(),
        List.of()));
  }

  /** All the engine needs: observe, find by marker, apply one operation. */
  private final class Side implements ReconcileCloud {
    @Override
    public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
      return ours(OwnerMarker.of(spec.key()));
    }

    @Override
    public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
      return ours(OwnerMarker.of(key));
    }

    @Override
    public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
      return cloud.loadBalancersTagged(marker.value()).stream().map(ToyCloud.LoadBalancer::id).toList();
    }

    @Override
    public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      Map<String, String> ids = new HashMap<>(); // "lb", and listener and pool ids by listener key
      observed.ifPresent(lb -> {
        ids.put("lb", lb.id());
        lb.listenersOf(marker).forEach(l -> {
          ids.put("listener " + l.key(), l.id());
          if (l.pool() != null) {
            ids.put("pool " + l.key(), l.pool().id());
          }
        });
      });
      return op -> {
        if (op instanceof Operation.CreateLoadBalancer c) {
          ids.put("lb", cloud.createLoadBalancer(c.name(), c.owner()).id()); // marked in the create call itself
          return ids.get("lb");
        } else if (op instanceof Operation.CreateListener c) {
          String id = cloud.createListener(ids.get("lb"), c.protocol(), c.port(), c.owner(), null).id();
          ids.put("listener " + c.key(), id);
        } else if (op instanceof Operation.CreatePool c) {
          ids.put("pool " + c.key(), cloud.createPool(ids.get("listener " + c.key()), c.settings().algorithm(),
              c.settings().sessionPersistence()).id());
        } else if (op instanceof Operation.UpdatePool u) {
          cloud.updatePool(u.poolId(), u.settings().algorithm(), u.settings().sessionPersistence());
        } else if (op instanceof Operation.CreateMonitor c) {
          cloud.createMonitor(ids.get("pool " + c.key()), c.settings());
        } else if (op instanceof Operation.UpdateMonitor u) {
          cloud.updateMonitor(u.monitorId(), u.settings());
        } else if (op instanceof Operation.AddMembers a) {
          for (MemberTarget t : a.members()) {
            cloud.addMember(ids.get("pool " + a.key()), t.address(), t.port());
          }
        } else if (op instanceof Operation.RemoveMembers r) {
          r.members().forEach(m -> cloud.removeMember(m.id()));
        } else if (op instanceof Operation.DeleteMonitor d) {
          cloud.deleteMonitor(d.monitorId());
        } else if (op instanceof Operation.DeletePool d) {
          cloud.deletePool(d.poolId());
        } else if (op instanceof Operation.DeleteListener d) {
          cloud.deleteListener(d.listenerId());
        } else if (op instanceof Operation.DeleteLoadBalancer d) {
          cloud.deleteLoadBalancer(d.loadBalancerId());
        } else {
          throw new UnsupportedOperationException("the guide's provider does not apply " + op);
        }
        return null; // the engine classifies what the cloud throws: 404 VANISHED, 409 CONFLICT
      };
    }
  }
}
// guide:end
