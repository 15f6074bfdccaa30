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
   * The prefix of the finalizer used when serving a {@code loadBalancerClass}: the cluster's default controller
   * owns Services carrying the upstream finalizer, and another lbkit serves another class, so each class has a
   * finalizer of its own ({@link #classFinalizer(String)}) and no controller ever cleans up, nor is cleaned up
   * by, another. The class itself cannot decide this at deletion: it is cleared when the type leaves
   * LoadBalancer.
   */
  static final String CLASS_FINALIZER_PREFIX = "lbkit.io/cleanup-";

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
    this.finalizer = servedClass == null ? FINALIZER : classFinalizer(servedClass);
  }

  /**
   * The finalizer of one served class: {@code lbkit.io/cleanup-<class, readable>-<8 hex of its SHA-256>}. The
   * readable part makes it recognisable, the hash keeps two classes apart even where the readable parts agree,
   * and the whole stays a valid qualified name (at most 63 characters after the prefix domain).
   *
   * @param servedClass the served {@code spec.loadBalancerClass}
   * @return the finalizer
   */
  static String classFinalizer(String servedClass) {
    String hash;
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(servedClass.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      hash = java.util.HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    String readable = servedClass.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", ".")
        .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    String name = CLASS_FINALIZER_PREFIX.substring("lbkit.io/".length());
    int room = 63 - name.length() - 1 - hash.length();
    if (readable.length() > room) {
      readable = readable.substring(0, room).replaceAll("[^a-z0-9]+$", "");
    }
    return CLASS_FINALIZER_PREFIX + (readable.isEmpty() ? "" : readable + "-") + hash;
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
