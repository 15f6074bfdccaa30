package io.github.lbkit.controller;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The upstream service controller's decisions: which Services want a load balancer, which need cleanup, and
 * which updates are worth a reconcile. Pure functions of the Service objects.
 */
final class ServiceRules {

  /**
   * The upstream finalizer that guards the load balancer's deletion; used when serving Services without a
   * {@code loadBalancerClass}, where lbkit takes the place of the cluster's default controller.
   */
  static final String FINALIZER = "service.kubernetes.io/load-balancer-cleanup";

  /**
   * The finalizer used when serving a {@code loadBalancerClass}: the cluster's default controller (or another
   * lbkit serving another class) owns Services carrying the upstream finalizer, and must never be cleaned up by
   * us, nor clean up ours.
   */
  static final String CLASS_FINALIZER = "lbkit.io/load-balancer-cleanup";

  static final String TYPE_LOAD_BALANCER = "LoadBalancer";

  private final @Nullable String servedClass;
  private final String finalizer;

  /**
   * Creates the rules for one served class.
   *
   * @param servedClass the {@code spec.loadBalancerClass} served; null serves only Services without a class
   */
  ServiceRules(@Nullable String servedClass) {
    this.servedClass = servedClass;
    this.finalizer = servedClass == null ? FINALIZER : CLASS_FINALIZER;
  }

  /** The finalizer this controller adds and removes. */
  String finalizer() {
    return finalizer;
  }

  /** Type LoadBalancer and the served class (upstream: no class at all). */
  boolean wantsLoadBalancer(Service svc) {
    ServiceSpec spec = svc.getSpec();
    return spec != null
        && TYPE_LOAD_BALANCER.equals(spec.getType())
        && Objects.equals(spec.getLoadBalancerClass(), servedClass);
  }

  /** Has our finalizer and is being deleted or no longer wants a load balancer. */
  boolean needsCleanup(Service svc) {
    if (!hasFinalizer(svc, finalizer)) {
      return false;
    }
    return svc.getMetadata().getDeletionTimestamp() != null || !wantsLoadBalancer(svc);
  }

  /** Whether the Service carries this controller's finalizer. */
  boolean hasOurFinalizer(Service svc) {
    return hasFinalizer(svc, finalizer);
  }

  static boolean hasFinalizer(Service svc) {
    return hasFinalizer(svc, FINALIZER);
  }

  static boolean hasFinalizer(Service svc, String finalizer) {
    ObjectMeta m = svc.getMetadata();
    return m != null && m.getFinalizers() != null && m.getFinalizers().contains(finalizer);
  }

  /** Whether an update changes anything the load balancer depends on (upstream {@code needsUpdate}). */
  boolean needsUpdate(Service oldSvc, Service newSvc) {
    if (wantsLoadBalancer(oldSvc) != wantsLoadBalancer(newSvc)) {
      return true;
    }
    if (!wantsLoadBalancer(oldSvc) && !wantsLoadBalancer(newSvc)) {
      return false;
    }
    ServiceSpec o = oldSvc.getSpec();
    ServiceSpec n = newSvc.getSpec();
    return !Objects.equals(nullToEmpty(o.getLoadBalancerSourceRanges()), nullToEmpty(n.getLoadBalancerSourceRanges()))
        || portsDiffer(o.getPorts(), n.getPorts())
        || !Objects.equals(o.getSessionAffinity(), n.getSessionAffinity())
        || !Objects.equals(o.getSessionAffinityConfig(), n.getSessionAffinityConfig())
        || !Objects.equals(o.getLoadBalancerIP(), n.getLoadBalancerIP())
        || !Objects.equals(nullToEmpty(o.getExternalIPs()), nullToEmpty(n.getExternalIPs()))
        || !Objects.equals(annotations(oldSvc), annotations(newSvc))
        || !Objects.equals(oldSvc.getMetadata().getUid(), newSvc.getMetadata().getUid())
        || !Objects.equals(o.getExternalTrafficPolicy(), n.getExternalTrafficPolicy())
        || !Objects.equals(o.getHealthCheckNodePort(), n.getHealthCheckNodePort())
        || nullToEmpty(o.getIpFamilies()).size() != nullToEmpty(n.getIpFamilies()).size();
  }

  private static boolean portsDiffer(@Nullable List<ServicePort> a, @Nullable List<ServicePort> b) {
    List<ServicePort> x = nullToEmpty(a);
    List<ServicePort> y = nullToEmpty(b);
    if (x.size() != y.size()) {
      return true;
    }
    for (int i = 0; i < x.size(); i++) {
      ServicePort p = x.get(i);
      ServicePort q = y.get(i);
      if (!Objects.equals(p.getName(), q.getName())
          || !Objects.equals(p.getProtocol(), q.getProtocol())
          || !Objects.equals(p.getPort(), q.getPort())
          || !Objects.equals(p.getNodePort(), q.getNodePort())
          || !Objects.equals(p.getTargetPort(), q.getTargetPort())
          || !Objects.equals(p.getAppProtocol(), q.getAppProtocol())) {
        return true;
      }
    }
    return false;
  }

  static Map<String, String> annotations(Service svc) {
    ObjectMeta m = svc.getMetadata();
    return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
  }

  private static <T> List<T> nullToEmpty(@Nullable List<T> l) {
    return l == null ? List.of() : l;
  }

  /** The queue key of a Service, {@code namespace/name}. */
  static String keyOf(Service svc) {
    return svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
  }
}
