package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.TrafficPolicy;
import io.github.lbkit.api.plan.OwnerMarker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Translates between the spec's terms and the shared ELB (v2) API's, both ways. Pure. */
final class SharedMapping {

  /** The key of the sticky-session annotation. */
  static final String PERSISTENCE_KEY = Feature.SESSION_PERSISTENCE.key();

  private SharedMapping() {}

  /** Returns the v2 listener protocol: HTTPS terminates TLS on the load balancer. */
  static String listenerProtocol(Protocol p) {
    return p == Protocol.HTTPS ? "TERMINATED_HTTPS" : p.name();
  }

  /** Returns the spec protocol of a v2 listener protocol, or null for one lbkit does not manage. */
  static @Nullable Protocol protocolOf(@Nullable String v2) {
    if (v2 == null) {
      return null;
    }
    return switch (v2) {
      case "TCP" -> Protocol.TCP;
      case "UDP" -> Protocol.UDP;
      case "HTTP" -> Protocol.HTTP;
      case "TERMINATED_HTTPS", "HTTPS" -> Protocol.HTTPS;
      default -> null;
    };
  }

  /** Returns the v2 pool protocol behind a listener: HTTP behind HTTP and HTTPS. */
  static String poolProtocol(Protocol p) {
    return p.isLayer7() ? "HTTP" : p.name();
  }

  /** Returns the algorithm of a v2 pool, round robin when unknown. */
  static Algorithm algorithmOf(@Nullable String v2) {
    if (v2 == null) {
      return Algorithm.ROUND_ROBIN;
    }
    try {
      return Algorithm.valueOf(v2);
    } catch (IllegalArgumentException e) {
      return Algorithm.ROUND_ROBIN;
    }
  }

  /** Returns the v2 session persistence of a spec's, or null when off. */
  static SharedElbApi.@Nullable Persistence persistence(@Nullable SessionPersistence p) {
    if (p == null) {
      return null;
    }
    return new SharedElbApi.Persistence(p.type().name(), null, p.timeoutMinutes());
  }

  /** Returns the spec's session persistence of a v2 one, or null when off or of a kind lbkit does not set. */
  static @Nullable SessionPersistence persistenceOf(SharedElbApi.@Nullable Persistence p) {
    if (p == null) {
      return null;
    }
    SessionPersistence.Type type;
    try {
      type = SessionPersistence.Type.valueOf(p.type());
    } catch (IllegalArgumentException e) {
      return null;
    }
    Integer t = p.timeoutMinutes();
    return new SessionPersistence(type, t == null || t < 1 ? 1 : t);
  }

  /** Returns the v2 health monitor settings of a spec's health check. */
  static SharedElbApi.MonitorSettings monitor(String name, HealthCheck h) {
    boolean http = h.type() == HealthCheck.Type.HTTP;
    return new SharedElbApi.MonitorSettings(
        name,
        h.type().name(),
        h.delaySeconds(),
        h.timeoutSeconds(),
        h.maxRetries(),
        h.monitorPort(),
        http ? h.path() : null,
        http ? h.expectedCodes() : null,
        null,
        null);
  }

  /**
   * Returns the health check a v2 monitor amounts to, in the spec's terms. What the spec leaves unset (and the
   * cloud fills with a default) and what v2 cannot express ({@code maxRetriesDown}) are reported as the spec has
   * them, so that they never cause an update.
   */
  static HealthCheck healthCheckOf(SharedElbApi.HealthMonitor m, @Nullable HealthCheck desired) {
    HealthCheck.Type type;
    try {
      type = HealthCheck.Type.valueOf(m.type() == null ? "TCP" : m.type());
    } catch (IllegalArgumentException e) {
      type = HealthCheck.Type.TCP;
    }
    return new HealthCheck(
        type,
        positive(m.delay()),
        positive(m.timeout()),
        positive(m.maxRetries()),
        desired == null ? null : desired.maxRetriesDown(),
        desired == null || desired.path() == null ? null : m.urlPath(),
        desired == null || desired.expectedCodes() == null ? null : m.expectedCodes(),
        desired == null || desired.monitorPort() == null ? null : m.monitorPort());
  }

  private static int positive(@Nullable Integer v) {
    return v == null || v < 1 ? 1 : v;
  }

  /**
   * Returns the options a v2 listener amounts to. Options v2 cannot set or report (timeouts, two of the three
   * inserted headers, transparent client IP) are reported as desired, so that they never cause an update; see
   * {@link #warnings}.
   */
  static ListenerOptions optionsOf(SharedElbApi.Listener l, @Nullable ListenerOptions desired) {
    ListenerOptions d = desired == null ? ListenerOptions.NONE : desired;
    return new ListenerOptions(
        d.keepaliveTimeout(),
        d.clientTimeout(),
        d.memberTimeout(),
        l.defaultTlsContainerRef(),
        l.sniContainerRefs(),
        l.http2Enable(),
        new InsertHeaders(
            l.insertXForwardedHost(), d.insertHeaders().xForwardedPort(), d.insertHeaders().xForwardedForPort()),
        d.transparentClientIp());
  }

  /** Returns the settings of a new v2 listener of a Service without pass-through. */
  static SharedElbApi.NewListener newListener(
      String loadBalancerId, String owner, Protocol protocol, int port, ListenerOptions o) {
    return newListener(loadBalancerId, owner, protocol, port, o, PassThrough.OFF);
  }

  /** Returns the settings of a new v2 listener; its name records the Service's pass-through setting. */
  static SharedElbApi.NewListener newListener(
      String loadBalancerId, String owner, Protocol protocol, int port, ListenerOptions o, PassThrough passThrough) {
    boolean https = protocol == Protocol.HTTPS;
    return new SharedElbApi.NewListener(
        loadBalancerId,
        SharedPassThrough.listenerName(protocol, port, passThrough),
        owner,
        listenerProtocol(protocol),
        port,
        https ? o.certificateId() : null,
        https ? o.sniCertificateIds() : List.of(),
        https ? o.http2() : null,
        protocol.isLayer7() ? o.insertHeaders().xForwardedHost() : null);
  }

  /** Returns the update of a v2 listener that sets the given options; null fields stay as they are. */
  static SharedElbApi.ListenerUpdate listenerUpdate(ListenerOptions o) {
    return new SharedElbApi.ListenerUpdate(
        null,
        null,
        null,
        o.certificateId(),
        o.sniCertificateIds().isEmpty() ? null : o.sniCertificateIds(),
        o.http2(),
        o.insertHeaders().xForwardedHost());
  }

  /**
   * Returns the EIP alias that marks an EIP as the Service's. EIP aliases take letters, digits, '_', '-' and '.'
   * only, up to 64 characters, so the marker's text form cannot go there as it is: the alias is a digest of it.
   */
  static String eipAlias(String ownerMarkerText) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(ownerMarkerText.getBytes(StandardCharsets.UTF_8));
      return "lbkit-" + HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Returns the owner marker text an EIP alias stands for: the Service's marker when the alias is its digest,
   * else the alias itself (someone else's, or null).
   */
  static @Nullable String eipOwner(@Nullable String alias, OwnerMarker marker) {
    if (alias == null || alias.isEmpty()) {
      return null;
    }
    return alias.equals(eipAlias(marker.value())) ? marker.value() : alias;
  }

  /**
   * Checks what the shared ELB v2 API cannot do at all, before any call.
   *
   * @throws InvalidServiceException naming each annotation that asks for it
   */
  static void validate(LoadBalancerSpec spec) {
    List<Problem> problems = new ArrayList<>();
    for (ListenerSpec l : spec.listeners()) {
      if (l.protocol() == Protocol.HTTPS && l.options().certificateId() == null) {
        problems.add(new Problem("kubernetes.io/elb.cert-id", null,
            "ensure: the HTTPS listener on port " + l.port() + " of a shared load balancer needs a server "
                + "certificate; set kubernetes.io/elb.cert-id"));
      }
      SessionPersistence sp = l.pool().sessionPersistence();
      if (sp != null && sp.type() == SessionPersistence.Type.SOURCE_IP && l.protocol().isLayer7()) {
        // The ELB APIs keep SOURCE_IP sessions on layer-4 pools only (huawei-api-and-sdk.md B.2, Pool:
        // "session_persistence.type: for TCP/UDP only SOURCE_IP"); a v2 HTTP pool keeps them by cookie.
        problems.add(new Problem(PERSISTENCE_KEY, "SOURCE_IP",
            "ensure: sticky sessions by source IP work on TCP and UDP ports only, and port " + l.port() + " is "
                + l.protocol() + "; remove " + PERSISTENCE_KEY + " (or spec.sessionAffinity: ClientIP), or serve "
                + "the port as TCP"));
      }
      ListenerOptions o = l.options();
      for (var option : List.of(
          java.util.Map.entry("kubernetes.io/elb.keepalive_timeout", String.valueOf(o.keepaliveTimeout())),
          java.util.Map.entry("kubernetes.io/elb.client_timeout", String.valueOf(o.clientTimeout())),
          java.util.Map.entry("kubernetes.io/elb.member_timeout", String.valueOf(o.memberTimeout())),
          java.util.Map.entry("kubernetes.io/elb.x-forwarded-port", String.valueOf(o.insertHeaders().xForwardedPort())),
          java.util.Map.entry("kubernetes.io/elb.x-forwarded-for-port",
              String.valueOf(o.insertHeaders().xForwardedForPort())))) {
        if (!option.getValue().equals("null")) {
          // huawei-api-and-sdk.md B.1 (Listener): the v2 listener has no keepalive/client/member timeout and
          // inserts X-Forwarded-ELB-IP and X-Forwarded-Host only; those are v3 listener fields (B.2).
          problems.add(new Problem(option.getKey(), option.getValue(),
              "ensure: shared load balancers take this setting only through the ELB v3 listener API, which this "
                  + "version does not use for them; port " + l.port() + " would keep the cloud's default. Remove "
                  + option.getKey() + ", or use a dedicated load balancer (kubernetes.io/elb.class: performance)"));
        }
      }
      HealthCheck h = l.healthCheck();
      if (h != null && h.type() == HealthCheck.Type.HTTPS) {
        problems.add(new Problem("kubernetes.io/elb.health-check-option", "HTTPS",
            "ensure: shared load balancers check health over TCP, UDP_CONNECT or HTTP only; choose one of "
                + "those for port " + l.port()));
      }
    }
    HuaweiOptions options = HuaweiOptions.of(spec);
    Problem needsSize = HuaweiOptions.checkPublic(spec, options);
    if (needsSize != null) {
      problems.add(needsSize);
    }
    if (spec.attachment() instanceof Attachment.AutoCreate && "WHOLE".equals(options.shareType())) {
      problems.add(new Problem("kubernetes.io/elb.autocreate", "WHOLE",
          "ensure: this version creates EIPs with a bandwidth of their own (share_type PER) only; use PER or "
              + "bring an EIP with kubernetes.io/elb.custom-eip-id"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
  }

  /**
   * Returns a warning for each UDP port of a Service with {@code externalTrafficPolicy: Local} and node backends.
   * kube-proxy answers on the health check node port over HTTP for every protocol, but a UDP pool takes a
   * UDP_CONNECT monitor only (huawei-api-and-sdk.md B.2, Health monitor: "UDP/QUIC pools need UDP_CONNECT"; the
   * CCE health-check annotations likewise probe a UDP port over UDP only), and UDP_CONNECT on the node port
   * cannot tell a node without a local endpoint from one with: such nodes stay members and drop their share.
   */
  static List<ProviderWarning> localUdpWarnings(LoadBalancerSpec spec) {
    List<ProviderWarning> out = new ArrayList<>();
    if (spec.trafficPolicy() != TrafficPolicy.LOCAL || spec.backendMode() != BackendMode.NODES) {
      return out;
    }
    for (ListenerSpec l : spec.listeners()) {
      if (l.protocol() == Protocol.UDP) {
        out.add(new ProviderWarning("LocalTrafficOnUdp",
            "UDP port " + l.port() + " (node port " + l.nodePort() + "): externalTrafficPolicy Local cannot be "
                + "health-checked on a UDP pool (the API takes UDP_CONNECT only, not HTTP on the health check node "
                + "port " + spec.healthCheckNodePort() + "), so nodes without a local endpoint stay members and "
                + "drop the traffic sent to them; use externalTrafficPolicy Cluster for this port, or run an "
                + "endpoint on every node"));
      }
    }
    return out;
  }

  /** Returns warnings for settings the shared ELB v2 API ignores. */
  static List<ProviderWarning> warnings(LoadBalancerSpec spec) {
    List<ProviderWarning> out = new ArrayList<>();
    out.addAll(localUdpWarnings(spec));
    for (ListenerSpec l : spec.listeners()) {
      if (l.healthCheck() != null && l.healthCheck().maxRetriesDown() != null) {
        out.add(new ProviderWarning("UnsupportedOption",
            "port " + l.port() + ": shared load balancers have no max_retries_down; it is ignored"));
      }
    }
    return out;
  }
}
