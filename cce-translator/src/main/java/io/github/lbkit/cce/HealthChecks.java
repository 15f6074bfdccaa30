package io.github.lbkit.cce;

import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.Protocol;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code kubernetes.io/elb.health-check-flag}, {@code -option} and {@code -options}, and builds the
 * health check of each listener.
 *
 * <p>With {@code externalTrafficPolicy: Local}, node backends, and no protocol or monitor port set by the
 * user, TCP listeners are probed with HTTP {@code GET /healthz} on the Service's health check node port:
 * kube-proxy answers 200 there only on nodes with a local endpoint, which is what makes Local correct.
 */
final class HealthChecks {

  static final int DEFAULT_DELAY = 5;
  static final int DEFAULT_TIMEOUT = 10;
  static final int DEFAULT_MAX_RETRIES = 3;
  static final String KUBE_PROXY_HEALTH_PATH = "/healthz";

  private static final Pattern CODES = Pattern.compile("[2-5]\\d\\d(-[2-5]\\d\\d)?(,[2-5]\\d\\d(-[2-5]\\d\\d)?)*");
  private static final Pattern TARGET = Pattern.compile("(TCP|UDP):(\\d{1,5})");
  private static final Set<String> OPTION_FIELDS =
      Set.copyOf(CceAnnotations.require(CceAnnotations.ELB_HEALTH_CHECK_OPTION).fields().stream()
          .map(JsonFieldDef::name).toList());
  private static final Set<String> OPTIONS_FIELDS =
      Set.copyOf(CceAnnotations.require(CceAnnotations.ELB_HEALTH_CHECK_OPTIONS).fields().stream()
          .map(JsonFieldDef::name).toList());

  /** One set of user settings; null parts take the defaults. */
  private record Settings(
      String key,
      @Nullable Integer delay,
      @Nullable Integer timeout,
      @Nullable Integer maxRetries,
      @Nullable String protocol,
      @Nullable String path,
      @Nullable Integer monitorPort,
      @Nullable String expectedCodes) {
    static final Settings NONE =
        new Settings(CceAnnotations.ELB_HEALTH_CHECK_OPTION, null, null, null, null, null, null, null);
  }

  /** What the listener's health check depends on besides the annotations. */
  record Context(boolean localNodeHealth, @Nullable Integer healthCheckNodePort) {}

  private final boolean enabled;
  private final Settings common;
  private final Map<String, Settings> perPort;
  private final Problems problems;

  private HealthChecks(boolean enabled, Settings common, Map<String, Settings> perPort, Problems problems) {
    this.enabled = enabled;
    this.common = common;
    this.perPort = perPort;
    this.problems = problems;
  }

  /**
   * Reads the annotations.
   *
   * @param servicePorts the Service's ports as {@code PROTOCOL:port}, to check {@code target_service_port}
   */
  static HealthChecks read(AnnotationValues av, Set<String> servicePorts) {
    Problems problems = av.problems();
    boolean enabled = true;
    String flag = av.text(CceAnnotations.ELB_HEALTH_CHECK_FLAG);
    if (flag != null) {
      switch (flag.toLowerCase(Locale.ROOT)) {
        case "on" -> enabled = true;
        case "off" -> enabled = false;
        default -> problems.add(CceAnnotations.ELB_HEALTH_CHECK_FLAG, flag, "must be on, off, or empty (on)");
      }
    }
    boolean single = av.isSet(CceAnnotations.ELB_HEALTH_CHECK_OPTION);
    boolean multi = av.isSet(CceAnnotations.ELB_HEALTH_CHECK_OPTIONS);
    if (single && multi) {
      problems.add(CceAnnotations.ELB_HEALTH_CHECK_OPTION, null,
          "must not be set together with " + CceAnnotations.ELB_HEALTH_CHECK_OPTIONS + "; keep one of them");
    }
    Settings common = Settings.NONE;
    String text = av.text(CceAnnotations.ELB_HEALTH_CHECK_OPTION);
    if (text != null) {
      JsonNode node = JsonValues.parse(CceAnnotations.ELB_HEALTH_CHECK_OPTION, text, false, problems);
      if (node != null) {
        common = settings(CceAnnotations.ELB_HEALTH_CHECK_OPTION, "", node, OPTION_FIELDS, problems);
      }
    }
    Map<String, Settings> perPort = new HashMap<>();
    String many = av.text(CceAnnotations.ELB_HEALTH_CHECK_OPTIONS);
    if (many != null) {
      String key = CceAnnotations.ELB_HEALTH_CHECK_OPTIONS;
      JsonNode array = JsonValues.parse(key, many, true, problems);
      if (array != null) {
        for (int i = 0; i < array.size(); i++) {
          JsonNode item = array.get(i);
          String where = "[" + i + "].";
          if (!item.isObject()) {
            problems.add(key, item.toString(), "entry [" + i + "] must be a JSON object, got " + JsonValues.kind(item));
            continue;
          }
          Settings s = settings(key, where, item, OPTIONS_FIELDS, problems);
          JsonNode targetNode = item.get("target_service_port");
          if (targetNode == null || !targetNode.isString()) {
            problems.add(key, targetNode == null ? null : targetNode.toString(),
                "field " + where + "target_service_port is required: a string such as \"TCP:80\"");
            continue;
          }
          String target = targetNode.stringValue();
          String normalized = target.trim().toUpperCase(Locale.ROOT);
          if (!TARGET.matcher(normalized).matches()) {
            problems.add(key, target, "field " + where + "target_service_port must be PROTOCOL:port such as TCP:80");
          } else if (!servicePorts.contains(normalized)) {
            problems.add(key, target, "field " + where + "target_service_port must name a Service port; the"
                + " Service has " + String.join(", ", new java.util.TreeSet<>(servicePorts)));
          } else if (perPort.put(normalized, s) != null) {
            problems.add(key, target, "field " + where + "target_service_port names a port a previous entry named");
          }
        }
      }
    }
    return new HealthChecks(enabled, common, perPort, problems);
  }

  private static Settings settings(String key, String where, JsonNode node, Set<String> known, Problems problems) {
    JsonValues.Fields f = new JsonValues.Fields(key, where, node, known, problems);
    Integer delay = f.integer("delay", 1, 50, "seconds");
    Integer timeout = f.integer("timeout", 1, 50, "seconds");
    Integer retries = f.integer("max_retries", 1, 10, "");
    String protocol = f.string("protocol");
    if (protocol != null && !Set.of("TCP", "UDP", "HTTP").contains(protocol)) {
      f.problem("protocol", protocol, "must be TCP, UDP or HTTP");
      protocol = null;
    }
    String path = f.string("path");
    if (path != null && (path.isEmpty() || path.length() > 80 || !path.startsWith("/"))) {
      f.problem("path", path, "must be 1-80 characters starting with '/'");
      path = null;
    }
    if (path != null && !"HTTP".equals(protocol)) {
      f.problem("path", path, "applies only to HTTP health checks; set \"protocol\":\"HTTP\"");
    }
    Integer monitorPort = known.contains("monitor_port") ? f.integer("monitor_port", 1, 65535, "") : null;
    String codes = known.contains("expected_codes") ? f.string("expected_codes") : null;
    if (codes != null && !CODES.matcher(codes).matches()) {
      f.problem("expected_codes", codes, "must be status codes 200-599 written as 200, 200,202 or 200-204");
      codes = null;
    }
    if (codes != null && !"HTTP".equals(protocol)) {
      f.problem("expected_codes", codes, "applies only to HTTP health checks; set \"protocol\":\"HTTP\"");
    }
    return new Settings(key, delay, timeout, retries, protocol, path, monitorPort, codes);
  }

  /**
   * Builds one listener's health check.
   *
   * @param servicePort the Service port as {@code PROTOCOL:port}
   * @return the health check, or null when health checks are off
   */
  @Nullable HealthCheck forListener(Protocol protocol, String servicePort, Context ctx) {
    if (!enabled) {
      return null;
    }
    Settings s = perPort.getOrDefault(servicePort, common);
    boolean udp = protocol == Protocol.UDP;
    if (s.protocol() != null && udp != s.protocol().equals("UDP")) {
      problems.add(s.key(), s.protocol(), "protocol " + s.protocol() + " cannot probe the " + protocol
          + " listener " + servicePort + (udp ? "; use UDP" : "; use TCP or HTTP"));
    }
    int delay = s.delay() != null ? s.delay() : DEFAULT_DELAY;
    int timeout = s.timeout() != null ? s.timeout() : DEFAULT_TIMEOUT;
    int retries = s.maxRetries() != null ? s.maxRetries() : DEFAULT_MAX_RETRIES;
    if (s.protocol() == null && s.monitorPort() == null && !udp && ctx.localNodeHealth()
        && ctx.healthCheckNodePort() != null) {
      return new HealthCheck(HealthCheck.Type.HTTP, delay, timeout, retries, null, KUBE_PROXY_HEALTH_PATH, null,
          ctx.healthCheckNodePort());
    }
    HealthCheck.Type type;
    if (s.protocol() == null) {
      type = udp ? HealthCheck.Type.UDP_CONNECT : HealthCheck.Type.TCP;
    } else {
      type = switch (s.protocol()) {
        case "UDP" -> HealthCheck.Type.UDP_CONNECT;
        case "HTTP" -> HealthCheck.Type.HTTP;
        default -> HealthCheck.Type.TCP;
      };
    }
    String path = type == HealthCheck.Type.HTTP ? (s.path() != null ? s.path() : "/") : null;
    String codes = type == HealthCheck.Type.HTTP ? s.expectedCodes() : null;
    return new HealthCheck(type, delay, timeout, retries, null, path, codes, s.monitorPort());
  }
}
