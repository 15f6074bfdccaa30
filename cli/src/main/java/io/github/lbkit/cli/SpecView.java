package io.github.lbkit.cli;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.TrafficPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders a {@link LoadBalancerSpec} and {@link Problem}s for people and for scripts. */
final class SpecView {

  // The huaweicloud.* cloud options the CCE translator writes, shown as the annotation's settings.
  private static final String BANDWIDTH_NAME = "huaweicloud.bandwidth.name";
  private static final String BANDWIDTH_CHARGE_MODE = "huaweicloud.bandwidth.chargemode";
  private static final String BANDWIDTH_SIZE = "huaweicloud.bandwidth.size";
  private static final String BANDWIDTH_SHARE_TYPE = "huaweicloud.bandwidth.sharetype";
  private static final String EIP_TYPE = "huaweicloud.eip.type";
  private static final String ZONES = "huaweicloud.availability-zones";

  private SpecView() {}

  /**
   * Summarises a spec in a few lines: class, attachment, listeners, backends, traffic policy, pass-through.
   *
   * @param spec the spec
   * @return the lines, each starting with its label
   */
  static List<String> summary(LoadBalancerSpec spec) {
    List<String> out = new ArrayList<>();
    out.add(line("class", className(spec.loadBalancerClass())));
    out.add(line("attachment", attachment(spec.attachment(), spec.cloudOptions())));
    if (spec.subnetId() != null) {
      out.add(line("subnet", spec.subnetId()));
    }
    for (int i = 0; i < spec.listeners().size(); i++) {
      out.add(line(i == 0 ? "listeners" : "", listener(spec.listeners().get(i))));
    }
    out.add(line("backends", backends(spec)));
    out.add(line("traffic policy", trafficPolicy(spec)));
    out.add(line("pass-through",
        passThrough(spec.passThrough()) + ", ipMode " + spec.passThrough().ipMode().wireValue()));
    if (!spec.sourceRanges().isEmpty()) {
      out.add(line("source ranges", String.join(", ", spec.sourceRanges())));
    }
    return out;
  }

  /**
   * Describes a spec for {@code -o json}.
   *
   * @param spec the spec
   * @return the object, with stable field names
   */
  static Map<String, @Nullable Object> json(LoadBalancerSpec spec) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("service", spec.key().namespacedName());
    o.put("cluster", spec.key().clusterName());
    o.put("class", spec.loadBalancerClass().name().toLowerCase(Locale.ROOT));
    o.put("classAnnotation", spec.loadBalancerClass().annotationValue());
    o.put("attachment", attachmentJson(spec.attachment(), spec.cloudOptions()));
    o.put("subnetId", spec.subnetId());
    List<Object> listeners = new ArrayList<>();
    for (ListenerSpec l : spec.listeners()) {
      Map<String, @Nullable Object> lo = Json.object();
      lo.put("id", l.id());
      lo.put("protocol", l.protocol().name());
      lo.put("port", l.port());
      lo.put("portName", l.portName());
      lo.put("nodePort", l.nodePort());
      lo.put("targetPort", l.targetPort());
      lo.put("algorithm", l.pool().algorithm().name());
      lo.put("sessionPersistence", persistenceJson(l.pool()));
      lo.put("healthCheck", l.healthCheck() == null ? null : healthCheckJson(l.healthCheck()));
      listeners.add(lo);
    }
    o.put("listeners", listeners);
    o.put("backendMode", spec.backendMode().name().toLowerCase(Locale.ROOT));
    List<Object> backends = new ArrayList<>();
    for (Backend b : spec.backends()) {
      Map<String, @Nullable Object> bo = Json.object();
      bo.put("address", b.address());
      bo.put("nodeName", b.nodeName());
      backends.add(bo);
    }
    o.put("backends", backends);
    o.put("trafficPolicy", spec.trafficPolicy() == TrafficPolicy.LOCAL ? "Local" : "Cluster");
    o.put("healthCheckNodePort", spec.healthCheckNodePort());
    o.put("passThrough", passThrough(spec.passThrough()));
    o.put("ipMode", spec.passThrough().ipMode().wireValue());
    o.put("sourceRanges", spec.sourceRanges());
    o.put("requiredFeatures", spec.requiredFeatures().stream().map(Enum::name).sorted().toList());
    return o;
  }

  /**
   * Lists problems, each with its key, value and rule on lines of their own.
   *
   * @param problems the problems
   * @return the lines
   */
  static List<String> problems(List<Problem> problems) {
    List<String> out = new ArrayList<>();
    for (Problem p : problems) {
      out.add("  - key:   " + p.key());
      out.add("    value: " + (p.value() == null ? "(not set)" : quote(p.value())));
      out.add("    rule:  " + p.rule());
    }
    return out;
  }

  /**
   * Describes problems for {@code -o json}.
   *
   * @param problems the problems
   * @return one object per problem with key, value and rule
   */
  static List<Object> problemsJson(List<Problem> problems) {
    List<Object> out = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("key", p.key());
      o.put("value", p.value());
      o.put("rule", p.rule());
      out.add(o);
    }
    return out;
  }

  /**
   * Describes a health check in words.
   *
   * @param h the health check
   * @return for example {@code HTTP /healthz on port 32080, every 5 s, timeout 3 s, 3 retries}
   */
  static String healthCheck(HealthCheck h) {
    StringBuilder sb = new StringBuilder(h.type().name());
    if (h.path() != null) {
      sb.append(' ').append(h.path());
    }
    if (h.expectedCodes() != null) {
      sb.append(" expecting ").append(h.expectedCodes());
    }
    if (h.monitorPort() != null) {
      sb.append(" on port ").append(h.monitorPort());
    }
    sb.append(", every ").append(h.delaySeconds()).append(" s, timeout ").append(h.timeoutSeconds())
        .append(" s, ").append(h.maxRetries()).append(h.maxRetries() == 1 ? " retry" : " retries");
    if (h.maxRetriesDown() != null) {
      sb.append(" (").append(h.maxRetriesDown()).append(" down)");
    }
    return sb.toString();
  }

  /**
   * Describes a health check for {@code -o json}.
   *
   * @param h the health check
   * @return the object
   */
  static Map<String, @Nullable Object> healthCheckJson(HealthCheck h) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("type", h.type().name());
    o.put("delaySeconds", h.delaySeconds());
    o.put("timeoutSeconds", h.timeoutSeconds());
    o.put("maxRetries", h.maxRetries());
    o.put("maxRetriesDown", h.maxRetriesDown());
    o.put("path", h.path());
    o.put("expectedCodes", h.expectedCodes());
    o.put("monitorPort", h.monitorPort());
    return o;
  }

  /**
   * Describes a pool's settings in words.
   *
   * @param pool the pool settings
   * @return for example {@code ROUND_ROBIN} or {@code ROUND_ROBIN, sticky by SOURCE_IP for 60 min}
   */
  static String pool(PoolSpec pool) {
    String s = pool.algorithm().name();
    if (pool.sessionPersistence() != null) {
      s += ", sticky by " + pool.sessionPersistence().type() + " for " + pool.sessionPersistence().timeoutMinutes()
          + " min";
    }
    return s;
  }

  /**
   * Describes a pool's session persistence for {@code -o json}.
   *
   * @param pool the pool settings
   * @return the object, or null when sessions are not sticky
   */
  static @Nullable Map<String, @Nullable Object> persistenceJson(PoolSpec pool) {
    if (pool.sessionPersistence() == null) {
      return null;
    }
    Map<String, @Nullable Object> o = Json.object();
    o.put("type", pool.sessionPersistence().type().name());
    o.put("timeoutMinutes", pool.sessionPersistence().timeoutMinutes());
    return o;
  }

  /**
   * Describes the EIP a Huawei Cloud Service gets, from its {@code huaweicloud.*} cloud options.
   *
   * @param o the spec's cloud options
   * @return for example {@code 5_bgp with 5 Mbit/s bandwidth "cce-bandwidth" (charged by bandwidth, PER)}
   */
  static String eip(CloudOptions o) {
    String size = o.get(BANDWIDTH_SIZE);
    if (size == null) {
      return "with the provider's default settings";
    }
    return o.get(EIP_TYPE) + " with " + size + " Mbit/s bandwidth \"" + o.get(BANDWIDTH_NAME) + "\" (charged by "
        + o.get(BANDWIDTH_CHARGE_MODE) + ", " + o.get(BANDWIDTH_SHARE_TYPE) + ")";
  }

  /**
   * Describes an EIP bandwidth for {@code -o json}, from the spec's {@code huaweicloud.*} cloud options.
   *
   * @param o the spec's cloud options
   * @return the object, or null when the options name no bandwidth
   */
  static @Nullable Map<String, @Nullable Object> bandwidthJson(CloudOptions o) {
    String size = o.get(BANDWIDTH_SIZE);
    if (size == null) {
      return null;
    }
    Map<String, @Nullable Object> j = Json.object();
    j.put("name", o.get(BANDWIDTH_NAME));
    j.put("chargeMode", o.get(BANDWIDTH_CHARGE_MODE));
    j.put("sizeMbit", Integer.valueOf(size));
    j.put("shareType", o.get(BANDWIDTH_SHARE_TYPE));
    return j;
  }

  private static List<String> zones(CloudOptions o) {
    String z = o.get(ZONES);
    return z == null || z.isEmpty() ? List.of() : List.of(z.split(","));
  }

  private static String line(String label, String text) {
    return String.format("  %-16s%s", label.isEmpty() ? "" : label + ":", text);
  }

  private static String className(LoadBalancerClass c) {
    return (c == LoadBalancerClass.SHARED ? "shared" : "dedicated") + " (" + c.annotationValue() + ")";
  }

  private static String attachment(Attachment a, CloudOptions o) {
    if (a instanceof Attachment.Existing e) {
      return "existing load balancer " + e.loadBalancerId() + " (kubernetes.io/elb.id)";
    }
    Attachment.AutoCreate ac = (Attachment.AutoCreate) a;
    StringBuilder sb = new StringBuilder("auto-create ");
    sb.append(ac.type() == Attachment.AddressType.PUBLIC ? "public" : "inner").append(" load balancer \"")
        .append(ac.name()).append('"');
    if (ac.type() == Attachment.AddressType.PUBLIC && o.get(BANDWIDTH_SIZE) != null) {
      sb.append(", EIP ").append(eip(o));
    }
    if (!zones(o).isEmpty()) {
      sb.append(", zones ").append(String.join(" ", zones(o)));
    }
    return sb.toString();
  }

  private static Map<String, @Nullable Object> attachmentJson(Attachment a, CloudOptions options) {
    Map<String, @Nullable Object> o = Json.object();
    if (a instanceof Attachment.Existing e) {
      o.put("mode", "existing");
      o.put("loadBalancerId", e.loadBalancerId());
      return o;
    }
    Attachment.AutoCreate ac = (Attachment.AutoCreate) a;
    o.put("mode", "autocreate");
    o.put("name", ac.name());
    o.put("type", ac.type().name().toLowerCase(Locale.ROOT));
    o.put("eipType", ac.type() == Attachment.AddressType.PUBLIC ? options.get(EIP_TYPE) : null);
    o.put("bandwidth", bandwidthJson(options));
    o.put("availabilityZones", zones(options));
    o.put("l4FlavorName", options.get("huaweicloud.l4-flavor-name"));
    o.put("l7FlavorName", options.get("huaweicloud.l7-flavor-name"));
    return o;
  }

  private static String listener(ListenerSpec l) {
    StringBuilder sb = new StringBuilder(l.id());
    if (!l.portName().isEmpty()) {
      sb.append(" (port ").append(l.portName()).append(')');
    }
    if (l.nodePort() > 0) {
      sb.append(" -> nodePort ").append(l.nodePort());
    } else {
      sb.append(" -> targetPort ").append(l.targetPort());
    }
    sb.append(", ").append(pool(l.pool()));
    sb.append(", health check ").append(l.healthCheck() == null ? "off" : healthCheck(l.healthCheck()));
    return sb.toString();
  }

  private static String backends(LoadBalancerSpec spec) {
    if (spec.backendMode() == BackendMode.PODS) {
      return "pods (pod addresses from EndpointSlices, which this command does not read)";
    }
    if (spec.backends().isEmpty()) {
      return "nodes, none given (--nodes)";
    }
    List<String> shown = new ArrayList<>();
    for (Backend b : spec.backends()) {
      shown.add(b.nodeName() == null ? b.address() : b.nodeName() + " " + b.address());
    }
    return "nodes, " + spec.backends().size() + ": " + String.join(", ", shown);
  }

  private static String trafficPolicy(LoadBalancerSpec spec) {
    if (spec.trafficPolicy() == TrafficPolicy.CLUSTER) {
      return "Cluster";
    }
    return "Local" + (spec.healthCheckNodePort() == null ? "" : " (health check node port "
        + spec.healthCheckNodePort() + ")");
  }

  private static String passThrough(PassThrough p) {
    return switch (p) {
      case OFF -> "off";
      case ON -> "on";
      case ONLY_LOCAL -> "onlyLocal";
    };
  }

  private static String quote(String value) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "..." : value;
    return "\"" + shown.replace("\n", "\\n") + "\"";
  }
}
