package io.github.lbkit.cce;

import static io.github.lbkit.cce.CceAnnotations.*;
import static io.github.lbkit.cce.Fixtures.LB_ID;
import static io.github.lbkit.cce.Fixtures.UID;
import static io.github.lbkit.cce.Fixtures.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import io.github.lbkit.api.AclSpec;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.IpFamily;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.TrafficPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every annotation, valid, invalid and absent, as tables of named cases. */
class AnnotationTableTest {

  static final String DOC_EXAMPLE =
      "{\"type\":\"public\",\"bandwidth_name\":\"cce-bandwidth-1\",\"bandwidth_chargemode\":\"bandwidth\","
          + "\"bandwidth_size\":5,\"bandwidth_sharetype\":\"PER\",\"eip_type\":\"5_bgp\","
          + "\"available_zone\":[\"cn-north-4a\"],\"l4_flavor_name\":\"L4_flavor.elb.pro.max\","
          + "\"vip_subnet_cidr_id\":\"8d3f0a4e-1c2b-4d5e-9f60-718293a4b5c6\"}";

  /** The OTC example with the stray quote: {@code "traffic,} swallows the comma. */
  static final String OTC_MALFORMED =
      "{\"type\":\"public\",\"bandwidth_name\":\"cce-bandwidth-1551163379627\",\"bandwidth_chargemode\":\"traffic,"
          + "\"bandwidth_size\":5,\"bandwidth_sharetype\":\"PER\",\"eip_type\":\"5_bgp\"}";

  static final String PUBLIC_UNION =
      "{\"type\":\"public\",\"bandwidth_name\":\"bw\",\"bandwidth_chargemode\":\"traffic\","
          + "\"bandwidth_size\":\"10\",\"bandwidth_sharetype\":\"PER\",\"eip_type\":\"5_sbgp\"}";

  record Valid(Map<String, String> annotations, Consumer<Service> tweak, Consumer<LoadBalancerSpec> check) {}

  record Invalid(Map<String, String> annotations, Consumer<Service> tweak, String key, String rule) {}

  static Map<String, String> a(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static final Consumer<Service> NONE = s -> {};

  static Consumer<Service> ports(io.fabric8.kubernetes.api.model.ServicePort... ports) {
    return s -> s.getSpec().setPorts(new ArrayList<>(List.of(ports)));
  }

  static final Consumer<Service> HTTP_PORTS =
      ports(port("web", "TCP", 80, 8080, 30080), port("tls", "TCP", 443, 8443, 30443));

  static final Consumer<Service> LOCAL =
      s -> {
        s.getSpec().setExternalTrafficPolicy("Local");
        s.getSpec().setHealthCheckNodePort(32001);
      };

  static final Consumer<Service> DEDICATED_PODS = s -> s.getSpec().setAllocateLoadBalancerNodePorts(false);

  /** The annotations lbkit writes back after creating from {@code annotations}, merged into them. */
  static Map<String, String> created(Map<String, String> annotations) {
    LoadBalancerSpec spec = Fixtures.translate(Fixtures.service(annotations));
    Map<String, String> out = new LinkedHashMap<>(annotations);
    out.putAll(spec.writeBackAnnotations(LB_ID, spec.autoCreated() ? "eip-0001" : null));
    return out;
  }

  static Map<String, String> plus(Map<String, String> base, String... kv) {
    Map<String, String> m = new LinkedHashMap<>(base);
    m.putAll(a(kv));
    return m;
  }

  static Map<String, String> minus(Map<String, String> base, String key) {
    Map<String, String> m = new LinkedHashMap<>(base);
    m.remove(key);
    return m;
  }

  static ListenerSpec only(LoadBalancerSpec s) {
    assertThat(s.listeners()).hasSize(1);
    return s.listeners().get(0);
  }

  static ListenerSpec listener(LoadBalancerSpec s, Protocol p) {
    return s.listeners().stream().filter(l -> l.protocol() == p).findFirst().orElseThrow();
  }

  static Stream<Named<Valid>> valid() {
    String perf = "performance";
    return Stream.of(
        v("no annotations: inner load balancer with defaults", a(), NONE, s -> {
          assertThat(s.loadBalancerClass()).isEqualTo(LoadBalancerClass.SHARED);
          assertThat(s.attachment()).isEqualTo(Attachment.AutoCreate.inner("cce-lb-" + UID));
          assertThat(s.passThrough()).isEqualTo(PassThrough.OFF);
          assertThat(s.recorded()).isNull();
          ListenerSpec l = only(s);
          assertThat(l).extracting(ListenerSpec::protocol, ListenerSpec::port, ListenerSpec::nodePort,
              ListenerSpec::targetPort).containsExactly(Protocol.TCP, 80, 30080, 8080);
          assertThat(l.pool().algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
          assertThat(l.pool().sessionPersistence()).isNull();
          assertThat(l.healthCheck())
              .isEqualTo(new HealthCheck(HealthCheck.Type.TCP, 5, 10, 3, null, null, null, null));
          assertThat(s.backendMode()).isEqualTo(BackendMode.NODES);
          assertThat(s.backends()).hasSize(2);
        }),
        v("elb.class union", a(ELB_CLASS, "union"), NONE,
            s -> assertThat(s.loadBalancerClass()).isEqualTo(LoadBalancerClass.SHARED)),
        v("elb.class performance", a(ELB_CLASS, perf), NONE,
            s -> assertThat(s.loadBalancerClass()).isEqualTo(LoadBalancerClass.DEDICATED)),
        v("elb.id attaches to an existing load balancer", a(ELB_ID, LB_ID), NONE,
            s -> assertThat(s.attachment()).isEqualTo(new Attachment.Existing(LB_ID))),
        v("elb.autocreate doc example (dedicated, public)", a(ELB_CLASS, perf, ELB_AUTOCREATE, DOC_EXAMPLE), NONE,
            s -> {
              Attachment.AutoCreate ac = (Attachment.AutoCreate) s.attachment();
              assertThat(ac.type()).isEqualTo(Attachment.AddressType.PUBLIC);
              assertThat(s.cloudOptions().values()).containsAllEntriesOf(Map.of(
                  "huaweicloud.bandwidth.name", "cce-bandwidth-1", "huaweicloud.bandwidth.chargemode", "bandwidth",
                  "huaweicloud.bandwidth.size", "5", "huaweicloud.bandwidth.sharetype", "PER"));
              assertThat(s.cloudOptions().get("huaweicloud.availability-zones")).isEqualTo("cn-north-4a");
              assertThat(s.cloudOptions().get("huaweicloud.l4-flavor-name")).isEqualTo("L4_flavor.elb.pro.max");
              assertThat(s.cloudOptions().get("huaweicloud.vip-subnet-cidr-id"))
                  .isEqualTo("8d3f0a4e-1c2b-4d5e-9f60-718293a4b5c6");
              assertThat(ac.name()).isEqualTo("cce-lb-" + UID);
            }),
        v("elb.autocreate public, numbers as strings", a(ELB_AUTOCREATE, PUBLIC_UNION), NONE, s -> {
          Attachment.AutoCreate ac = (Attachment.AutoCreate) s.attachment();
          assertThat(ac.type()).isEqualTo(Attachment.AddressType.PUBLIC);
          assertThat(s.cloudOptions().get("huaweicloud.bandwidth.size")).isEqualTo("10");
          assertThat(s.cloudOptions().get("huaweicloud.bandwidth.chargemode")).isEqualTo("traffic");
          assertThat(s.cloudOptions().get("huaweicloud.eip.type")).isEqualTo("5_sbgp");
        }),
        v("elb.autocreate inner with every dedicated field", a(ELB_CLASS, perf, ELB_AUTOCREATE,
            "{\"type\":\"inner\",\"name\":\"my.lb-1\",\"available_zone\":[\"az1\",\"az2\"],"
                + "\"l4_flavor_name\":\"L4_flavor.elb.s1.small\",\"l7_flavor_name\":\"L7_flavor.elb.s1.small\","
                + "\"ipv6_vip_virsubnet_id\":\"v6net\",\"elb_virsubnet_ids\":[\"net-1\"],"
                + "\"vip_address\":\"192.168.0.10\",\"vip_subnet_cidr_id\":\"sub-1\"}"), NONE,
            s -> {
              // The digest is the one earlier versions recorded for this value, so their Services keep matching.
              assertThat(s.attachment()).isEqualTo(new Attachment.AutoCreate("my.lb-1",
                  Attachment.AddressType.INNER, "192.168.0.10", "de90cf6dd3951f8e"));
              assertThat(s.cloudOptions().values()).containsExactly(
                  Map.entry("huaweicloud.availability-zones", "az1,az2"),
                  Map.entry("huaweicloud.l4-flavor-name", "L4_flavor.elb.s1.small"),
                  Map.entry("huaweicloud.l7-flavor-name", "L7_flavor.elb.s1.small"),
                  Map.entry("huaweicloud.vip-subnet-cidr-id", "sub-1"),
                  Map.entry("huaweicloud.ipv6-vip-virsubnet-id", "v6net"),
                  Map.entry("huaweicloud.elb-virsubnet-ids", "net-1"));
            }),
        v("elb.subnet-id", a(ELB_SUBNET_ID, "subnet-01"), NONE,
            s -> assertThat(s.subnetId()).isEqualTo("subnet-01")),
        v("elb.enterpriseID 0 is the default project", a(ELB_ENTERPRISE_ID, "0"), NONE,
            s -> assertThat(s.cloudOptions().get("huaweicloud.enterprise-project-id")).isNull()),
        v("elb.enterpriseID", a(ELB_ENTERPRISE_ID, "ep-1"), NONE,
            s -> assertThat(s.cloudOptions().get("huaweicloud.enterprise-project-id")).isEqualTo("ep-1")),
        v("elb.lb-algorithm LEAST_CONNECTIONS", a(ELB_LB_ALGORITHM, "LEAST_CONNECTIONS"), NONE,
            s -> assertThat(only(s).pool().algorithm()).isEqualTo(Algorithm.LEAST_CONNECTIONS)),
        v("elb.lb-algorithm SOURCE_IP ignores ClientIP affinity", a(ELB_LB_ALGORITHM, "SOURCE_IP"),
            s -> s.getSpec().setSessionAffinity("ClientIP"), s -> {
              assertThat(only(s).pool().algorithm()).isEqualTo(Algorithm.SOURCE_IP);
              assertThat(only(s).pool().sessionPersistence()).isNull();
            }),
        v("session-affinity-mode defaults to 60 minutes", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP"), NONE,
            s -> assertThat(only(s).pool().sessionPersistence())
                .isEqualTo(new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 60))),
        v("session-affinity-option 30 minutes", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP",
            ELB_SESSION_AFFINITY_OPTION, "{\"persistence_timeout\":\"30\"}"), NONE,
            s -> assertThat(only(s).pool().sessionPersistence().timeoutMinutes()).isEqualTo(30)),
        v("sessionAffinity ClientIP default 10800 s is clamped to 60 minutes", a(),
            s -> s.getSpec().setSessionAffinity("ClientIP"),
            s -> assertThat(only(s).pool().sessionPersistence())
                .isEqualTo(new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 60))),
        v("sessionAffinity ClientIP 90 s rounds up to 2 minutes", a(), clientIp(90),
            s -> assertThat(only(s).pool().sessionPersistence().timeoutMinutes()).isEqualTo(2)),
        v("sessionAffinity ClientIP 1 s is at least 1 minute", a(), clientIp(1),
            s -> assertThat(only(s).pool().sessionPersistence().timeoutMinutes()).isEqualTo(1)),
        v("the annotation wins over sessionAffinity", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP",
            ELB_SESSION_AFFINITY_OPTION, "{\"persistence_timeout\":5}"), clientIp(600),
            s -> assertThat(only(s).pool().sessionPersistence().timeoutMinutes()).isEqualTo(5)),
        v("health-check-flag off", a(ELB_HEALTH_CHECK_FLAG, "off"), NONE,
            s -> assertThat(only(s).healthCheck()).isNull()),
        v("health-check-flag empty means on", a(ELB_HEALTH_CHECK_FLAG, ""), NONE,
            s -> assertThat(only(s).healthCheck()).isNotNull()),
        v("health-check-flag on", a(ELB_HEALTH_CHECK_FLAG, "on"), NONE,
            s -> assertThat(only(s).healthCheck().type()).isEqualTo(HealthCheck.Type.TCP)),
        v("health-check-option HTTP", a(ELB_HEALTH_CHECK_FLAG, "on", ELB_HEALTH_CHECK_OPTION,
            "{\"delay\":\"3\",\"timeout\":\"4\",\"max_retries\":\"2\",\"protocol\":\"HTTP\",\"path\":\"/ready\"}"),
            NONE, s -> assertThat(only(s).healthCheck())
                .isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, 3, 4, 2, null, "/ready", null, null))),
        v("health-check-options per port", a(ELB_HEALTH_CHECK_OPTIONS,
            "[{\"target_service_port\":\"TCP:443\",\"monitor_port\":\"8081\",\"protocol\":\"HTTP\","
                + "\"expected_codes\":\"200-204\",\"delay\":\"7\"}]"), HTTP_PORTS, s -> {
              assertThat(s.listeners().get(1).healthCheck()).isEqualTo(
                  new HealthCheck(HealthCheck.Type.HTTP, 7, 10, 3, null, "/", "200-204", 8081));
              assertThat(s.listeners().get(0).healthCheck().type()).isEqualTo(HealthCheck.Type.TCP);
            }),
        v("UDP listener is probed with UDP_CONNECT", a(), ports(port("dns", "UDP", 53, 53, 30053)),
            s -> assertThat(only(s).healthCheck().type()).isEqualTo(HealthCheck.Type.UDP_CONNECT)),
        v("Local traffic policy probes kube-proxy /healthz on the health check node port", a(), LOCAL, s -> {
          assertThat(s.trafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
          assertThat(s.healthCheckNodePort()).isEqualTo(32001);
          assertThat(only(s).healthCheck())
              .isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, 5, 10, 3, null, "/healthz", null, 32001));
        }),
        v("Local with an explicit protocol keeps the user's choice",
            a(ELB_HEALTH_CHECK_OPTION, "{\"protocol\":\"TCP\",\"delay\":\"9\"}"), LOCAL,
            s -> assertThat(only(s).healthCheck())
                .isEqualTo(new HealthCheck(HealthCheck.Type.TCP, 9, 10, 3, null, null, null, null))),
        v("pass-through true", a(ELB_PASS_THROUGH, "true"), NONE,
            s -> assertThat(s.passThrough()).isEqualTo(PassThrough.ON)),
        v("pass-through true with Local becomes onlyLocal", a(ELB_PASS_THROUGH, "true"), LOCAL,
            s -> assertThat(s.passThrough()).isEqualTo(PassThrough.ONLY_LOCAL)),
        v("pass-through onlyLocal with Local", a(ELB_PASS_THROUGH, "onlyLocal"), LOCAL,
            s -> assertThat(s.passThrough()).isEqualTo(PassThrough.ONLY_LOCAL)),
        v("pass-through false", a(ELB_PASS_THROUGH, "false"), NONE,
            s -> assertThat(s.passThrough()).isEqualTo(PassThrough.OFF)),
        v("elb.tags doc example", a(ELB_TAGS, "k1=v1,k2=v2"), NONE,
            s -> assertThat(s.tags()).containsExactly(Map.entry("k1", "v1"), Map.entry("k2", "v2"))),
        v("elb.tags with spaces and an empty value", a(ELB_TAGS, "team=shop, env="), NONE,
            s -> assertThat(s.tags()).containsExactly(Map.entry("team", "shop"), Map.entry("env", ""))),
        v("elb.eip-id written back is a hint", created(a(ELB_AUTOCREATE, PUBLIC_UNION)), NONE,
            s -> assertThat(s.hints().eipId()).isEqualTo("eip-0001")),
        v("elb.custom-eip-id after creation", plus(created(a(ELB_AUTOCREATE, PUBLIC_UNION)),
            ELB_CUSTOM_EIP_ID, "eip-mine"), NONE, s -> assertThat(s.customEipId()).isEqualTo("eip-mine")),
        v("protocol-port https and http with certificates", a(ELB_PROTOCOL_PORT, "https:443,http:80",
            ELB_CERT_ID, "cert-1", ELB_TLS_CERTIFICATE_IDS, "sni-1,sni-2", ELB_HTTP2_ENABLE, "true"), HTTP_PORTS,
            s -> {
              ListenerSpec https = listener(s, Protocol.HTTPS);
              assertThat(https.port()).isEqualTo(443);
              assertThat(https.options().certificateId()).isEqualTo("cert-1");
              assertThat(https.options().sniCertificateIds()).containsExactly("sni-1", "sni-2");
              assertThat(https.options().http2()).isTrue();
              ListenerSpec http = listener(s, Protocol.HTTP);
              assertThat(http.port()).isEqualTo(80);
              assertThat(http.options().certificateId()).isNull();
              assertThat(http.options().http2()).isNull();
            }),
        v("keepalive_timeout on TCP", a(ELB_KEEPALIVE_TIMEOUT, "300"), NONE,
            s -> assertThat(only(s).options().keepaliveTimeout()).isEqualTo(300)),
        v("keepalive_timeout 0 on HTTP", a(ELB_KEEPALIVE_TIMEOUT, "0", ELB_PROTOCOL_PORT, "http:80"), NONE,
            s -> assertThat(only(s).options().keepaliveTimeout()).isZero()),
        v("keepalive_timeout on UDP of a dedicated load balancer", a(ELB_CLASS, perf, ELB_KEEPALIVE_TIMEOUT, "100"),
            ports(port("dns", "UDP", 53, 53, 30053)),
            s -> assertThat(only(s).options().keepaliveTimeout()).isEqualTo(100)),
        v("client and member timeouts on HTTP", a(ELB_PROTOCOL_PORT, "http:80", ELB_CLIENT_TIMEOUT, "1",
            ELB_MEMBER_TIMEOUT, "300"), NONE, s -> {
              assertThat(only(s).options().clientTimeout()).isEqualTo(1);
              assertThat(only(s).options().memberTimeout()).isEqualTo(300);
            }),
        v("acl on a dedicated load balancer", a(ELB_CLASS, perf, ELB_ACL_ID, "ipg-1,ipg-2", ELB_ACL_STATUS, "off",
            ELB_ACL_TYPE, "black"), NONE,
            s -> assertThat(s.acl()).isEqualTo(new AclSpec(List.of("ipg-1", "ipg-2"), false, AclSpec.Type.BLACK))),
        v("empty acl-id allows everyone", a(ELB_CLASS, perf, ELB_ACL_ID, ""), NONE,
            s -> assertThat(s.acl()).isEqualTo(new AclSpec(List.of(), true, AclSpec.Type.WHITE))),
        v("acl absent leaves access control alone", a(ELB_CLASS, perf), NONE, s -> assertThat(s.acl()).isNull()),
        v("adaptive-weight", a(ELB_ADAPTIVE_WEIGHT, "true"), NONE, s -> assertThat(s.adaptiveWeight()).isTrue()),
        v("transparent-client-ip on a shared TCP listener", a(ELB_TRANSPARENT_CLIENT_IP, "true"), NONE,
            s -> assertThat(only(s).options().transparentClientIp()).isTrue()),
        v("x-forwarded headers on HTTP", a(ELB_PROTOCOL_PORT, "http:80", ELB_X_FORWARDED_HOST, "true",
            ELB_X_FORWARDED_PORT, "false", ELB_X_FORWARDED_FOR_PORT, "true"), NONE,
            s -> assertThat(only(s).options().insertHeaders())
                .isEqualTo(new io.github.lbkit.api.InsertHeaders(true, false, true))),
        v("beta source ranges annotation", a(SOURCE_RANGES, "10.0.0.0/8, 192.168.1.0/24,fd00::/64"), NONE,
            s -> assertThat(s.sourceRanges()).containsExactly("10.0.0.0/8", "192.168.1.0/24", "fd00::/64")),
        v("spec.loadBalancerSourceRanges wins over the annotation", a(SOURCE_RANGES, "10.0.0.0/8"),
            s -> s.getSpec().setLoadBalancerSourceRanges(List.of("172.16.0.0/12")),
            s -> assertThat(s.sourceRanges()).containsExactly("172.16.0.0/12")),
        v("0.0.0.0/0 means everyone", a(SOURCE_RANGES, "0.0.0.0/0"), NONE,
            s -> assertThat(s.sourceRanges()).isEmpty()),
        v("creation record: written-back elb.id next to elb.autocreate is ours",
            created(a(ELB_AUTOCREATE, PUBLIC_UNION)), NONE, s -> {
              assertThat(s.attachment()).isInstanceOf(Attachment.AutoCreate.class);
              assertThat(s.recorded().loadBalancerId()).isEqualTo(LB_ID);
              assertThat(s.hints().loadBalancerId()).isEqualTo(LB_ID);
            }),
        v("creation record: default auto-creation keeps its defaults", created(a()), NONE,
            s -> assertThat(s.attachment()).isEqualTo(Attachment.AutoCreate.inner("cce-lb-" + UID))),
        v("creation record: attached elb.id unchanged", created(a(ELB_ID, LB_ID)), NONE,
            s -> assertThat(s.recorded().autoCreated()).isFalse()),
        v("ipFamilies IPv6 first", a(), s -> s.getSpec().setIpFamilies(List.of("IPv6", "IPv4")),
            s -> assertThat(s.ipFamilies()).containsExactly(IpFamily.IPV6, IpFamily.IPV4)),
        v("loadBalancerClass is left to the controller", a(),
            s -> s.getSpec().setLoadBalancerClass("example.com/other"), s -> assertThat(s.listeners()).hasSize(1)),
        v("allocateLoadBalancerNodePorts false gives pod backends", a(ELB_CLASS, perf), DEDICATED_PODS,
            s -> assertThat(s.backendMode()).isEqualTo(BackendMode.PODS)),
        v("mixed TCP and UDP", a(), ports(port("dns-tcp", "TCP", 53, 53, 30053), port("dns", "UDP", 53, 53, 30054)),
            s -> assertThat(s.listeners()).extracting(ListenerSpec::id).containsExactly("TCP:53", "UDP:53")),
        v("named target port leaves the pod port to the EndpointSlices", a(),
            s -> s.getSpec().getPorts().get(0).setTargetPort(new io.fabric8.kubernetes.api.model.IntOrString("web")),
            s -> assertThat(only(s).targetPort()).isZero()));
  }

  static Stream<Named<Invalid>> invalid() {
    String perf = "performance";
    String big = "x".repeat(CceAnnotations.MAX_VALUE_LENGTH + 1);
    return Stream.of(
        i("elb.class unknown", a(ELB_CLASS, "shared"), NONE, ELB_CLASS, "must be one of union, performance"),
        i("session-affinity-mode SOURCE_IP on an HTTP port", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP",
            ELB_PROTOCOL_PORT, "http:80"), NONE, ELB_SESSION_AFFINITY_MODE,
            "on TCP and UDP ports only, and port 80 is HTTP"),
        i("sessionAffinity ClientIP on an HTTP port", a(ELB_PROTOCOL_PORT, "http:80"),
            s -> s.getSpec().setSessionAffinity("ClientIP"), "spec.sessionAffinity",
            "remove sessionAffinity: ClientIP or serve that port as TCP"),
        i("elb.id malformed", a(ELB_ID, "not an id!"), NONE, ELB_ID, "must be an id"),
        i("elb.id with elb.autocreate", a(ELB_ID, LB_ID, ELB_AUTOCREATE, PUBLIC_UNION), NONE, ELB_ID,
            "must not be set together with kubernetes.io/elb.autocreate"),
        i("elb.autocreate OTC example with a stray quote", a(ELB_AUTOCREATE, OTC_MALFORMED), NONE, ELB_AUTOCREATE,
            "must be valid JSON: Unexpected character ('b' (code 98)): was expecting comma to separate Object"
                + " entries at line 1, column 98"),
        i("elb.autocreate truncated JSON", a(ELB_AUTOCREATE, "{\"type\":\"public\",\n\"bandwidth_size\":"), NONE,
            ELB_AUTOCREATE, "at line 2"),
        i("elb.autocreate duplicate field", a(ELB_AUTOCREATE, "{\"type\":\"inner\",\"type\":\"public\"}"), NONE,
            ELB_AUTOCREATE, "Duplicate Object property \"type\""),
        i("elb.autocreate not an object", a(ELB_AUTOCREATE, "[\"inner\"]"), NONE, ELB_AUTOCREATE,
            "must be a JSON object, got an array"),
        i("elb.autocreate unknown field", a(ELB_AUTOCREATE, "{\"type\":\"inner\",\"bandwith_size\":5}"), NONE,
            ELB_AUTOCREATE, "unknown field bandwith_size; known fields are available_zone"),
        i("autocreate type unknown", a(ELB_AUTOCREATE, "{\"type\":\"external\"}"), NONE, ELB_AUTOCREATE,
            "field type must be public or inner"),
        i("autocreate bandwidth 0", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("\"10\"", "0")), NONE, ELB_AUTOCREATE,
            "field bandwidth_size must be 1-2000 Mbit/s"),
        i("autocreate bandwidth 2001", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("\"10\"", "\"2001\"")), NONE,
            ELB_AUTOCREATE, "field bandwidth_size must be 1-2000 Mbit/s"),
        i("autocreate bandwidth not a number", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("\"10\"", "\"ten\"")), NONE,
            ELB_AUTOCREATE, "field bandwidth_size must be an integer 1-2000 Mbit/s, got a string"),
        i("autocreate charge mode", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("traffic", "free")), NONE,
            ELB_AUTOCREATE, "field bandwidth_chargemode must be bandwidth or traffic"),
        i("autocreate share type", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("PER", "WHOLE")), NONE, ELB_AUTOCREATE,
            "field bandwidth_sharetype must be PER"),
        i("autocreate eip type", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("5_sbgp", "6_bgp")), NONE, ELB_AUTOCREATE,
            "field eip_type must be one of 5_bgp, 5_sbgp, 5_telcom, 5_union"),
        i("autocreate public without eip_type", a(ELB_AUTOCREATE, PUBLIC_UNION.replace(",\"eip_type\":\"5_sbgp\"",
            "")), NONE, ELB_AUTOCREATE, "field eip_type is required when type is public"),
        i("autocreate public without bandwidth", a(ELB_AUTOCREATE, "{\"type\":\"public\",\"eip_type\":\"5_bgp\"}"),
            NONE, ELB_AUTOCREATE, "field bandwidth_size is required when type is public"),
        i("autocreate inner with bandwidth", a(ELB_AUTOCREATE, "{\"type\":\"inner\",\"bandwidth_size\":5}"), NONE,
            ELB_AUTOCREATE, "field bandwidth_size applies only when type is public"),
        i("autocreate name with a space", a(ELB_AUTOCREATE, "{\"name\":\"my lb\"}"), NONE, ELB_AUTOCREATE,
            "field name must be 1-64 characters"),
        i("autocreate name of 65 characters", a(ELB_AUTOCREATE, "{\"name\":\"" + "a".repeat(65) + "\"}"), NONE,
            ELB_AUTOCREATE, "field name must be 1-64 characters"),
        i("autocreate bandwidth name", a(ELB_AUTOCREATE, PUBLIC_UNION.replace("\"bw\"", "\"b/w\"")), NONE,
            ELB_AUTOCREATE, "field bandwidth_name must be 1-64 characters"),
        i("autocreate dedicated field on union", a(ELB_AUTOCREATE, "{\"l4_flavor_name\":\"L4_flavor.elb.s1.small\"}"),
            NONE, ELB_AUTOCREATE, "field l4_flavor_name applies only to dedicated load balancers"),
        i("autocreate dedicated without zones", a(ELB_CLASS, perf, ELB_AUTOCREATE, "{\"type\":\"inner\"}"), NONE,
            ELB_AUTOCREATE, "field available_zone is required for dedicated load balancers"),
        i("autocreate zones not an array", a(ELB_CLASS, perf, ELB_AUTOCREATE, "{\"available_zone\":\"az1\"}"), NONE,
            ELB_AUTOCREATE, "field available_zone must be an array of strings, got a string"),
        i("autocreate vip address", a(ELB_AUTOCREATE, "{\"vip_address\":\"300.1.1.1\"}"), NONE, ELB_AUTOCREATE,
            "field vip_address must be an IPv4 address"),
        i("autocreate vip subnet id", a(ELB_AUTOCREATE, "{\"vip_subnet_cidr_id\":\"a b\"}"), NONE, ELB_AUTOCREATE,
            "field vip_subnet_cidr_id must be an id"),
        i("autocreate backend subnets", a(ELB_CLASS, perf, ELB_AUTOCREATE,
            "{\"available_zone\":[\"az1\"],\"elb_virsubnet_ids\":[\"ok\",\"no way\"]}"), NONE, ELB_AUTOCREATE,
            "field elb_virsubnet_ids must hold ids"),
        i("elb.subnet-id too long", a(ELB_SUBNET_ID, "s".repeat(101)), NONE, ELB_SUBNET_ID,
            "must be a subnet id of 1-100"),
        i("elb.enterpriseID malformed", a(ELB_ENTERPRISE_ID, "ep 1"), NONE, ELB_ENTERPRISE_ID, "must be an id"),
        i("elb.lb-algorithm unknown", a(ELB_LB_ALGORITHM, "RANDOM"), NONE, ELB_LB_ALGORITHM,
            "must be one of ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP"),
        i("session-affinity-mode unknown", a(ELB_SESSION_AFFINITY_MODE, "HTTP_COOKIE"), NONE,
            ELB_SESSION_AFFINITY_MODE, "must be one of SOURCE_IP"),
        i("session-affinity-mode with SOURCE_IP algorithm", a(ELB_LB_ALGORITHM, "SOURCE_IP",
            ELB_SESSION_AFFINITY_MODE, "SOURCE_IP"), NONE, ELB_SESSION_AFFINITY_MODE,
            "must not be set with kubernetes.io/elb.lb-algorithm=SOURCE_IP"),
        i("session-affinity-option without mode", a(ELB_SESSION_AFFINITY_OPTION, "{\"persistence_timeout\":\"30\"}"),
            NONE, ELB_SESSION_AFFINITY_OPTION, "is only valid with kubernetes.io/elb.session-affinity-mode"),
        i("session-affinity-option 61 minutes", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP",
            ELB_SESSION_AFFINITY_OPTION, "{\"persistence_timeout\":\"61\"}"), NONE, ELB_SESSION_AFFINITY_OPTION,
            "field persistence_timeout must be 1-60 minutes"),
        i("session-affinity-option 0 minutes", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP",
            ELB_SESSION_AFFINITY_OPTION, "{\"persistence_timeout\":0}"), NONE, ELB_SESSION_AFFINITY_OPTION,
            "field persistence_timeout must be 1-60 minutes"),
        i("session-affinity-option unknown field", a(ELB_SESSION_AFFINITY_MODE, "SOURCE_IP",
            ELB_SESSION_AFFINITY_OPTION, "{\"timeout\":\"3\"}"), NONE, ELB_SESSION_AFFINITY_OPTION,
            "unknown field timeout"),
        i("health-check-flag unknown", a(ELB_HEALTH_CHECK_FLAG, "yes"), NONE, ELB_HEALTH_CHECK_FLAG,
            "must be on, off, or empty (on)"),
        i("health-check-option with -options", a(ELB_HEALTH_CHECK_OPTION, "{}", ELB_HEALTH_CHECK_OPTIONS, "[]"),
            NONE, ELB_HEALTH_CHECK_OPTION, "must not be set together with kubernetes.io/elb.health-check-options"),
        i("health-check delay 0", a(ELB_HEALTH_CHECK_OPTION, "{\"delay\":\"0\"}"), NONE, ELB_HEALTH_CHECK_OPTION,
            "field delay must be 1-50 seconds"),
        i("health-check delay 51", a(ELB_HEALTH_CHECK_OPTION, "{\"delay\":51}"), NONE, ELB_HEALTH_CHECK_OPTION,
            "field delay must be 1-50 seconds"),
        i("health-check timeout 51", a(ELB_HEALTH_CHECK_OPTION, "{\"timeout\":\"51\"}"), NONE,
            ELB_HEALTH_CHECK_OPTION, "field timeout must be 1-50 seconds"),
        i("health-check max_retries 11", a(ELB_HEALTH_CHECK_OPTION, "{\"max_retries\":\"11\"}"), NONE,
            ELB_HEALTH_CHECK_OPTION, "field max_retries must be 1-10"),
        i("health-check protocol unknown", a(ELB_HEALTH_CHECK_OPTION, "{\"protocol\":\"ICMP\"}"), NONE,
            ELB_HEALTH_CHECK_OPTION, "field protocol must be TCP, UDP or HTTP"),
        i("health-check path without HTTP", a(ELB_HEALTH_CHECK_OPTION, "{\"path\":\"/ready\"}"), NONE,
            ELB_HEALTH_CHECK_OPTION, "field path applies only to HTTP health checks"),
        i("health-check path too long", a(ELB_HEALTH_CHECK_OPTION,
            "{\"protocol\":\"HTTP\",\"path\":\"/" + "p".repeat(80) + "\"}"), NONE, ELB_HEALTH_CHECK_OPTION,
            "field path must be 1-80 characters starting with '/'"),
        i("health-check UDP probe on a TCP listener", a(ELB_HEALTH_CHECK_OPTION, "{\"protocol\":\"UDP\"}"), NONE,
            ELB_HEALTH_CHECK_OPTION, "protocol UDP cannot probe the TCP listener TCP:80"),
        i("health-check malformed", a(ELB_HEALTH_CHECK_OPTION, "{\"delay\":}"), NONE, ELB_HEALTH_CHECK_OPTION,
            "must be valid JSON"),
        i("health-check-options not an array", a(ELB_HEALTH_CHECK_OPTIONS, "{}"), NONE, ELB_HEALTH_CHECK_OPTIONS,
            "must be a JSON array of objects, got an object"),
        i("health-check-options without target", a(ELB_HEALTH_CHECK_OPTIONS, "[{\"delay\":\"5\"}]"), NONE,
            ELB_HEALTH_CHECK_OPTIONS, "field [0].target_service_port is required"),
        i("health-check-options target not a Service port", a(ELB_HEALTH_CHECK_OPTIONS,
            "[{\"target_service_port\":\"TCP:81\"}]"), NONE, ELB_HEALTH_CHECK_OPTIONS,
            "field [0].target_service_port must name a Service port; the Service has TCP:80"),
        i("health-check-options expected codes", a(ELB_HEALTH_CHECK_OPTIONS,
            "[{\"target_service_port\":\"TCP:80\",\"protocol\":\"HTTP\",\"expected_codes\":\"ok\"}]"), NONE,
            ELB_HEALTH_CHECK_OPTIONS, "field [0].expected_codes must be status codes"),
        i("health-check-options monitor port", a(ELB_HEALTH_CHECK_OPTIONS,
            "[{\"target_service_port\":\"TCP:80\",\"monitor_port\":\"70000\"}]"), NONE, ELB_HEALTH_CHECK_OPTIONS,
            "field [0].monitor_port must be 1-65535"),
        i("pass-through unknown", a(ELB_PASS_THROUGH, "yes"), NONE, ELB_PASS_THROUGH,
            "must be true, false or onlyLocal"),
        i("pass-through onlyLocal with Cluster", a(ELB_PASS_THROUGH, "onlyLocal"), NONE, ELB_PASS_THROUGH,
            "onlyLocal needs externalTrafficPolicy: Local"),
        i("elb.tags without =", a(ELB_TAGS, "k1=v1,k2"), NONE, ELB_TAGS, "must be k1=v1,k2=v2"),
        i("elb.tags key twice", a(ELB_TAGS, "k1=v1,k1=v2"), NONE, ELB_TAGS, "names tag key 'k1' twice"),
        i("elb.tags on an existing load balancer", a(ELB_ID, LB_ID, ELB_TAGS, "k=v"), NONE, ELB_TAGS,
            "applies only to auto-created load balancers"),
        i("elb.eip-id malformed", a(ELB_EIP_ID, "eip 1"), NONE, ELB_EIP_ID, "must be an id"),
        i("elb.custom-eip-id before creation", a(ELB_AUTOCREATE, PUBLIC_UNION, ELB_CUSTOM_EIP_ID, "eip-mine"), NONE,
            ELB_CUSTOM_EIP_ID, "is allowed only after creation"),
        i("elb.custom-eip-id on an existing load balancer", a(ELB_ID, LB_ID, ELB_CUSTOM_EIP_ID, "eip-mine"), NONE,
            ELB_CUSTOM_EIP_ID, "applies only to an auto-created load balancer"),
        i("protocol-port unknown protocol", a(ELB_PROTOCOL_PORT, "ftp:80"), NONE, ELB_PROTOCOL_PORT,
            "must be protocol:port pairs such as https:443,http:80"),
        i("protocol-port not a Service port", a(ELB_PROTOCOL_PORT, "https:8443", ELB_CERT_ID, "c"), NONE,
            ELB_PROTOCOL_PORT, "names port 8443, which is not a TCP port of the Service"),
        i("protocol-port on a UDP port", a(ELB_PROTOCOL_PORT, "http:53"), ports(port("dns", "UDP", 53, 53, 30053)),
            ELB_PROTOCOL_PORT, "names port 53, which is not a TCP port of the Service"),
        i("https without cert-id", a(ELB_PROTOCOL_PORT, "https:443"), HTTP_PORTS, ELB_CERT_ID,
            "is required for HTTPS listeners"),
        i("cert-id without https", a(ELB_CERT_ID, "cert-1"), NONE, ELB_CERT_ID, "needs an HTTPS listener"),
        i("cert-id malformed", a(ELB_PROTOCOL_PORT, "https:80", ELB_CERT_ID, "cert 1"), NONE, ELB_CERT_ID,
            "must be an id"),
        i("tls-certificate-ids without https", a(ELB_TLS_CERTIFICATE_IDS, "sni-1"), NONE, ELB_TLS_CERTIFICATE_IDS,
            "needs an HTTPS listener"),
        i("tls-certificate-ids malformed", a(ELB_PROTOCOL_PORT, "https:80", ELB_CERT_ID, "c",
            ELB_TLS_CERTIFICATE_IDS, "sni-1,,sni-2"), NONE, ELB_TLS_CERTIFICATE_IDS, "must be comma-separated ids"),
        i("http2-enable without https", a(ELB_HTTP2_ENABLE, "true"), NONE, ELB_HTTP2_ENABLE,
            "needs an HTTPS listener"),
        i("http2-enable not a boolean", a(ELB_PROTOCOL_PORT, "https:80", ELB_CERT_ID, "c", ELB_HTTP2_ENABLE, "yes"),
            NONE, ELB_HTTP2_ENABLE, "must be true or false"),
        i("keepalive_timeout not a number", a(ELB_KEEPALIVE_TIMEOUT, "long"), NONE, ELB_KEEPALIVE_TIMEOUT,
            "must be an integer 0-4000 seconds"),
        i("keepalive_timeout 4001", a(ELB_KEEPALIVE_TIMEOUT, "4001"), NONE, ELB_KEEPALIVE_TIMEOUT,
            "must be 0-4000 seconds"),
        i("keepalive_timeout 9 on TCP", a(ELB_KEEPALIVE_TIMEOUT, "9"), NONE, ELB_KEEPALIVE_TIMEOUT,
            "must be 10-4000 seconds for TCP listeners"),
        i("keepalive_timeout on UDP of a shared load balancer", a(ELB_KEEPALIVE_TIMEOUT, "100"),
            ports(port("dns", "UDP", 53, 53, 30053)), ELB_KEEPALIVE_TIMEOUT,
            "applies to UDP listeners on dedicated load balancers only"),
        i("client_timeout 0", a(ELB_PROTOCOL_PORT, "http:80", ELB_CLIENT_TIMEOUT, "0"), NONE, ELB_CLIENT_TIMEOUT,
            "must be 1-300 seconds"),
        i("client_timeout on TCP", a(ELB_CLIENT_TIMEOUT, "30"), NONE, ELB_CLIENT_TIMEOUT,
            "applies only to HTTP and HTTPS listeners"),
        i("member_timeout 301", a(ELB_PROTOCOL_PORT, "http:80", ELB_MEMBER_TIMEOUT, "301"), NONE,
            ELB_MEMBER_TIMEOUT, "must be 1-300 seconds"),
        i("member_timeout on TCP", a(ELB_MEMBER_TIMEOUT, "30"), NONE, ELB_MEMBER_TIMEOUT,
            "applies only to HTTP and HTTPS listeners"),
        i("acl-id on a shared load balancer", a(ELB_ACL_ID, "ipg-1"), NONE, ELB_ACL_ID,
            "applies only to dedicated load balancers"),
        i("acl-id with six groups", a(ELB_CLASS, perf, ELB_ACL_ID, "a,b,c,d,e,f"), NONE, ELB_ACL_ID,
            "must name at most 5 ids, got 6"),
        i("acl-status unknown", a(ELB_CLASS, perf, ELB_ACL_ID, "a", ELB_ACL_STATUS, "maybe"), NONE, ELB_ACL_STATUS,
            "must be one of on, true, off, false"),
        i("acl-status without acl-id", a(ELB_CLASS, perf, ELB_ACL_STATUS, "on"), NONE, ELB_ACL_STATUS,
            "needs kubernetes.io/elb.acl-id"),
        i("acl-type unknown", a(ELB_CLASS, perf, ELB_ACL_ID, "a", ELB_ACL_TYPE, "grey"), NONE, ELB_ACL_TYPE,
            "must be one of white, black"),
        i("acl-type without acl-id", a(ELB_CLASS, perf, ELB_ACL_TYPE, "white"), NONE, ELB_ACL_TYPE,
            "needs kubernetes.io/elb.acl-id"),
        i("adaptive-weight not a boolean", a(ELB_ADAPTIVE_WEIGHT, "1"), NONE, ELB_ADAPTIVE_WEIGHT,
            "must be true or false"),
        i("transparent-client-ip on dedicated", a(ELB_CLASS, perf, ELB_TRANSPARENT_CLIENT_IP, "true"), NONE,
            ELB_TRANSPARENT_CLIENT_IP, "applies only to shared load balancers"),
        i("transparent-client-ip not a boolean", a(ELB_TRANSPARENT_CLIENT_IP, "on"), NONE,
            ELB_TRANSPARENT_CLIENT_IP, "must be true or false"),
        i("x-forwarded-host on TCP", a(ELB_X_FORWARDED_HOST, "true"), NONE, ELB_X_FORWARDED_HOST,
            "applies only to HTTP and HTTPS listeners"),
        i("x-forwarded-port not a boolean", a(ELB_PROTOCOL_PORT, "http:80", ELB_X_FORWARDED_PORT, "yes"), NONE,
            ELB_X_FORWARDED_PORT, "must be true or false"),
        i("x-forwarded-for-port on TCP", a(ELB_X_FORWARDED_FOR_PORT, "true"), NONE, ELB_X_FORWARDED_FOR_PORT,
            "applies only to HTTP and HTTPS listeners"),
        i("beta source ranges annotation malformed", a(SOURCE_RANGES, "10.0.0.0/8,10.0.0.0/33"), NONE,
            SOURCE_RANGES, "'10.0.0.0/33' is not one"),
        i("spec.loadBalancerSourceRanges malformed", a(),
            s -> s.getSpec().setLoadBalancerSourceRanges(List.of("10.0.0.0/8", "banana")),
            "spec.loadBalancerSourceRanges[1]", "must be an IPv4 or IPv6 CIDR"),
        i("creation record malformed", a(CREATION_RECORD, "class=union"), NONE, CREATION_RECORD,
            "is written by lbkit and must be a valid creation record"),
        i("elb.class changed after creation", plus(created(a()), ELB_CLASS, perf), NONE, ELB_CLASS,
            "cannot change after creation: the load balancer was created as union"),
        i("elb.class removed after creation as performance", minus(created(a(ELB_CLASS, perf)), ELB_CLASS), NONE,
            ELB_CLASS, "cannot change after creation: the load balancer was created as performance"),
        i("elb.id changed after attaching", plus(created(a(ELB_ID, LB_ID)), ELB_ID, "other-lb"), NONE, ELB_ID,
            "cannot change after creation: the Service is attached to load balancer " + LB_ID),
        i("elb.id removed after attaching", minus(created(a(ELB_ID, LB_ID)), ELB_ID), NONE, ELB_ID,
            "the annotation may not be removed"),
        i("elb.id changed after auto-creation", plus(created(a(ELB_AUTOCREATE, PUBLIC_UNION)), ELB_ID, "other-lb"),
            NONE, ELB_ID, "cannot change after creation: lbkit created load balancer " + LB_ID),
        i("elb.autocreate changed after creation", plus(created(a(ELB_AUTOCREATE, PUBLIC_UNION)), ELB_AUTOCREATE,
            PUBLIC_UNION.replace("\"10\"", "\"20\"")), NONE, ELB_AUTOCREATE,
            "cannot change after creation: load balancer " + LB_ID + " was created from another value"),
        i("elb.autocreate removed after creation", minus(created(a(ELB_AUTOCREATE, PUBLIC_UNION)), ELB_AUTOCREATE),
            NONE, ELB_AUTOCREATE, "cannot change after creation"),
        i("value over the size limit", a(ELB_AUTOCREATE, big), NONE, ELB_AUTOCREATE,
            "must be at most 16384 characters, got 16385"),
        i("SCTP port", a(), ports(port("sctp", "SCTP", 80, 80, 30080)), "spec.ports[0].protocol",
            "SCTP is not supported by the load balancer; use TCP or UDP"),
        i("allocateLoadBalancerNodePorts false on shared", a(), DEDICATED_PODS, "spec.allocateLoadBalancerNodePorts",
            "false needs pod backends, which only dedicated load balancers have"),
        i("node port missing with node backends", a(), s -> s.getSpec().getPorts().get(0).setNodePort(null),
            "spec.ports[0].nodePort", "must be an allocated node port"),
        i("ipFamilies unknown", a(), s -> s.getSpec().setIpFamilies(List.of("IPv5")), "spec.ipFamilies[0]",
            "must be IPv4 or IPv6"),
        i("externalTrafficPolicy unknown", a(), s -> s.getSpec().setExternalTrafficPolicy("Global"),
            "spec.externalTrafficPolicy", "must be Cluster or Local"),
        i("not a LoadBalancer Service", a(), s -> s.getSpec().setType("NodePort"), "spec.type",
            "must be LoadBalancer"),
        i("no ports", a(), s -> s.getSpec().setPorts(new ArrayList<>()), "spec.ports",
            "must list at least one port"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validCases(Valid c) {
    Service s = Fixtures.with(c.annotations(), c.tweak());
    c.check().accept(Fixtures.translate(s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidCases(Invalid c) {
    List<Problem> problems = Fixtures.problems(Fixtures.with(c.annotations(), c.tweak()));
    assertThat(problems)
        .as("problems %s", problems)
        .anySatisfy(p -> {
          assertThat(p.key()).isEqualTo(c.key());
          assertThat(p.rule()).contains(c.rule());
        });
  }

  private static Consumer<Service> clientIp(int seconds) {
    return s -> {
      s.getSpec().setSessionAffinity("ClientIP");
      s.getSpec().setSessionAffinityConfig(new SessionAffinityConfig(new ClientIPConfig(seconds)));
    };
  }

  private static Named<Valid> v(String name, Map<String, String> a, Consumer<Service> t, Consumer<LoadBalancerSpec> c) {
    return Named.of(name, new Valid(a, t, c));
  }

  private static Named<Invalid> i(String name, Map<String, String> a, Consumer<Service> t, String key, String rule) {
    return Named.of(name, new Invalid(a, t, key, rule));
  }
}
