package io.github.lbkit.controller;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ServiceResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Writes to Services: the finalizer and the written-back annotations through JSON Patches of the metadata
 * only, guarded by the resourceVersion, and {@code status.loadBalancer} through the status subresource with {@code updateStatus}
 * on a fresh copy. Strategic-merge patch and server-side apply are avoided on purpose, and so is
 * {@code patchStatus}: a JSON merge patch must replace the ingress list, and not every server (nor the fabric8
 * mock) does.
 */
final class ServiceWriter {

  private static final int CONFLICT_RETRIES = 5;

  /**
   * The annotation listing, comma-separated, the annotation keys the controller wrote back onto the Service
   * (and so removes again when it cleans up after a type change away from LoadBalancer).
   */
  static final String WRITTEN_BACK = "lbkit.io/written-back";

  private final KubernetesClient client;
  private final Supplier<StatusFormat> statusFormat;
  private final String finalizer;

  ServiceWriter(KubernetesClient client, Supplier<StatusFormat> statusFormat) {
    this(client, statusFormat, ServiceRules.FINALIZER);
  }

  ServiceWriter(KubernetesClient client, Supplier<StatusFormat> statusFormat, String finalizer) {
    this.client = client;
    this.statusFormat = statusFormat;
    this.finalizer = finalizer;
  }

  private ServiceResource<Service> resource(Service svc) {
    return client.services().inNamespace(svc.getMetadata().getNamespace()).withName(svc.getMetadata().getName());
  }

  /**
   * Adds the cleanup finalizer unless present.
   *
   * @return the Service as written, or the given one when nothing changed
   */
  Service addFinalizer(Service svc) {
    if (ServiceRules.hasFinalizer(svc, finalizer)) {
      return svc;
    }
    Service written =
        patchMetadata(
            svc,
            fresh -> {
              if (ServiceRules.hasFinalizer(fresh, finalizer)) {
                return List.of();
              }
              return fresh.getMetadata().getFinalizers() == null || fresh.getMetadata().getFinalizers().isEmpty()
                  ? List.of(op("add", "/metadata/finalizers", List.of(finalizer)))
                  : List.of(op("add", "/metadata/finalizers/-", finalizer));
            });
    return written != null ? written : svc;
  }

  /** Removes the cleanup finalizer; the API server then deletes a Service that is being deleted. */
  void removeFinalizer(Service svc) {
    if (!ServiceRules.hasFinalizer(svc, finalizer)) {
      return;
    }
    patchMetadata(
        svc,
        fresh -> {
          List<String> finalizers = fresh.getMetadata().getFinalizers();
          int i = finalizers == null ? -1 : finalizers.indexOf(finalizer);
          return i < 0 ? List.of() : List.of(op("remove", "/metadata/finalizers/" + i, null));
        });
  }

  /**
   * Sets the annotations the provider asked for; keys not named are kept. The keys this changes are listed in
   * {@value #WRITTEN_BACK}, so that {@link #removeWrittenBack} can take them off again.
   *
   * @return the Service as written, or null when nothing changed
   */
  @Nullable Service writeBackAnnotations(Service svc, Map<String, String> wanted) {
    if (wanted.isEmpty() || ServiceRules.annotations(svc).entrySet().containsAll(wanted.entrySet())) {
      return null;
    }
    return patchMetadata(
        svc,
        fresh -> {
          Map<String, String> current = ServiceRules.annotations(fresh);
          Map<String, String> changes = new TreeMap<>();
          wanted.forEach(
              (k, v) -> {
                if (!v.equals(current.get(k))) {
                  changes.put(k, v);
                }
              });
          if (changes.isEmpty()) {
            return List.of();
          }
          java.util.TreeSet<String> written = new java.util.TreeSet<>(writtenBack(fresh));
          written.addAll(changes.keySet());
          changes.put(WRITTEN_BACK, String.join(",", written));
          if (fresh.getMetadata().getAnnotations() == null || fresh.getMetadata().getAnnotations().isEmpty()) {
            // The server stores no empty map, and a client may show an absent one as empty: adding a member
            // to it is refused (422), so the whole map is set.
            return List.of(op("add", "/metadata/annotations", changes));
          }
          List<Map<String, Object>> ops = new ArrayList<>();
          changes.forEach((k, v) -> ops.add(op("add", "/metadata/annotations/" + escape(k), v)));
          return ops;
        });
  }

  /** The annotation keys listed in {@value #WRITTEN_BACK}. */
  static List<String> writtenBack(Service svc) {
    String v = ServiceRules.annotations(svc).get(WRITTEN_BACK);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
  }

  /** Removes the annotations the controller wrote back, and their list. */
  void removeWrittenBack(Service svc) {
    if (!ServiceRules.annotations(svc).containsKey(WRITTEN_BACK)) {
      return;
    }
    patchMetadata(
        svc,
        fresh -> {
          Map<String, String> current = ServiceRules.annotations(fresh);
          List<Map<String, Object>> ops = new ArrayList<>();
          java.util.TreeSet<String> keys = new java.util.TreeSet<>(writtenBack(fresh));
          keys.add(WRITTEN_BACK);
          for (String k : keys) {
            if (current.containsKey(k)) {
              ops.add(op("remove", "/metadata/annotations/" + escape(k), null));
            }
          }
          return ops;
        });
  }

  /**
   * Removes what lbkit wrote for itself when it hands a Service back: the creation record and the list of
   * written-back keys. {@code kubernetes.io/elb.id} and {@code kubernetes.io/elb.eip-id} stay: with them, CCE's
   * controller finds its load balancer again.
   *
   * @param svc the Service
   */
  void removeOwnRecords(Service svc) {
    patchMetadata(
        svc,
        fresh -> {
          Map<String, String> current = ServiceRules.annotations(fresh);
          List<Map<String, Object>> ops = new ArrayList<>();
          for (String k : List.of(io.github.lbkit.api.CreationRecord.ANNOTATION, WRITTEN_BACK)) {
            if (current.containsKey(k)) {
              ops.add(op("remove", "/metadata/annotations/" + escape(k), null));
            }
          }
          return ops;
        });
  }

  /**
   * Reads the Service from the API server.
   *
   * @return the live Service, or null when it is gone
   */
  @Nullable Service fresh(Service svc) {
    return resource(svc).get();
  }

  /**
   * Applies a JSON Patch to a fresh copy of the Service's metadata, guarded by its resourceVersion: list positions (finalizers) and absent maps are only meaningful for the version they
   * were computed from. On a conflict the Service is read again and the patch recomputed.
   *
   * @return the Service as written, or null when it is gone or nothing needed changing
   */
  @Nullable Service patchMetadata(Service svc, Function<Service, List<Map<String, Object>>> ops) {
    ServiceResource<Service> r = resource(svc);
    for (int attempt = 1; ; attempt++) {
      Service fresh = r.get();
      if (fresh == null) {
        return null;
      }
      List<Map<String, Object>> changes = ops.apply(fresh);
      if (changes.isEmpty()) {
        return null;
      }
      List<Map<String, Object>> patch = new ArrayList<>();
      // The resourceVersion in a patch is a precondition: the API server answers 409 when it moved on. (A
      // "test" operation would do too on a real server, but not on every stand-in of one.)
      patch.add(op("replace", "/metadata/resourceVersion", fresh.getMetadata().getResourceVersion()));
      patch.addAll(changes);
      try {
        return r.patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(patch));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return null;
        }
        if ((e.getCode() == 409 || e.getCode() == 422) && attempt < CONFLICT_RETRIES) {
          continue; // changed in between: read again and recompute
        }
        if (r.get() == null) {
          return null; // removing the last finalizer deleted it; some servers then answer without a body
        }
        throw e;
      }
    }
  }

  private static Map<String, Object> op(String op, String path, @Nullable Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (value != null) {
      m.put("value", value);
    }
    return m;
  }

  /** Escapes a map key as a JSON Pointer segment (RFC 6901). */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Writes {@code status.loadBalancer.ingress} unless it already holds the same addresses.
   *
   * @param svc the Service as last seen
   * @param ingress the wanted entries (empty clears the status)
   * @return true when written
   */
  boolean writeStatus(Service svc, List<Ingress> ingress) {
    List<LoadBalancerIngress> wanted = statusFormat.get().toModel(ingress);
    if (equal(current(svc), wanted)) {
      return false;
    }
    ServiceResource<Service> r = resource(svc);
    for (int attempt = 1; ; attempt++) {
      Service fresh = r.get();
      if (fresh == null) {
        return false; // gone: nothing to report on
      }
      if (equal(current(fresh), wanted)) {
        return false;
      }
      Service copy = new ServiceBuilder(fresh).build();
      if (copy.getStatus() == null) {
        copy.setStatus(new ServiceStatus());
      }
      copy.getStatus().setLoadBalancer(new io.fabric8.kubernetes.api.model.LoadBalancerStatus(wanted));
      try {
        client.services().inNamespace(copy.getMetadata().getNamespace()).resource(copy).updateStatus();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < CONFLICT_RETRIES) {
          continue; // someone wrote in between: read again and retry on the fresh copy
        }
        if (e.getCode() == 404) {
          return false;
        }
        throw e;
      }
    }
  }

  private static List<LoadBalancerIngress> current(Service svc) {
    if (svc.getStatus() == null
        || svc.getStatus().getLoadBalancer() == null
        || svc.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return svc.getStatus().getLoadBalancer().getIngress();
  }

  /** Upstream's {@code LoadBalancerStatusEqual}, on the fields lbkit writes. */
  static boolean equal(List<LoadBalancerIngress> a, List<LoadBalancerIngress> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      LoadBalancerIngress x = a.get(i);
      LoadBalancerIngress y = b.get(i);
      if (!Objects.equals(x.getIp(), y.getIp())
          || !Objects.equals(x.getHostname(), y.getHostname())
          || !Objects.equals(x.getIpMode(), y.getIpMode())) {
        return false;
      }
    }
    return true;
  }

  /**
   * How ingress entries are written: with {@code ipMode} on servers that know it (1.30+), otherwise either
   * without it or, for {@code Proxy} entries, as a hostname when a fallback suffix is configured (a hostname
   * entry is never short-circuited by kube-proxy).
   *
   * @param ipModeSupported whether the API server keeps {@code ipMode}
   * @param hostnameSuffix the suffix of the fallback hostname ({@code <ip>.<suffix>}), or null for none
   */
  record StatusFormat(boolean ipModeSupported, @Nullable String hostnameSuffix) {

    List<LoadBalancerIngress> toModel(List<Ingress> ingress) {
      List<LoadBalancerIngress> out = new ArrayList<>();
      for (Ingress i : ingress) {
        LoadBalancerIngressBuilder b = new LoadBalancerIngressBuilder();
        if (i.ip() == null) {
          out.add(b.withHostname(i.hostname()).build());
        } else if (ipModeSupported) {
          out.add(b.withIp(i.ip()).withHostname(i.hostname()).withIpMode(i.ipMode().wireValue()).build());
        } else if (i.ipMode() == IpMode.PROXY && hostnameSuffix != null) {
          out.add(b.withHostname(i.ip() + "." + hostnameSuffix).build());
        } else {
          out.add(b.withIp(i.ip()).withHostname(i.hostname()).build());
        }
      }
      return out;
    }
  }
}
