package io.github.lbkit.cce;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.SessionPersistence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds one listener per Service port: protocol (with {@code kubernetes.io/elb.protocol-port}), ports,
 * listener options (timeouts, certificates, HTTP/2, inserted headers, transparent client IP), the pool and
 * the health check.
 */
final class Listeners {

  private Listeners() {}

  /** Everything a listener depends on that is read elsewhere. */
  record Inputs(
      LoadBalancerClass loadBalancerClass,
      BackendMode backendMode,
      PoolSpec pool,
      HealthChecks healthChecks,
      HealthChecks.Context healthContext) {}

  /** The Service port protocol, or null after reporting a problem. */
  static @Nullable String serviceProtocol(ServicePort p, int index, Problems problems) {
    String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
    if (proto.equals("TCP") || proto.equals("UDP")) {
      return proto;
    }
    String field = "spec.ports[" + index + "].protocol";
    if (proto.equals("SCTP")) {
      problems.add(field, proto, "SCTP is not supported by the load balancer; use TCP or UDP");
    } else {
      problems.add(field, proto, "must be TCP or UDP");
    }
    return null;
  }

  static List<ListenerSpec> build(List<ServicePort> ports, AnnotationValues av, Inputs in) {
    Problems problems = av.problems();
    Map<Integer, Protocol> layer7 = protocolPorts(ports, av);

    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      String proto = serviceProtocol(p, i, problems);
      Integer port = p.getPort();
      if (port == null || port < 1 || port > 65535) {
        problems.add("spec.ports[" + i + "].port", String.valueOf(port), "must be 1-65535");
        continue;
      }
      if (proto != null) {
        Protocol protocol = proto.equals("UDP") ? Protocol.UDP : layer7.getOrDefault(port, Protocol.TCP);
        entries.add(new Entry(i, p, port, protocol, proto + ":" + port));
      }
    }
    Map<Protocol, ListenerOptions> options =
        options(av, in.loadBalancerClass(), entries.stream().map(Entry::protocol).toList());

    List<ListenerSpec> out = new ArrayList<>();
    for (Entry e : entries) {
      ServicePort p = e.port();
      int nodePort = p.getNodePort() == null ? 0 : p.getNodePort();
      if (in.backendMode() == BackendMode.NODES && (nodePort < 1 || nodePort > 65535)) {
        problems.add("spec.ports[" + e.index() + "].nodePort",
            p.getNodePort() == null ? null : String.valueOf(p.getNodePort()),
            "must be an allocated node port: node backends are reached on it; set"
                + " allocateLoadBalancerNodePorts to true (or leave it unset)");
        continue;
      }
      int targetPort = targetPort(p, e.index(), problems);
      sourceIpPersistence(av, in.pool(), e, problems);
      HealthCheck hc = in.healthChecks().forListener(e.protocol(), e.servicePort(), in.healthContext());
      out.add(new ListenerSpec(
          p.getName() == null ? "" : p.getName(),
          e.protocol(),
          e.number(),
          nodePort,
          targetPort,
          options.get(e.protocol()),
          in.pool(),
          hc));
    }
    return out;
  }

  private record Entry(int index, ServicePort port, int number, Protocol protocol, String servicePort) {}

  /**
   * Refuses sticky sessions by source IP on an HTTP or HTTPS port: the ELB APIs keep SOURCE_IP sessions on TCP
   * and UDP pools only (an HTTP pool keeps them by cookie), so the pool would be refused, or on shared load
   * balancers created with a persistence the listener does not honour. Names the key that asked for it.
   */
  private static void sourceIpPersistence(AnnotationValues av, PoolSpec pool, Entry e, Problems problems) {
    SessionPersistence sp = pool.sessionPersistence();
    if (sp == null || sp.type() != SessionPersistence.Type.SOURCE_IP || !e.protocol().isLayer7()) {
      return;
    }
    boolean annotation = av.isSet(CceAnnotations.ELB_SESSION_AFFINITY_MODE);
    problems.add(annotation ? CceAnnotations.ELB_SESSION_AFFINITY_MODE : "spec.sessionAffinity",
        annotation ? av.text(CceAnnotations.ELB_SESSION_AFFINITY_MODE) : "ClientIP",
        "keeps sessions by source IP, which the load balancer does on TCP and UDP ports only, and port "
            + e.number() + " is " + e.protocol() + " (" + CceAnnotations.ELB_PROTOCOL_PORT + "); remove "
            + (annotation ? "the annotation" : "sessionAffinity: ClientIP") + " or serve that port as TCP");
  }

  private static int targetPort(ServicePort p, int index, Problems problems) {
    IntOrString t = p.getTargetPort();
    if (t == null) {
      return p.getPort();
    }
    if (t.getIntVal() != null) {
      int v = t.getIntVal();
      if (v < 1 || v > 65535) {
        problems.add("spec.ports[" + index + "].targetPort", String.valueOf(v), "must be 1-65535 or a port name");
        return 0;
      }
      return v;
    }
    // A named target port: pods' own port numbers, from the EndpointSlices, are used.
    return 0;
  }

  /** Reads {@code kubernetes.io/elb.protocol-port}: Service port number to HTTP or HTTPS. */
  private static Map<Integer, Protocol> protocolPorts(List<ServicePort> ports, AnnotationValues av) {
    String key = CceAnnotations.ELB_PROTOCOL_PORT;
    Map<Integer, Protocol> out = new LinkedHashMap<>();
    String v = av.text(key);
    if (v == null) {
      return out;
    }
    for (String item : Texts.split(v)) {
      int colon = item.indexOf(':');
      String proto = colon < 0 ? "" : item.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      Integer port = colon < 0 ? null : Texts.parseInt(item.substring(colon + 1));
      if (!(proto.equals("http") || proto.equals("https")) || port == null || port < 1 || port > 65535) {
        av.problems().add(key, v, "must be protocol:port pairs such as https:443,http:80 with protocol http or"
            + " https; '" + item + "' is not one");
        continue;
      }
      boolean tcpPort = ports.stream().anyMatch(
          p -> port.equals(p.getPort()) && (p.getProtocol() == null || p.getProtocol().equals("TCP")));
      if (!tcpPort) {
        av.problems().add(key, v, "names port " + port + ", which is not a TCP port of the Service");
        continue;
      }
      if (out.put(port, proto.equals("https") ? Protocol.HTTPS : Protocol.HTTP) != null) {
        av.problems().add(key, v, "names port " + port + " twice");
      }
    }
    return out;
  }

  /** Builds the listener options for each protocol present, validating each option against the protocols. */
  private static Map<Protocol, ListenerOptions> options(
      AnnotationValues av, LoadBalancerClass cls, List<Protocol> protocols) {
    Problems problems = av.problems();
    boolean anyHttps = protocols.contains(Protocol.HTTPS);
    boolean anyLayer7 = anyHttps || protocols.contains(Protocol.HTTP);
    boolean anyLayer4 = protocols.contains(Protocol.TCP) || protocols.contains(Protocol.UDP);

    Integer keepalive = av.integer(CceAnnotations.ELB_KEEPALIVE_TIMEOUT, 0, 4000, "seconds");
    Integer client = av.integer(CceAnnotations.ELB_CLIENT_TIMEOUT, 1, 300, "seconds");
    Integer member = av.integer(CceAnnotations.ELB_MEMBER_TIMEOUT, 1, 300, "seconds");
    String cert = av.id(CceAnnotations.ELB_CERT_ID);
    List<String> sni = av.ids(CceAnnotations.ELB_TLS_CERTIFICATE_IDS, Integer.MAX_VALUE);
    Boolean http2 = av.bool(CceAnnotations.ELB_HTTP2_ENABLE);
    Boolean xfHost = av.bool(CceAnnotations.ELB_X_FORWARDED_HOST);
    Boolean xfPort = av.bool(CceAnnotations.ELB_X_FORWARDED_PORT);
    Boolean xfForPort = av.bool(CceAnnotations.ELB_X_FORWARDED_FOR_PORT);
    Boolean transparent = av.bool(CceAnnotations.ELB_TRANSPARENT_CLIENT_IP);

    if (keepalive != null) {
      for (Protocol p : protocols) {
        if (p == Protocol.UDP && cls == LoadBalancerClass.SHARED) {
          problems.add(CceAnnotations.ELB_KEEPALIVE_TIMEOUT, keepalive.toString(),
              "applies to UDP listeners on dedicated load balancers only; remove it or use elb.class performance");
        } else if (!p.isLayer7() && keepalive < 10) {
          problems.add(CceAnnotations.ELB_KEEPALIVE_TIMEOUT, keepalive.toString(),
              "must be 10-4000 seconds for " + p + " listeners");
        }
      }
    }
    String needL7 = "applies only to HTTP and HTTPS listeners; turn a port into one with "
        + CceAnnotations.ELB_PROTOCOL_PORT;
    for (String key : List.of(CceAnnotations.ELB_CLIENT_TIMEOUT, CceAnnotations.ELB_MEMBER_TIMEOUT,
        CceAnnotations.ELB_X_FORWARDED_HOST, CceAnnotations.ELB_X_FORWARDED_PORT,
        CceAnnotations.ELB_X_FORWARDED_FOR_PORT)) {
      if (av.isSet(key) && !anyLayer7) {
        problems.add(key, av.text(key), needL7);
      }
    }
    String needHttps = "needs an HTTPS listener; add https:<port> to " + CceAnnotations.ELB_PROTOCOL_PORT;
    for (String key : List.of(CceAnnotations.ELB_CERT_ID, CceAnnotations.ELB_TLS_CERTIFICATE_IDS,
        CceAnnotations.ELB_HTTP2_ENABLE)) {
      if (av.isSet(key) && !anyHttps) {
        problems.add(key, av.text(key), needHttps);
      }
    }
    if (anyHttps && !av.isSet(CceAnnotations.ELB_CERT_ID)) {
      problems.add(CceAnnotations.ELB_CERT_ID, null,
          "is required for HTTPS listeners: set it to the id of an ELB server certificate");
    }
    if (av.isSet(CceAnnotations.ELB_TRANSPARENT_CLIENT_IP)) {
      if (cls != LoadBalancerClass.SHARED) {
        problems.add(CceAnnotations.ELB_TRANSPARENT_CLIENT_IP, av.text(CceAnnotations.ELB_TRANSPARENT_CLIENT_IP),
            "applies only to shared load balancers (elb.class union); dedicated ones pass the client IP already");
      } else if (!anyLayer4) {
        problems.add(CceAnnotations.ELB_TRANSPARENT_CLIENT_IP, av.text(CceAnnotations.ELB_TRANSPARENT_CLIENT_IP),
            "applies only to TCP and UDP listeners");
      }
    }

    Map<Protocol, ListenerOptions> out = new LinkedHashMap<>();
    InsertHeaders headers = new InsertHeaders(xfHost, xfPort, xfForPort);
    for (Protocol p : Protocol.values()) {
      boolean l7 = p.isLayer7();
      boolean https = p == Protocol.HTTPS;
      out.put(p, new ListenerOptions(
          keepalive,
          l7 ? client : null,
          l7 ? member : null,
          https ? cert : null,
          https && sni != null ? sni : List.of(),
          https ? http2 : null,
          l7 ? headers : InsertHeaders.NONE,
          l7 || cls != LoadBalancerClass.SHARED ? null : transparent));
    }
    return out;
  }
}
