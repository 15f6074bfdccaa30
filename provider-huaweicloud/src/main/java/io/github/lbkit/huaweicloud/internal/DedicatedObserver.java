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

  /** A load balancer as observed, with what the planner's view leaves out. */
  record Observation(
      DedicatedElbApi.LoadBalancer raw, ObservedLoadBalancer lb, Map<String, DedicatedElbApi.Listener> listeners) {}

  private final DedicatedElbApi elb;
  private final EipApi eip;

  DedicatedObserver(DedicatedElbApi elb, EipApi eip) {
    this.elb = elb;
    this.eip = eip;
  }

  /**
   * Observes the load balancer an ensure or a member update works on: the one the Service names, or else the
   * oldest carrying its marker, or else the written-back id when that carries an lbkit marker.
   *
   * @param full whether to read what the full planner compares (pools, monitors, unbound EIPs)
   */
  Optional<Observation> observe(LoadBalancerSpec spec, OwnerMarker marker, boolean full) {
    Optional<DedicatedElbApi.LoadBalancer> lb = PeerRules.target(spec, "dedicated", elb::showLoadBalancer,
        () -> owned(marker).stream().findFirst(), DedicatedElbApi.LoadBalancer::description);
    return lb.map(l -> tree(l, marker, spec, full, false));
  }

  /**
   * Lists the load balancers carrying the marker, oldest first (ties broken by id), so that racing callers agree
   * on one winner (one read).
   */
  List<DedicatedElbApi.LoadBalancer> owned(OwnerMarker marker) {
    return elb.listLoadBalancersByDescription(marker.value()).stream()
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
        SharedObserver.emptyToNull(lb.description()), lb.vipAddress(), bound, observed,
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
}
