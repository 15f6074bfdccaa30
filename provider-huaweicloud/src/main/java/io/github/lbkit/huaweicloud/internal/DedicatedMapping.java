package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.AclSpec;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.IpFamily;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Translates between the spec's terms and the dedicated ELB (v3) API's, both ways. Pure. */
final class DedicatedMapping {

  /** The annotation that asks for pass-through networking. */
  static final String PASS_THROUGH_KEY = Feature.PASS_THROUGH.key();

  /** The tag key that carries a digest of the owner marker (tag values take no ','). */
  static final String OWNER_TAG = "lbkit-owner";

  private static final String PASS_THROUGH_PART = "pass-through=";

  /** The pool protocols that take IP-as-backend members. */
  static final java.util.Set<String> IP_TARGET_POOLS = java.util.Set.of("TCP", "HTTP", "HTTPS");

  private DedicatedMapping() {}

  /** Returns the v3 listener protocol: the spec's own names. */
  static String listenerProtocol(Protocol p) {
    return p.name();
  }

  /** Returns the v3 pool protocol behind a listener: HTTP behind HTTP and HTTPS. */
  static String poolProtocol(Protocol p) {
    return p.isLayer7() ? "HTTP" : p.name();
  }

  /** Returns the listener description: the owner marker and the Service's pass-through setting. */
  static String listenerDescription(OwnerMarker marker, PassThrough passThrough) {
    return marker.value() + "," + PASS_THROUGH_PART + (passThrough != PassThrough.OFF);
  }

  /** Returns the pass-through setting recorded in a listener description, or null when none is. */
  static @Nullable Boolean recordedPassThrough(@Nullable String description) {
    if (description == null || OwnerMarker.parse(description).isEmpty()) {
      return null;
    }
    for (String part : description.split(",", -1)) {
      if (part.startsWith(PASS_THROUGH_PART)) {
        return Boolean.parseBoolean(part.substring(PASS_THROUGH_PART.length()));
      }
    }
    return null;
  }

  /** Returns the descriptions a Service's listeners may carry, for one filtered list call. */
  static List<String> listenerDescriptions(OwnerMarker marker) {
    return List.of(marker.value(), listenerDescription(marker, PassThrough.OFF),
        listenerDescription(marker, PassThrough.ON));
  }

  /** Returns the v3 settings of a listener from the spec's options; null options stay unset. */
  static DedicatedElbApi.ListenerSettings settings(
      Protocol protocol, ListenerOptions o, DedicatedElbApi.@Nullable ListenerIpGroup ipGroup,
      @Nullable String description) {
    boolean https = protocol == Protocol.HTTPS;
    boolean l7 = protocol.isLayer7();
    return new DedicatedElbApi.ListenerSettings(
        https ? o.certificateId() : null,
        https ? o.sniCertificateIds() : List.of(),
        https ? o.http2() : null,
        o.keepaliveTimeout(),
        l7 ? o.clientTimeout() : null,
        l7 ? o.memberTimeout() : null,
        l7 ? o.insertHeaders().xForwardedHost() : null,
        l7 ? o.insertHeaders().xForwardedPort() : null,
        l7 ? o.insertHeaders().xForwardedForPort() : null,
        l7 ? null : o.transparentClientIp(),
        ipGroup,
        description);
  }

  /** Returns the options a v3 listener has, in the spec's terms. */
  static ListenerOptions optionsOf(DedicatedElbApi.ListenerSettings s) {
    return new ListenerOptions(
        s.keepaliveTimeout(),
        s.clientTimeout(),
        s.memberTimeout(),
        s.defaultTlsContainerRef(),
        s.sniContainerRefs(),
        s.http2Enable(),
        new InsertHeaders(s.xForwardedHost(), s.xForwardedPort(), s.xForwardedForPort()),
        s.transparentClientIp());
  }

  /** Returns the v3 monitor settings of a health check. */
  static DedicatedElbApi.MonitorSettings monitor(HealthCheck h) {
    boolean http = h.type() == HealthCheck.Type.HTTP || h.type() == HealthCheck.Type.HTTPS;
    return new DedicatedElbApi.MonitorSettings(h.type().name(), h.delaySeconds(), h.timeoutSeconds(),
        h.maxRetries(), h.maxRetriesDown(), h.monitorPort(), http ? h.path() : null,
        http ? h.expectedCodes() : null);
  }

  /**
   * Returns the health check a v3 monitor amounts to. What the spec leaves unset (and the cloud fills with a
   * default) is reported as the spec has it, so that it never causes an update.
   */
  static HealthCheck healthCheckOf(DedicatedElbApi.MonitorSettings m, @Nullable HealthCheck desired) {
    HealthCheck.Type type;
    try {
      type = HealthCheck.Type.valueOf(m.type());
    } catch (IllegalArgumentException e) {
      type = HealthCheck.Type.TCP;
    }
    return new HealthCheck(
        type,
        Math.max(1, m.delay()),
        Math.max(1, m.timeout()),
        Math.max(1, m.maxRetries()),
        desired == null || desired.maxRetriesDown() == null ? null : m.maxRetriesDown(),
        desired == null || desired.path() == null ? null : m.urlPath(),
        desired == null || desired.expectedCodes() == null ? null : m.expectedCodes(),
        desired == null || desired.monitorPort() == null ? null : m.monitorPort());
  }

  /** Returns the spec's persistence of a v3 pool's, or null when off or of a kind lbkit does not set. */
  static @Nullable SessionPersistence persistenceOf(@Nullable String type, @Nullable Integer timeout) {
    if (type == null) {
      return null;
    }
    try {
      return new SessionPersistence(SessionPersistence.Type.valueOf(type), timeout == null || timeout < 1 ? 1 : timeout);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Returns the v3 listener access control an ACL annotation asks for, or null for "allow all". */
  static DedicatedElbApi.@Nullable ListenerIpGroup ipGroupOf(AclSpec acl) {
    if (acl.ipGroupIds().isEmpty()) {
      return null;
    }
    return new DedicatedElbApi.ListenerIpGroup(
        acl.ipGroupIds().get(0), acl.enabled(), acl.type().name().toLowerCase(Locale.ROOT));
  }

  /**
   * Checks what the dedicated ELB v3 API cannot do, before any call.
   *
   * @throws InvalidServiceException naming each annotation that asks for it
   */
  static void validate(LoadBalancerSpec spec) {
    List<Problem> problems = new ArrayList<>();
    if (spec.attachment() instanceof Attachment.AutoCreate) {
      HuaweiOptions o = HuaweiOptions.of(spec);
      Problem needsSize = HuaweiOptions.checkPublic(spec, o);
      if (needsSize != null) {
        problems.add(needsSize);
      }
      if (o.availabilityZones().isEmpty()) {
        problems.add(new Problem("kubernetes.io/elb.autocreate", null,
            "ensure: a dedicated load balancer needs availability zones; set \"available_zone\" in "
                + "kubernetes.io/elb.autocreate"));
      }
      if ("WHOLE".equals(o.shareType())) {
        problems.add(new Problem("kubernetes.io/elb.autocreate", "WHOLE",
            "ensure: this version creates EIPs with a bandwidth of their own (share_type PER) only; use PER or "
                + "bring an EIP with kubernetes.io/elb.custom-eip-id"));
      }
      if (spec.ipFamilies().contains(IpFamily.IPV6) && o.ipv6VipVirsubnetId() == null) {
        problems.add(new Problem("spec.ipFamilies", "IPv6",
            "ensure: an IPv6 Service on an auto-created dedicated load balancer needs an IPv6 network; set "
                + "\"ipv6_vip_virsubnet_id\" in kubernetes.io/elb.autocreate"));
      }
    }
    for (ListenerSpec l : spec.listeners()) {
      if (l.protocol() == Protocol.HTTPS && l.options().certificateId() == null) {
        problems.add(new Problem("kubernetes.io/elb.cert-id", null,
            "ensure: the HTTPS listener on port " + l.port() + " needs a server certificate; set "
                + "kubernetes.io/elb.cert-id"));
      }
      if (spec.backendMode() == BackendMode.PODS && !IP_TARGET_POOLS.contains(poolProtocol(l.protocol()))) {
        // huawei-api-and-sdk.md D ("IP-as-backend members"): "only for TCP, HTTP or HTTPS pools"; B.2 (Member):
        // "That requires ip_target_enable=true and a TCP/HTTP/HTTPS pool" (else 400 ELB.8902).
        problems.add(new Problem(Feature.POD_BACKENDS.key(), "false",
            "ensure: pod backends are IP-as-backend members, which dedicated load balancers take in TCP, HTTP and "
                + "HTTPS pools only, and port " + l.port() + " is " + l.protocol() + "; give the Service node "
                + "ports (allocateLoadBalancerNodePorts: true) or move port " + l.port() + " to a Service of its "
                + "own with node ports"));
      }
      HealthCheck check = l.healthCheck();
      if (l.protocol() == Protocol.UDP && check != null && check.type() != HealthCheck.Type.UDP_CONNECT) {
        // huawei-api-and-sdk.md B.2 (Health monitor): "UDP/QUIC pools need UDP_CONNECT".
        problems.add(new Problem("kubernetes.io/elb.health-check-option", check.type().name(),
            "ensure: a UDP pool takes a UDP_CONNECT health check only, and port " + l.port() + " is UDP; use "
                + "protocol UDP for it"));
      }
      SessionPersistence p = l.pool().sessionPersistence();
      if (p != null) {
        SessionPersistence.Type allowed =
            l.protocol().isLayer7() ? SessionPersistence.Type.HTTP_COOKIE : SessionPersistence.Type.SOURCE_IP;
        if (p.type() != allowed) {
          problems.add(new Problem("kubernetes.io/elb.session-affinity-mode", p.type().name(),
              "ensure: dedicated load balancers keep " + l.protocol() + " sessions by " + allowed
                  + " only; use that for port " + l.port() + " or turn session affinity off (remove "
                  + "kubernetes.io/elb.session-affinity-mode, or spec.sessionAffinity: ClientIP)"));
        }
      }
    }
    AclSpec acl = spec.acl();
    if (acl != null && acl.ipGroupIds().size() > 1) {
      problems.add(new Problem("kubernetes.io/elb.acl-id", String.join(",", acl.ipGroupIds()),
          "ensure: a dedicated listener takes one IP group in this version; merge the addresses into one group"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
  }

  /**
   * Returns the spec with the members the API can take: pod backends become IP-as-backend members, which must be
   * private IPv4 addresses (huawei-api-and-sdk.md D, "IP-as-backend members": "the address must be a private
   * IPv4 address"), so the IPv6 half of a dual-stack Service's pods (and any other address) is left out; the
   * load balancer reaches them through their IPv4 address whatever its own address family. One such address in
   * a batch-add would make the API refuse the whole batch. Node backends are kept as they are (each is placed in
   * its subnet by {@link MemberSubnets}, which refuses one no IPv4 subnet holds).
   */
  static LoadBalancerSpec withApiMembers(LoadBalancerSpec spec) {
    if (spec.backendMode() != BackendMode.PODS) {
      return spec;
    }
    List<Backend> kept = spec.backends().stream().filter(b -> Cidrs.isPrivateIpv4(b.address())).toList();
    return kept.size() == spec.backends().size() ? spec : spec.toBuilder().backends(kept).build();
  }

  /** Returns warnings about the dedicated class the user should know. */
  static List<ProviderWarning> warnings(LoadBalancerSpec spec) {
    List<ProviderWarning> out = new ArrayList<>(SharedMapping.localUdpWarnings(spec));
    if (spec.passThrough() != PassThrough.OFF) {
      out.add(new ProviderWarning("PassThroughNodeLocalUnreachable",
          "pass-through on a dedicated load balancer: from the node a backend pod runs on (and from pods on that "
              + "node) the load balancer's private address is not reachable; reach the Service through its "
              + "ClusterIP inside the cluster, or turn " + PASS_THROUGH_KEY + " off"));
    }
    if (spec.acl() != null && !spec.sourceRanges().isEmpty()) {
      out.add(new ProviderWarning("SourceRangesIgnored",
          "spec.loadBalancerSourceRanges are not applied: kubernetes.io/elb.acl-id sets the listeners' access "
              + "control; put the ranges into that IP group, or remove the ACL annotations"));
    }
    return out;
  }

  /**
   * Refuses what only the dedicated class serves when the Service asks the shared class for it, before any call.
   *
   * @throws InvalidServiceException naming each annotation that asks for it
   */
  static void refuseOnShared(LoadBalancerSpec spec) {
    List<Problem> problems = new ArrayList<>();
    for (Feature f : List.of(Feature.POD_BACKENDS, Feature.SOURCE_RANGES, Feature.ACL, Feature.IPV6, Feature.TAGS,
        Feature.TRANSPARENT_CLIENT_IP)) {
      if (spec.requiredFeatures().contains(f)) {
        problems.add(new Problem(f.key(), null,
            "ensure: this provider serves " + f + " on dedicated load balancers only; set "
                + "kubernetes.io/elb.class: performance, or remove " + f.key()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
  }
}
