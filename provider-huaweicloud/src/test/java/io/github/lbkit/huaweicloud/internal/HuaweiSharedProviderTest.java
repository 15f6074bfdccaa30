package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared-class provider against the emulator: request shapes, call counts, ownership and edge cases. */
class HuaweiSharedProviderTest {

  private static final AtomicInteger SERVICES = new AtomicInteger();
  private static final HealthCheck HTTP_CHECK =
      new HealthCheck(HealthCheck.Type.HTTP, 5, 3, 2, null, "/healthz", "200-299", 8080);
  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
  private static final List<Backend> THREE_NODES = List.of(
      Backend.node("node-1", "192.168.0.101"), Backend.node("node-2", "192.168.0.102"),
      Backend.node("node-3", "192.168.0.103"));

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

  private static LoadBalancerSpec.Builder publicLb(ServiceKey key, String name) {
    return LoadBalancerSpec.builder(key, Attachment.AutoCreate.publicAddress(name))
        .cloudOptions(HuaweiTestOptions.eip("bw-" + name, "traffic", 10, "PER", "5_bgp"));
  }

  private static ListenerSpec tcp(int port, int nodePort, HealthCheck check) {
    return new ListenerSpec("", Protocol.TCP, port, nodePort, port, ListenerOptions.NONE, PoolSpec.DEFAULT, check);
  }

  private static LoadBalancerSpec publicSpec(ServiceKey key, int ports, List<Backend> nodes) {
    List<ListenerSpec> ls = new ArrayList<>();
    for (int i = 0; i < ports; i++) {
      ls.add(tcp(80 + i, 30080 + i, TCP_CHECK));
    }
    return publicLb(key, "lb-" + key.name()).listeners(ls).backends(nodes).build();
  }

  private List<ElbEmulator.Recorded> writesOf(List<ElbEmulator.Recorded> rs) {
    return rs.stream().filter(r -> !r.method().equals("GET")).toList();
  }

  /** Reads and writes one action sends, from the emulator's journal. */
  private record Calls(long reads, long writes) {
    @Override
    public String toString() {
      return reads + " reads + " + writes + " writes = " + (reads + writes) + " calls";
    }
  }

  private Calls count(Runnable action) {
    env.emulator.clearRequests();
    action.run();
    List<ElbEmulator.Recorded> rs = env.emulator.requests();
    long reads = rs.stream().filter(r -> r.method().equals("GET")).count();
    return new Calls(reads, rs.size() - reads);
  }

  /**
   * A create whose answer was lost (applied, then answered 503) is not sent again: the provider observes again and
   * finds it by its marker. The shared API (v2) and the EIP API take no idempotency token either.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "/v2/" + Emulated.PROJECT + "/elb/loadbalancers", "/v2/" + Emulated.PROJECT + "/elb/listeners",
      "/v2/" + Emulated.PROJECT + "/elb/pools", "/v2/" + Emulated.PROJECT + "/elb/healthmonitors",
      "/v2/" + Emulated.PROJECT + "/elb/pools/[^/]+/members", "/v1/" + Emulated.PROJECT + "/publicips"})
  void aCreateWhoseAnswerWasLostIsFoundAgainNotSentAgain(String path) {
    LoadBalancerSpec spec = publicSpec(newKey("lost"), 1, THREE_NODES);
    env.emulator.loseAnswerOfNext("POST", path, 503);

    LoadBalancerResult r = provider.ensure(spec);

    int expected = path.endsWith("/members") ? THREE_NODES.size() : 1;
    assertThat(env.emulator.count("POST", path)).as("POST %s sent", path).isEqualTo(expected);
    assertThat(env.emulator.loadBalancers()).containsOnlyKeys(r.status().loadBalancerId());
    assertThat(env.emulator.publicIps()).hasSize(1);
    assertThat(env.emulator.listeners()).hasSize(1);
    assertThat(env.emulator.pools()).hasSize(1);
    assertThat(env.emulator.monitors()).hasSize(1);
    assertThat(env.emulator.members()).hasSize(THREE_NODES.size());
    assertThat(count(() -> provider.ensure(spec)).writes()).as("converged").isZero();
  }

  // ---------------------------------------------------------------- request shapes

  @Test
  void publicCreateSendsLoadBalancerEipBindListenerPoolMonitorMembersInOrder() {
    ServiceKey key = newKey("shape");
    String marker = OwnerMarker.of(key).value();
    ListenerSpec l = new ListenerSpec("http", Protocol.TCP, 80, 30080, 8080, ListenerOptions.NONE,
        new PoolSpec(Algorithm.LEAST_CONNECTIONS, new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 10)),
        HTTP_CHECK);
    LoadBalancerSpec spec = publicLb(key, "web").listener(l)
        .backends(THREE_NODES.subList(0, 2)).build();
    env.emulator.clearRequests();

    LoadBalancerResult r = provider.ensure(spec);

    List<ElbEmulator.Recorded> writes = writesOf(env.emulator.requests());
    assertThat(writes).extracting(w -> w.method() + " " + w.path().replaceAll("/(lb|eip|pool)-[0-9a-f-]+", "/{id}"))
        .containsExactly(
            "POST /v2/" + Emulated.PROJECT + "/elb/loadbalancers",
            "POST /v1/" + Emulated.PROJECT + "/publicips",
            "PUT /v1/" + Emulated.PROJECT + "/publicips/{id}",
            "POST /v2/" + Emulated.PROJECT + "/elb/listeners",
            "POST /v2/" + Emulated.PROJECT + "/elb/pools",
            "POST /v2/" + Emulated.PROJECT + "/elb/healthmonitors",
            "POST /v2/" + Emulated.PROJECT + "/elb/pools/{id}/members",
            "POST /v2/" + Emulated.PROJECT + "/elb/pools/{id}/members");
    JsonNode lb = writes.get(0).body().get("loadbalancer");
    assertThat(lb.get("name").asText()).isEqualTo("web");
    assertThat(lb.get("description").asText()).isEqualTo(marker);
    assertThat(lb.get("vip_subnet_id").asText()).as("the neutron subnet, not the VPC subnet")
        .isEqualTo(Emulated.NEUTRON_SUBNET);
    JsonNode eip = writes.get(1).body();
    assertThat(eip.at("/publicip/type").asText()).isEqualTo("5_bgp");
    assertThat(eip.at("/publicip/alias").asText()).isEqualTo(SharedMapping.eipAlias(marker)).matches("[a-z0-9-]+");
    assertThat(eip.at("/bandwidth/size").asInt()).isEqualTo(10);
    assertThat(eip.at("/bandwidth/share_type").asText()).isEqualTo("PER");
    assertThat(eip.at("/bandwidth/charge_mode").asText()).isEqualTo("traffic");
    String lbId = r.status().loadBalancerId();
    assertThat(writes.get(2).body().at("/publicip/port_id").asText())
        .isEqualTo(env.emulator.loadBalancers().get(lbId).get("vip_port_id").asText());
    JsonNode listener = writes.get(3).body().get("listener");
    assertThat(listener.get("protocol").asText()).isEqualTo("TCP");
    assertThat(listener.get("protocol_port").asInt()).isEqualTo(80);
    assertThat(listener.get("loadbalancer_id").asText()).isEqualTo(lbId);
    assertThat(listener.get("description").asText()).isEqualTo(marker);
    JsonNode pool = writes.get(4).body().get("pool");
    assertThat(pool.get("protocol").asText()).isEqualTo("TCP");
    assertThat(pool.get("lb_algorithm").asText()).isEqualTo("LEAST_CONNECTIONS");
    assertThat(pool.at("/session_persistence/type").asText()).isEqualTo("SOURCE_IP");
    assertThat(pool.at("/session_persistence/persistence_timeout").asInt()).isEqualTo(10);
    assertThat(pool.get("listener_id").asText()).isNotEmpty();
    JsonNode hm = writes.get(5).body().get("healthmonitor");
    assertThat(hm.get("type").asText()).isEqualTo("HTTP");
    assertThat(hm.get("delay").asInt()).isEqualTo(5);
    assertThat(hm.get("timeout").asInt()).isEqualTo(3);
    assertThat(hm.get("max_retries").asInt()).isEqualTo(2);
    assertThat(hm.get("url_path").asText()).isEqualTo("/healthz");
    assertThat(hm.get("expected_codes").asText()).isEqualTo("200-299");
    assertThat(hm.get("monitor_port").asInt()).isEqualTo(8080);
    JsonNode member = writes.get(6).body().get("member");
    assertThat(member.get("address").asText()).isEqualTo("192.168.0.101");
    assertThat(member.get("protocol_port").asInt()).isEqualTo(30080);
    assertThat(member.get("subnet_id").asText()).isEqualTo(Emulated.NEUTRON_SUBNET);

    String eipId = env.emulator.publicIps().keySet().iterator().next();
    assertThat(r.annotations())
        .containsEntry(LoadBalancerHints.ELB_ID, lbId)
        .containsEntry(LoadBalancerHints.ELB_EIP_ID, eipId);
    assertThat(r.status().ingress().get(0).ip())
        .isEqualTo(env.emulator.publicIps().get(eipId).get("public_ip_address").asText());
  }

  @Test
  void httpsListenerTerminatesTlsWithTheCertificateAndConverges() {
    ServiceKey key = newKey("https");
    ListenerOptions options = new ListenerOptions(null, null, null, "cert-1", List.of("sni-1", "sni-2"), true,
        new InsertHeaders(true, null, null), null);
    ListenerSpec l = new ListenerSpec("https", Protocol.HTTPS, 443, 30443, 8443, options, PoolSpec.DEFAULT, null);
    LoadBalancerSpec spec = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("web-https")).listener(l)
        .backends(THREE_NODES).build();
    env.emulator.clearRequests();

    LoadBalancerResult r = provider.ensure(spec);

    JsonNode listener = body("POST", "/elb/listeners").get("listener");
    assertThat(listener.get("protocol").asText()).isEqualTo("TERMINATED_HTTPS");
    assertThat(listener.get("default_tls_container_ref").asText()).isEqualTo("cert-1");
    assertThat(listener.get("sni_container_refs")).extracting(JsonNode::asText).containsExactly("sni-1", "sni-2");
    assertThat(listener.get("http2_enable").asBoolean()).isTrue();
    assertThat(listener.at("/insert_headers/X-Forwarded-Host").asBoolean()).isTrue();
    assertThat(body("POST", "/elb/pools").at("/pool/protocol").asText()).isEqualTo("HTTP");
    assertThat(r.status().ingress().get(0).ip()).as("an inner load balancer reports its VIP").startsWith("192.168.");
    assertThat(count(() -> provider.ensure(spec)).writes()).as("writes of a converged HTTPS Service").isZero();

    ListenerSpec changed = new ListenerSpec("https", Protocol.HTTPS, 443, 30443, 8443,
        new ListenerOptions(null, null, null, "cert-2", List.of(), false, new InsertHeaders(false, null, null), null),
        PoolSpec.DEFAULT, null);
    Calls update = count(() -> provider.ensure(spec.toBuilder().listeners(List.of(changed)).build()));
    assertThat(update.writes()).as("one listener update").isEqualTo(1);
    JsonNode put = body("PUT", "/elb/listeners/.*").get("listener");
    assertThat(put.get("default_tls_container_ref").asText()).isEqualTo("cert-2");
    assertThat(put.get("http2_enable").asBoolean()).isFalse();
    assertThat(put.at("/insert_headers/X-Forwarded-Host").asBoolean()).isFalse();
  }

  @Test
  void stickySessionsAreTurnedOffInPlace() {
    ServiceKey key = newKey("sticky");
    ListenerSpec sticky = new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE,
        new PoolSpec(Algorithm.SOURCE_IP, new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 30)), null);
    LoadBalancerSpec spec = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("sticky")).listener(sticky)
        .backends(THREE_NODES).build();
    provider.ensure(spec);
    String pool = env.emulator.pools().keySet().iterator().next();
    LoadBalancerSpec off = spec.toBuilder().listeners(List.of(tcp(80, 30080, null))).build();

    Calls change = count(() -> provider.ensure(off));

    assertThat(change.writes()).isEqualTo(1);
    JsonNode put = body("PUT", "/elb/pools/" + pool).get("pool");
    assertThat(put.get("lb_algorithm").asText()).isEqualTo("ROUND_ROBIN");
    assertThat(put.has("session_persistence")).as("sent, as null").isTrue();
    assertThat(put.get("session_persistence").isNull()).isTrue();
    assertThat(env.emulator.pools().get(pool).get("session_persistence").isNull()).isTrue();
    assertThat(count(() -> provider.ensure(off)).writes()).as("converged").isZero();
  }

  private JsonNode body(String method, String pathSuffixRegex) {
    return env.emulator.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().matches(".*" + pathSuffixRegex))
        .reduce((a, b) -> b)
        .map(ElbEmulator.Recorded::body)
        .orElseThrow(() -> new AssertionError("no " + method + " " + pathSuffixRegex + " was sent"));
  }

  // ---------------------------------------------------------------- call counts

  @Test
  void callCountsOfTheCommonOperations() {
    ServiceKey one = newKey("count-one");
    ServiceKey three = newKey("count-three");
    LoadBalancerSpec spec1 = publicSpec(one, 1, THREE_NODES);
    LoadBalancerSpec spec3 = publicSpec(three, 3, THREE_NODES);
    List<Backend> four = new ArrayList<>(THREE_NODES);
    four.add(Backend.node("node-4", "192.168.0.104"));

    Map<String, Calls> table = new java.util.LinkedHashMap<>();
    table.put("create public, 1 port, 3 nodes", count(() -> provider.ensure(spec1)));
    table.put("create public, 3 ports, 3 nodes", count(() -> provider.ensure(spec3)));
    table.put("no-op ensure, 1 port", count(() -> provider.ensure(spec1)));
    table.put("no-op ensure, 3 ports", count(() -> provider.ensure(spec3)));
    table.put("node added, updateBackends, 1 port",
        count(() -> provider.updateBackends(spec1.toBuilder().backends(four).build())));
    table.put("node added, ensure, 3 ports", count(() -> provider.ensure(spec3.toBuilder().backends(four).build())));
    table.put("delete, 1 port, 4 nodes", count(() -> provider.delete(one, LoadBalancerHints.NONE)));
    table.put("delete, 3 ports, 4 nodes", count(() -> provider.delete(three, LoadBalancerHints.NONE)));
    table.forEach((what, calls) -> System.out.printf("cloud calls: %-40s %s%n", what, calls));

    // The subnet lookup is cached by the provider: the second create does not repeat it. Each create of an EIP
    // costs two reads more: a copy the transport may have made of it is looked for and removed.
    assertThat(table.get("create public, 1 port, 3 nodes")).isEqualTo(new Calls(5, 9));
    assertThat(table.get("create public, 3 ports, 3 nodes")).isEqualTo(new Calls(4, 21));
    assertThat(table.get("no-op ensure, 1 port")).isEqualTo(new Calls(6, 0));
    assertThat(table.get("no-op ensure, 3 ports")).isEqualTo(new Calls(6, 0));
    assertThat(table.get("node added, updateBackends, 1 port")).isEqualTo(new Calls(3, 1));
    assertThat(table.get("node added, ensure, 3 ports")).isEqualTo(new Calls(6, 3));
    // Two reads of each delete sweep the Service's unbound EIPs (by alias, by description).
    assertThat(table.get("delete, 1 port, 4 nodes")).isEqualTo(new Calls(6, 10));
    assertThat(table.get("delete, 3 ports, 4 nodes")).isEqualTo(new Calls(6, 24));
    assertThat(env.emulator.loadBalancers()).isEmpty();
    assertThat(env.emulator.publicIps()).isEmpty();
  }

  // ---------------------------------------------------------------- EIPs and ownership

  @Test
  void customEipReplacesOursWhichIsDeletedAndTheUsersIsNeverDeleted() {
    ServiceKey key = newKey("custom");
    LoadBalancerSpec spec = publicSpec(key, 1, THREE_NODES);
    LoadBalancerResult first = provider.ensure(spec);
    String ours = first.annotations().get(LoadBalancerHints.ELB_EIP_ID);
    EipApi.PublicIp users = env.eip.createPublicIp(new EipApi.NewPublicIp("5_bgp", "u", 5, "bandwidth", "mine", null));

    LoadBalancerResult second = provider.ensure(spec.toBuilder().customEipId(users.id()).build());

    assertThat(second.status().ingress().get(0).ip()).isEqualTo(users.address());
    assertThat(second.annotations()).doesNotContainKey(LoadBalancerHints.ELB_EIP_ID);
    assertThat(env.emulator.publicIps()).as("ours deleted").doesNotContainKey(ours);
    assertThat(env.emulator.publicIps().get(users.id()).get("port_id").asText())
        .isEqualTo(env.emulator.loadBalancers().get(first.status().loadBalancerId()).get("vip_port_id").asText());

    provider.delete(key, LoadBalancerHints.fromAnnotations(second.annotations()));
    assertThat(env.emulator.loadBalancers()).isEmpty();
    assertThat(env.emulator.publicIps()).containsOnlyKeys(users.id());
    assertThat(env.emulator.publicIps().get(users.id()).path("port_id").asText("")).as("unbound").isEmpty();
  }

  @Test
  void aWrittenBackIdOfAnotherServicesLoadBalancerIsAConflictWithoutWrites() {
    ServiceKey owner = newKey("owner");
    String lbId = provider.ensure(publicSpec(owner, 1, THREE_NODES)).status().loadBalancerId();
    ServiceKey other = newKey("other");
    LoadBalancerSpec spec = publicSpec(other, 1, THREE_NODES).toBuilder()
        .hints(new LoadBalancerHints(lbId, null, false)).build();

    Calls calls = count(() -> assertThatThrownBy(() -> provider.ensure(spec))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining(lbId)
        .hasMessageContaining("not owned by this Service")
        .hasMessageContaining(OwnerMarker.of(owner).value()));
    assertThat(calls.writes()).isZero();
  }

  @Test
  void aPortHeldByAnotherServiceOnAnAttachedLoadBalancerIsRefused() {
    ServiceKey owner = newKey("holder");
    String lbId = provider.ensure(publicSpec(owner, 1, THREE_NODES)).status().loadBalancerId();
    ServiceKey other = newKey("attacher");
    LoadBalancerSpec spec = LoadBalancerSpec.builder(other, new Attachment.Existing(lbId))
        .listener(tcp(80, 31080, null)).backends(THREE_NODES).build();

    Calls calls = count(() -> assertThatThrownBy(() -> provider.ensure(spec))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("port 80"));
    assertThat(calls.writes()).isZero();
    LoadBalancerSpec elsewhere = spec.toBuilder().listeners(List.of(tcp(81, 31081, null))).build();
    assertThat(provider.ensure(elsewhere).status().loadBalancerId()).isEqualTo(lbId);
    provider.delete(other, LoadBalancerHints.NONE);
    assertThat(env.emulator.loadBalancers()).as("the attached load balancer stays").containsKey(lbId);
    assertThat(env.emulator.listeners()).hasSize(1);
  }

  private LoadBalancerSpec attached(ServiceKey key, String lbId, int port) {
    return LoadBalancerSpec.builder(key, new Attachment.Existing(lbId))
        .listener(tcp(port, 31000 + port, null)).backends(THREE_NODES).build();
  }

  private static LoadBalancerHints hintsOf(LoadBalancerResult r) {
    return LoadBalancerHints.fromAnnotations(r.annotations());
  }

  private void assertNothingLeft() {
    assertThat(env.emulator.loadBalancers()).isEmpty();
    assertThat(env.emulator.listeners()).isEmpty();
    assertThat(env.emulator.pools()).isEmpty();
    assertThat(env.emulator.publicIps()).isEmpty();
  }

  /** The owner deleted first releases its load balancer; the last attached Service deletes it with the EIP. */
  @Test
  void aSharedLoadBalancerGoesWithTheLastServiceWhenItsOwnerGoesFirst() {
    ServiceKey a = newKey("owner-first");
    LoadBalancerResult ra = provider.ensure(publicSpec(a, 1, THREE_NODES));
    String lbId = ra.status().loadBalancerId();
    ServiceKey b = newKey("attached-last");
    LoadBalancerResult rb = provider.ensure(attached(b, lbId, 81));
    provider.delete(a, hintsOf(ra));
    assertThat(env.emulator.loadBalancers()).as("kept for b's listener").containsKey(lbId);
    assertThat(env.emulator.publicIps()).hasSize(1);
    provider.delete(b, hintsOf(rb));
    assertNothingLeft();
  }

  @Test
  void anAttachedServiceDeletedFirstLeavesTheOwnersLoadBalancerToTheOwner() {
    ServiceKey a = newKey("owner-last");
    LoadBalancerResult ra = provider.ensure(publicSpec(a, 1, THREE_NODES));
    String lbId = ra.status().loadBalancerId();
    ServiceKey b = newKey("attached-first");
    LoadBalancerResult rb = provider.ensure(attached(b, lbId, 81));
    provider.delete(b, hintsOf(rb));
    assertThat(env.emulator.loadBalancers()).containsKey(lbId);
    assertThat(env.emulator.loadBalancers().get(lbId).path("description").asText())
        .isEqualTo(OwnerMarker.of(a).value());
    provider.delete(a, hintsOf(ra));
    assertNothingLeft();
  }

  /** A Service that attaches after the owner's release keeps the load balancer while it has a listener on it. */
  @Test
  void aReleasedLoadBalancerStaysWhileAnotherServiceHasAListenerOnIt() {
    ServiceKey a = newKey("released-owner");
    LoadBalancerResult ra = provider.ensure(publicSpec(a, 1, THREE_NODES));
    String lbId = ra.status().loadBalancerId();
    ServiceKey b = newKey("released-b");
    LoadBalancerResult rb = provider.ensure(attached(b, lbId, 81));
    provider.delete(a, hintsOf(ra));
    ServiceKey c = newKey("released-c");
    LoadBalancerResult rc = provider.ensure(attached(c, lbId, 82));
    provider.delete(b, hintsOf(rb));
    assertThat(env.emulator.loadBalancers()).as("c's listener is on it").containsKey(lbId);
    assertThat(env.emulator.publicIps()).as("with its address").hasSize(1);
    assertThat(provider.ensure(attached(c, lbId, 82)).status().ingress().get(0).ip())
        .isEqualTo(ra.status().ingress().get(0).ip());
    provider.delete(c, hintsOf(rc));
    assertNothingLeft();
  }

  /** An attach racing the last delete makes the load balancer's delete fail with a conflict: it is kept. */
  @Test
  void aConflictOnTheLastDeleteKeepsTheLoadBalancer() {
    ServiceKey a = newKey("race-owner");
    LoadBalancerResult ra = provider.ensure(publicSpec(a, 1, THREE_NODES));
    String lbId = ra.status().loadBalancerId();
    ServiceKey b = newKey("race-b");
    LoadBalancerResult rb = provider.ensure(attached(b, lbId, 81));
    provider.delete(a, hintsOf(ra));
    env.emulator.failNext("DELETE", "/v2/" + Emulated.PROJECT + "/elb/loadbalancers/" + lbId, 409, "ELB.1018");
    provider.delete(b, hintsOf(rb));
    assertThat(env.emulator.loadBalancers()).containsKey(lbId);
    assertThat(env.emulator.publicIps()).hasSize(1);
    // The Service that attached in between is the last one now: its delete removes what is left.
    ServiceKey c = newKey("race-c");
    LoadBalancerResult rc = provider.ensure(attached(c, lbId, 82));
    provider.delete(c, hintsOf(rc));
    assertNothingLeft();
  }

  /** A load balancer someone made by hand (no lbkit marker) is never deleted, whoever leaves it last. */
  @Test
  void aHandMadeLoadBalancerIsNeverDeletedByTheLastAttachedService() {
    SharedElbApi.LoadBalancer hand = env.elb.createLoadBalancer(
        new SharedElbApi.NewLoadBalancer("by-hand", "made by hand", Emulated.NEUTRON_SUBNET, null, null));
    ServiceKey b = newKey("hand-b");
    LoadBalancerResult rb = provider.ensure(attached(b, hand.id(), 81));
    provider.delete(b, hintsOf(rb));
    assertThat(env.emulator.loadBalancers()).containsOnlyKeys(hand.id());
    assertThat(env.emulator.loadBalancers().get(hand.id()).path("description").asText()).isEqualTo("made by hand");
  }

  @ParameterizedTest(name = "classic error shape: {0}")
  @ValueSource(booleans = {false, true})
  void attachingToAMissingLoadBalancerNamesTheAnnotation(boolean classic) {
    // The v2 API answers 400 ELB.1003 for a load balancer that does not exist: that is "not found".
    env.emulator.classicErrorShape(classic);
    LoadBalancerSpec spec = LoadBalancerSpec.builder(newKey("missing"), new Attachment.Existing("lb-gone"))
        .listener(tcp(80, 30080, null)).build();
    assertThatThrownBy(() -> provider.ensure(spec))
        .isInstanceOfSatisfying(InvalidServiceException.class,
            e -> assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo(LoadBalancerHints.ELB_ID)));
    assertThat(env.emulator.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(400));
  }

  @Test
  void notFoundWhileDeletingIsSuccess() {
    ServiceKey key = newKey("gone");
    provider.ensure(publicSpec(key, 1, THREE_NODES));
    env.emulator.failNext("DELETE", ".*/elb/loadbalancers/.*", 400, "ELB.1003");
    env.emulator.failNext("DELETE", ".*/elb/listeners/.*", 400, "ELB.2011");

    provider.delete(key, LoadBalancerHints.NONE);

    provider.delete(key, LoadBalancerHints.NONE);
    assertThat(env.emulator.loadBalancers()).isEmpty();
    assertThat(env.emulator.listeners()).isEmpty();
    assertThat(env.emulator.publicIps()).isEmpty();
  }

  @Test
  void deleteRemovesEveryLoadBalancerCarryingTheMarker() {
    // A create whose answer was lost and was sent again leaves two load balancers with the Service's marker.
    ServiceKey key = newKey("twice");
    LoadBalancerSpec spec = publicSpec(key, 1, THREE_NODES);
    String first = provider.ensure(spec).status().loadBalancerId();
    String second = env.emulator.insertLoadBalancer("lb-" + key.name(), OwnerMarker.of(key).value());

    assertThat(provider.ensure(spec).status().loadBalancerId()).as("the oldest wins").isEqualTo(first);
    provider.delete(key, LoadBalancerHints.NONE);

    assertThat(env.emulator.loadBalancers()).doesNotContainKeys(first, second).isEmpty();
    assertThat(env.emulator.publicIps()).isEmpty();
  }

  @Test
  void aLoadBalancerStillProvisioningIsRetriedLaterWithoutWrites() {
    ServiceKey key = newKey("pending");
    LoadBalancerSpec spec = publicSpec(key, 1, THREE_NODES);
    String lbId = provider.ensure(spec).status().loadBalancerId();
    env.emulator.provisioningStatus(lbId, "PENDING_UPDATE");
    LoadBalancerSpec changed = spec.toBuilder().listeners(List.of(tcp(80, 30080, HTTP_CHECK))).build();

    Calls calls = count(() -> assertThatThrownBy(() -> provider.ensure(changed))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("PENDING_UPDATE"));
    assertThat(calls.writes()).isZero();
    assertThat(env.sleeper.sleeps()).as("no sleeping in the provider").isEmpty();
    env.emulator.provisioningStatus(lbId, "ACTIVE");
    assertThat(count(() -> provider.ensure(changed)).writes()).isEqualTo(1);
  }

  @Test
  void theServicesSubnetIsMappedToItsNeutronSubnetOnce() {
    env.emulator.addSubnet("net-2222", "sub-bbbb", "vpc-1", "192.168.1.0/24");
    ServiceKey key = newKey("subnet");
    LoadBalancerSpec spec = publicSpec(key, 1, THREE_NODES).toBuilder().subnetId("net-2222").build();

    String lbId = provider.ensure(spec).status().loadBalancerId();
    provider.ensure(spec.toBuilder().backends(THREE_NODES.subList(0, 1)).build());
    provider.ensure(spec);

    assertThat(env.emulator.loadBalancers().get(lbId).get("vip_subnet_id").asText()).isEqualTo("sub-bbbb");
    // The nodes (192.168.0.x) are in the VPC's other subnet: each member goes where its address is.
    assertThat(env.emulator.members().values()).allSatisfy(m -> assertThat(m.get("subnet_id").asText())
        .isEqualTo(Emulated.NEUTRON_SUBNET));
    assertThat(env.emulator.count("GET", ".*/subnets/net-2222")).as("subnet lookups").isEqualTo(1);
    assertThat(env.emulator.count("GET", ".*/subnets")).as("VPC subnet list reads").isEqualTo(1);
  }

  @Test
  void aRacingCreateLeavesOneLoadBalancer() {
    // Another controller created the Service's load balancer between our find and our create: ours is the newer
    // one, so we delete it and converge on theirs.
    ServiceKey key = newKey("race");
    String marker = OwnerMarker.of(key).value();
    LoadBalancerSpec spec = publicSpec(key, 1, THREE_NODES);
    String[] theirs = new String[1];
    env.emulator.beforeNext("POST", ".*/elb/loadbalancers",
        () -> theirs[0] = env.emulator.insertLoadBalancer("theirs", marker));

    LoadBalancerResult r = provider.ensure(spec);

    assertThat(theirs[0]).as("the other controller's create ran").isNotNull();
    assertThat(r.status().loadBalancerId()).isEqualTo(theirs[0]);
    assertThat(env.emulator.loadBalancers()).containsOnlyKeys(theirs[0]);
    assertThat(env.emulator.listeners()).hasSize(1);
    assertThat(env.emulator.publicIps()).hasSize(1);
  }

  /**
   * A Service whose listener create meets a conflict every round stops after the engine's rounds with its
   * diagnostic: the last plan and what was observed, to show why.
   */
  @Test
  void aServiceThatNeverConvergesGetsTheLastPlanAndTheObservedState() {
    ServiceKey key = newKey("stuck");
    for (int i = 0; i < 10; i++) {
      env.emulator.failNext("POST", "/v2/" + Emulated.PROJECT + "/elb/listeners", 409, null);
    }
    assertThatThrownBy(() -> provider.ensure(publicSpec(key, 1, THREE_NODES)))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("did not converge after 4 rounds")
        .hasMessageContaining("last plan: [CreateListener[")
        .hasMessageContaining("last observed: ObservedLoadBalancer[");
    assertThat(env.emulator.count("POST", "/v2/" + Emulated.PROJECT + "/elb/listeners"))
        .as("one listener create a round, each after an observation").isEqualTo(4);
    assertThat(env.emulator.loadBalancers()).as("the load balancer is created once").hasSize(1);
  }
}
