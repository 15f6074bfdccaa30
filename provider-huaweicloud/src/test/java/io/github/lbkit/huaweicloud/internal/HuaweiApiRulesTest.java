package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.TrafficPolicy;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented API rules on both classes, against the emulator taught them: members in the subnet holding their
 * address, pod (IP-as-backend) members only in TCP/HTTP/HTTPS pools and only with private IPv4 addresses,
 * SOURCE_IP persistence on layer-4 ports only, shared listener options the v2 API cannot carry, and Local traffic
 * on UDP ports. Each refusal comes before any write.
 */
class HuaweiApiRulesTest {

  private static final AtomicInteger SERVICES = new AtomicInteger();
  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
  private static final HealthCheck UDP_CHECK =
      new HealthCheck(HealthCheck.Type.UDP_CONNECT, 5, 3, 3, null, null, null, null);
  private static final SessionPersistence SOURCE_IP = new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 30);

  private Emulated env;
  private HuaweiCloudProvider provider;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static ServiceKey newKey(String name) {
    int n = SERVICES.incrementAndGet();
    return new ServiceKey("c1", "default", name + n, "uid-" + name + "-" + n);
  }

  private static LoadBalancerSpec.Builder spec(LoadBalancerClass cls, ServiceKey key) {
    LoadBalancerSpec.Builder b = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("lb-" + key.name()))
        .loadBalancerClass(cls);
    return cls == LoadBalancerClass.SHARED ? b : b.cloudOptions(
        HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, Emulated.L7_FLAVOR, null, null));
  }

  private static ListenerSpec listener(Protocol p, int port, int nodePort, PoolSpec pool, HealthCheck check) {
    return new ListenerSpec("", p, port, nodePort, port, ListenerOptions.NONE, pool, check);
  }

  private long writes() {
    return env.emulator.requests().stream().filter(r -> !r.method().equals("GET")).count();
  }

  private List<Problem> refusal(LoadBalancerSpec spec) {
    env.emulator.clearRequests();
    InvalidServiceException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidServiceException.class,
        () -> provider.ensure(spec));
    assertThat(writes()).as("writes before the refusal").isZero();
    assertThat(env.emulator.loadBalancers()).as("nothing half built").isEmpty();
    return e.problems();
  }

  private Map<String, String> memberSubnets() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (ObjectNode m : env.emulator.members().values()) {
      out.put(m.get("address").asText(), m.has("subnet_id") ? m.get("subnet_id").asText()
          : m.path("subnet_cidr_id").asText("(ip member)"));
    }
    return out;
  }

  // ---------------------------------------------------------------- member subnets

  /** Nodes of two node pools in two subnets of the VPC: each member is created in the subnet holding it. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void eachMemberIsCreatedInTheSubnetHoldingItsAddress(LoadBalancerClass cls) {
    env.emulator.addSubnet("net-pool2", "sub-pool2", "vpc-1", "10.1.0.0/16");
    env.emulator.addSubnet("net-elsewhere", "sub-elsewhere", "vpc-2", "10.2.0.0/16");
    LoadBalancerSpec s = spec(cls, newKey("subnets")).listener(listener(Protocol.TCP, 80, 30080, PoolSpec.DEFAULT,
        TCP_CHECK)).backends(List.of(Backend.node("a", "192.168.0.11"), Backend.node("b", "10.1.3.4"))).build();

    provider.ensure(s);

    assertThat(memberSubnets()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "192.168.0.11", Emulated.NEUTRON_SUBNET, "10.1.3.4", "sub-pool2"));
    assertThat(env.emulator.count("GET", ".*/v1/.*/subnets")).as("one read of the VPC's subnets").isEqualTo(1);
    env.emulator.clearRequests();
    provider.ensure(s.toBuilder().backends(List.of(Backend.node("a", "192.168.0.11"), Backend.node("b", "10.1.3.4"),
        Backend.node("c", "10.1.9.9"))).build());
    assertThat(memberSubnets()).containsEntry("10.1.9.9", "sub-pool2");
    assertThat(env.emulator.count("GET", ".*/v1/.*/subnets")).as("the subnet list is cached").isZero();
  }

  /** A node in no subnet of the VPC (here: a subnet of another VPC) is refused by name before any write. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void aNodeInNoSubnetOfTheVpcIsRefusedBeforeAnyWrite(LoadBalancerClass cls) {
    env.emulator.addSubnet("net-elsewhere", "sub-elsewhere", "vpc-2", "10.2.0.0/16");
    LoadBalancerSpec s = spec(cls, newKey("nosubnet")).listener(listener(Protocol.TCP, 80, 30080, PoolSpec.DEFAULT,
        TCP_CHECK)).backends(List.of(Backend.node("a", "192.168.0.11"), Backend.node("stray", "10.2.0.7"))).build();

    assertThat(refusal(s)).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("node/stray");
      assertThat(p.value()).isEqualTo("10.2.0.7");
      assertThat(p.rule()).contains("no subnet of VPC vpc-1").contains("192.168.0.0/24")
          .contains("exclude-from-external-load-balancers");
    });
  }

  // ---------------------------------------------------------------- pod (IP-as-backend) members

  /** Pod backends are IP members, which a UDP pool does not take (400 ELB.8902): refused, naming the port. */
  @Test
  void podBackendsOnAUdpPortAreRefusedBeforeAnyWrite() {
    LoadBalancerSpec s = spec(LoadBalancerClass.DEDICATED, newKey("pods-udp"))
        .listeners(List.of(listener(Protocol.TCP, 80, 0, PoolSpec.DEFAULT, TCP_CHECK),
            listener(Protocol.UDP, 53, 0, PoolSpec.DEFAULT, UDP_CHECK)))
        .backendMode(BackendMode.PODS).backends(List.of(new Backend("172.16.0.11", "node-1", Map.of())))
        .build();

    assertThat(refusal(s)).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("spec.allocateLoadBalancerNodePorts");
      assertThat(p.rule()).contains("port 53 is UDP").contains("TCP, HTTP and HTTPS pools only")
          .contains("allocateLoadBalancerNodePorts: true");
    });
  }

  /**
   * A dual-stack Service's pods have an IPv4 and an IPv6 address; IP members take private IPv4 only, and one IPv6
   * address in the batch would make the API refuse the whole batch: only the IPv4 addresses become members.
   */
  @Test
  void dualStackPodsBecomeIpv4MembersOnly() {
    ServiceKey key = newKey("pods-dual");
    LoadBalancerSpec s = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("lb-" + key.name()))
        .cloudOptions(HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, Emulated.L7_FLAVOR,
            null, "net6-1"))
        .loadBalancerClass(LoadBalancerClass.DEDICATED)
        .listener(listener(Protocol.TCP, 80, 0, PoolSpec.DEFAULT, TCP_CHECK))
        .ipFamilies(List.of(io.github.lbkit.api.IpFamily.IPV4, io.github.lbkit.api.IpFamily.IPV6))
        .backendMode(BackendMode.PODS)
        .backends(List.of(new Backend("172.16.0.11", "node-1", Map.of()), new Backend("fd00::11", "node-1", Map.of()),
            new Backend("172.16.0.12", "node-2", Map.of()), new Backend("fd00::12", "node-2", Map.of())))
        .build();

    provider.ensure(s);

    assertThat(memberSubnets()).containsOnlyKeys("172.16.0.11", "172.16.0.12");
    env.emulator.clearRequests();
    provider.ensure(s);
    assertThat(writes()).as("converged").isZero();
  }

  // ---------------------------------------------------------------- SOURCE_IP

  /** SOURCE_IP persistence is for TCP and UDP pools; on an HTTP port it is refused naming the key and the port. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void sourceIpPersistenceOnAnHttpPortIsRefusedBeforeAnyWrite(LoadBalancerClass cls) {
    LoadBalancerSpec s = spec(cls, newKey("sticky-http"))
        .listener(listener(Protocol.HTTP, 80, 30080, new PoolSpec(Algorithm.ROUND_ROBIN, SOURCE_IP), TCP_CHECK))
        .backends(List.of(Backend.node("a", "192.168.0.11"))).build();

    assertThat(refusal(s)).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("kubernetes.io/elb.session-affinity-mode");
      assertThat(p.value()).isEqualTo("SOURCE_IP");
      assertThat(p.rule()).contains("port 80").contains("spec.sessionAffinity: ClientIP");
    });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void sourceIpPersistenceOnTcpAndUdpPortsConverges(LoadBalancerClass cls) {
    PoolSpec sticky = new PoolSpec(Algorithm.ROUND_ROBIN, SOURCE_IP);
    LoadBalancerSpec s = spec(cls, newKey("sticky-l4"))
        .listeners(List.of(listener(Protocol.TCP, 80, 30080, sticky, TCP_CHECK),
            listener(Protocol.UDP, 53, 30053, sticky, UDP_CHECK)))
        .backends(List.of(Backend.node("a", "192.168.0.11"))).build();
    provider.ensure(s);
    assertThat(env.emulator.pools().values()).hasSize(2)
        .allSatisfy(p -> assertThat(p.at("/session_persistence/type").asText()).isEqualTo("SOURCE_IP"));
    env.emulator.clearRequests();
    provider.ensure(s);
    assertThat(writes()).isZero();
  }

  // ---------------------------------------------------------------- shared listener options

  /** Options the v2 listener cannot carry are refused before any write, each naming its annotation. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kubernetes.io/elb.keepalive_timeout", "kubernetes.io/elb.client_timeout",
      "kubernetes.io/elb.member_timeout", "kubernetes.io/elb.x-forwarded-port",
      "kubernetes.io/elb.x-forwarded-for-port"})
  void sharedListenerOptionsTheV2ApiCannotCarryAreRefusedBeforeAnyWrite(String key) {
    ListenerOptions o = new ListenerOptions(
        key.endsWith("keepalive_timeout") ? 120 : null, key.endsWith("client_timeout") ? 30 : null,
        key.endsWith("member_timeout") ? 30 : null, null, List.of(), null,
        new InsertHeaders(null, key.endsWith("x-forwarded-port") ? Boolean.TRUE : null,
            key.endsWith("for-port") ? Boolean.TRUE : null), null);
    LoadBalancerSpec s = spec(LoadBalancerClass.SHARED, newKey("options"))
        .listener(new ListenerSpec("", Protocol.HTTP, 80, 30080, 80, o, PoolSpec.DEFAULT, TCP_CHECK))
        .backends(List.of(Backend.node("a", "192.168.0.11"))).build();

    assertThat(refusal(s)).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo(key);
      assertThat(p.rule()).contains("port 80").contains("kubernetes.io/elb.class: performance");
    });
  }

  // ---------------------------------------------------------------- pass-through agreement (shared)

  /**
   * Services on one shared load balancer must agree on pass-through, as on a dedicated one: a Service attaching
   * with the other setting is refused before any write, naming the other Service's listener and port.
   */
  @Test
  void servicesOnOneSharedLoadBalancerMustAgreeOnPassThrough() {
    LoadBalancerSpec owner = spec(LoadBalancerClass.SHARED, newKey("pt-owner"))
        .listener(listener(Protocol.TCP, 80, 30080, PoolSpec.DEFAULT, TCP_CHECK)).passThrough(PassThrough.ON)
        .backends(List.of(Backend.node("a", "192.168.0.11"))).build();
    String lb = provider.ensure(owner).status().loadBalancerId();
    LoadBalancerSpec.Builder attached = LoadBalancerSpec.builder(newKey("pt-attached"), new Attachment.Existing(lb))
        .listener(listener(Protocol.TCP, 81, 30081, PoolSpec.DEFAULT, TCP_CHECK))
        .backends(List.of(Backend.node("a", "192.168.0.11")));

    env.emulator.clearRequests();
    InvalidServiceException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidServiceException.class,
        () -> provider.ensure(attached.passThrough(PassThrough.OFF).build()));
    assertThat(writes()).isZero();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("kubernetes.io/elb.pass-through");
      assertThat(p.rule()).contains("must agree on pass-through").contains("(port 80)").contains("has it on");
    });

    LoadBalancerSpec agreeing = attached.passThrough(PassThrough.ON).build();
    provider.ensure(agreeing);
    env.emulator.clearRequests();
    provider.ensure(agreeing);
    assertThat(writes()).as("converged").isZero();
    assertThat(env.emulator.listeners().values()).extracting(l -> l.get("name").asText())
        .containsExactlyInAnyOrder("lbkit-tcp-80-pass-through", "lbkit-tcp-81-pass-through");
  }

  // ---------------------------------------------------------------- Local traffic on UDP

  /**
   * A UDP pool takes a UDP_CONNECT monitor only, which cannot follow the health check node port: the Service gets
   * a warning naming the port and the health check node port, and the UDP port keeps its UDP_CONNECT monitor.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void localTrafficOnAUdpPortWarnsNamingThePort(LoadBalancerClass cls) {
    LoadBalancerSpec s = spec(cls, newKey("local-udp"))
        .listeners(List.of(listener(Protocol.UDP, 53, 30053, PoolSpec.DEFAULT, UDP_CHECK),
            listener(Protocol.TCP, 80, 30080, PoolSpec.DEFAULT,
                new HealthCheck(HealthCheck.Type.HTTP, 5, 3, 3, null, "/healthz", null, 32100))))
        .trafficPolicy(TrafficPolicy.LOCAL, 32100)
        .backends(List.of(Backend.node("a", "192.168.0.11"))).build();

    LoadBalancerResult r = provider.ensure(s);

    assertThat(r.warnings()).filteredOn(w -> w.reason().equals("LocalTrafficOnUdp")).singleElement()
        .satisfies(w -> assertThat(w.message()).contains("UDP port 53").contains("node port 30053")
            .contains("health check node port 32100"));
    assertThat(env.emulator.monitors().values()).extracting(m -> m.get("type").asText())
        .containsExactlyInAnyOrder("UDP_CONNECT", "HTTP");
  }

  /**
   * A v3 UDP pool takes a UDP_CONNECT monitor only (the emulator refuses any other): another check on a UDP port
   * is refused before any write.
   */
  @Test
  void aDedicatedUdpPortWithAnHttpHealthCheckIsRefusedBeforeAnyWrite() {
    LoadBalancerSpec s = spec(LoadBalancerClass.DEDICATED, newKey("udp-http"))
        .listener(listener(Protocol.UDP, 53, 30053, PoolSpec.DEFAULT,
            new HealthCheck(HealthCheck.Type.HTTP, 5, 3, 3, null, "/healthz", null, 32100)))
        .backends(List.of(Backend.node("a", "192.168.0.11"))).build();
    assertThat(refusal(s)).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("kubernetes.io/elb.health-check-option");
      assertThat(p.rule()).contains("port 53").contains("UDP_CONNECT");
    });
  }
}
