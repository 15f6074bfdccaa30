package io.github.lbkit.huaweicloud.internal;

import static io.github.lbkit.huaweicloud.internal.Emulated.NEUTRON_SUBNET;
import static io.github.lbkit.huaweicloud.internal.Emulated.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.internal.ElbEmulator.Recorded;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.Listener;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.ListenerUpdate;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.LoadBalancer;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.Member;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.MonitorSettings;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.NewListener;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.NewLoadBalancer;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.NewMember;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.NewPool;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.Persistence;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.Pool;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.PoolUpdate;
import io.github.lbkit.huaweicloud.internal.SharedElbApi.StatusTree;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every shared ELB call against the emulator: the request the SDK sends, and the record we map back. */
class SharedElbApiTest {

  private static final String BASE = "/v2/" + PROJECT + "/elb";

  private Emulated env;
  private SharedElbApi elb;
  private ElbEmulator emulator;

  @BeforeEach
  void start() {
    env = new Emulated();
    elb = env.elb;
    emulator = env.emulator;
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private LoadBalancer newLoadBalancer() {
    return elb.createLoadBalancer(new NewLoadBalancer("lb1", "lbkit:c1/uid1", NEUTRON_SUBNET, null, null));
  }

  private Listener newListener(String lbId, String protocol, int port) {
    return elb.createListener(new NewListener(lbId, "l-" + port, "d", protocol, port, null, List.of(), null));
  }

  private Recorded last() {
    return emulator.lastRequest();
  }

  @Test
  void createLoadBalancerPostsTheBodyAndMapsTheAnswer() {
    LoadBalancer lb =
        elb.createLoadBalancer(new NewLoadBalancer("lb1", "lbkit:c1/uid1", NEUTRON_SUBNET, "192.168.0.77", "ep1"));

    Recorded r = last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(BASE + "/loadbalancers");
    JsonNode b = r.body().get("loadbalancer");
    assertThat(b.get("name").asText()).isEqualTo("lb1");
    assertThat(b.get("description").asText()).isEqualTo("lbkit:c1/uid1");
    assertThat(b.get("vip_subnet_id").asText()).isEqualTo(NEUTRON_SUBNET);
    assertThat(b.get("vip_address").asText()).isEqualTo("192.168.0.77");
    assertThat(b.get("enterprise_project_id").asText()).isEqualTo("ep1");
    assertThat(b.get("admin_state_up").asBoolean()).isTrue();
    assertThat(lb.id()).isNotBlank();
    assertThat(lb.vipPortId()).isNotBlank();
    assertThat(lb.vipAddress()).isEqualTo("192.168.0.77");
    assertThat(lb.provisioningStatus()).isEqualTo("ACTIVE");
    assertThat(lb.description()).isEqualTo("lbkit:c1/uid1");
    assertThat(emulator.loadBalancers()).containsKey(lb.id());
    assertThat(env.calls.counts().writes()).isEqualTo(1);
  }

  @Test
  void createLoadBalancerOmitsUnsetFields() {
    newLoadBalancer();
    JsonNode b = last().body().get("loadbalancer");
    assertThat(b.has("vip_address")).isFalse();
    assertThat(b.has("enterprise_project_id")).isFalse();
  }

  @Test
  void showLoadBalancerReadsOneAndIsEmptyWhenGone() {
    LoadBalancer lb = newLoadBalancer();
    Listener l = newListener(lb.id(), "TCP", 80);

    LoadBalancer shown = elb.showLoadBalancer(lb.id()).orElseThrow();

    assertThat(last().method()).isEqualTo("GET");
    assertThat(last().path()).isEqualTo(BASE + "/loadbalancers/" + lb.id());
    assertThat(shown.listenerIds()).containsExactly(l.id());
    assertThat(shown.vipSubnetId()).isEqualTo(NEUTRON_SUBNET);
    // v2 says "does not exist" with 400 ELB.1003, which must read as not found.
    assertThat(elb.showLoadBalancer("lb-missing")).isEmpty();
    assertThat(last().status()).isEqualTo(400);
  }

  @Test
  void deleteLoadBalancerDeletesAndReportsAlreadyGone() {
    LoadBalancer lb = newLoadBalancer();

    assertThat(elb.deleteLoadBalancer(lb.id())).isTrue();
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(last().path()).isEqualTo(BASE + "/loadbalancers/" + lb.id());
    assertThat(emulator.loadBalancers()).isEmpty();
    assertThat(elb.deleteLoadBalancer(lb.id())).isFalse();
  }

  @Test
  void deleteLoadBalancerWithListenersIsRefusedAsInUse() {
    LoadBalancer lb = newLoadBalancer();
    newListener(lb.id(), "TCP", 80);

    assertThatThrownBy(() -> elb.deleteLoadBalancer(lb.id()))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ELB.1018");
              assertThat(e.retryable()).isFalse();
              assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.IN_USE);
              assertThat(e.requestId()).isNotBlank();
              assertThat(e.getMessage()).startsWith("deleteLoadbalancer: ");
            });
    assertThat(emulator.count("DELETE", ".*/loadbalancers/.*")).isEqualTo(1);
  }

  @Test
  void statusTreeShowsListenersPoolsMonitorsAndMembers() {
    LoadBalancer lb = newLoadBalancer();
    Listener l = newListener(lb.id(), "TCP", 80);
    Pool p = elb.createPool(new NewPool("p", "d", "TCP", "ROUND_ROBIN", l.id(), null, null));
    Member m = elb.createMember(p.id(), new NewMember("m", "192.168.0.5", 30080, NEUTRON_SUBNET, 5));
    SharedElbApi.HealthMonitor hm =
        elb.createHealthMonitor(p.id(), new MonitorSettings("hm", "TCP", 5, 10, 3, null, null, null, null, null));

    StatusTree tree = elb.showLoadBalancerStatus(lb.id()).orElseThrow();

    assertThat(last().path()).isEqualTo(BASE + "/loadbalancers/" + lb.id() + "/statuses");
    assertThat(tree.id()).isEqualTo(lb.id());
    assertThat(tree.listeners()).singleElement().satisfies(ls -> {
      assertThat(ls.id()).isEqualTo(l.id());
      assertThat(ls.pools()).singleElement().satisfies(ps -> {
        assertThat(ps.id()).isEqualTo(p.id());
        assertThat(ps.healthMonitorId()).isEqualTo(hm.id());
        assertThat(ps.members()).singleElement().satisfies(ms -> {
          assertThat(ms.id()).isEqualTo(m.id());
          assertThat(ms.address()).isEqualTo("192.168.0.5");
          assertThat(ms.port()).isEqualTo(30080);
          assertThat(ms.operatingStatus()).isEqualTo("ONLINE");
        });
      });
    });
    assertThat(elb.showLoadBalancerStatus("lb-missing")).isEmpty();
  }

  @Test
  void createListenerPostsEveryField() {
    LoadBalancer lb = newLoadBalancer();

    Listener l =
        elb.createListener(
            new NewListener(lb.id(), "l443", "desc", "TERMINATED_HTTPS", 443, "cert1", List.of("sni1", "sni2"), true));

    Recorded r = last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(BASE + "/listeners");
    JsonNode b = r.body().get("listener");
    assertThat(b.get("loadbalancer_id").asText()).isEqualTo(lb.id());
    assertThat(b.get("protocol").asText()).isEqualTo("TERMINATED_HTTPS");
    assertThat(b.get("protocol_port").asInt()).isEqualTo(443);
    assertThat(b.get("default_tls_container_ref").asText()).isEqualTo("cert1");
    assertThat(b.get("sni_container_refs")).hasSize(2);
    assertThat(b.get("http2_enable").asBoolean()).isTrue();
    assertThat(l.protocol()).isEqualTo("TERMINATED_HTTPS");
    assertThat(l.port()).isEqualTo(443);
    assertThat(l.loadBalancerIds()).containsExactly(lb.id());
    assertThat(l.sniContainerRefs()).containsExactly("sni1", "sni2");
  }

  @Test
  void duplicateListenerPortIsAConflictThatIsNotRetried() {
    LoadBalancer lb = newLoadBalancer();
    newListener(lb.id(), "TCP", 80);

    assertThatThrownBy(() -> newListener(lb.id(), "TCP", 80))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ELB.6200");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(emulator.count("POST", ".*/listeners")).isEqualTo(2);
    // UDP and TCP may share a port number.
    assertThat(newListener(lb.id(), "UDP", 80).protocol()).isEqualTo("UDP");
  }

  @Test
  void listListenersFiltersByLoadBalancer() {
    LoadBalancer a = newLoadBalancer();
    LoadBalancer b = newLoadBalancer();
    Listener la = newListener(a.id(), "TCP", 80);
    newListener(b.id(), "TCP", 80);

    List<Listener> list = elb.listListeners(a.id());

    assertThat(last().method()).isEqualTo("GET");
    assertThat(last().path()).isEqualTo(BASE + "/listeners");
    assertThat(last().query()).containsEntry("loadbalancer_id", List.of(a.id()));
    assertThat(list).extracting(Listener::id).containsExactly(la.id());
  }

  @Test
  void showListenerReadsOneAndIsEmptyWhenGone() {
    LoadBalancer lb = newLoadBalancer();
    Listener l = newListener(lb.id(), "UDP", 53);

    assertThat(elb.showListener(l.id())).hasValueSatisfying(x -> assertThat(x.port()).isEqualTo(53));
    assertThat(last().path()).isEqualTo(BASE + "/listeners/" + l.id());
    assertThat(elb.showListener("missing")).isEmpty();
  }

  @Test
  void updateListenerPutsOnlyTheChangedFields() {
    LoadBalancer lb = newLoadBalancer();
    Listener l = newListener(lb.id(), "TCP", 80);
    Pool p = elb.createPool(new NewPool("p", "d", "TCP", "ROUND_ROBIN", null, lb.id(), null));

    Listener updated = elb.updateListener(l.id(), new ListenerUpdate("renamed", null, p.id(), null, null, null));

    Recorded r = last();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.path()).isEqualTo(BASE + "/listeners/" + l.id());
    JsonNode b = r.body().get("listener");
    assertThat(b.get("name").asText()).isEqualTo("renamed");
    assertThat(b.get("default_pool_id").asText()).isEqualTo(p.id());
    assertThat(b.has("description")).isFalse();
    assertThat(b.has("protocol_port")).isFalse();
    assertThat(updated.name()).isEqualTo("renamed");
    assertThat(updated.defaultPoolId()).isEqualTo(p.id());
  }

  @Test
  void deleteListenerDeletesAndReportsAlreadyGone() {
    LoadBalancer lb = newLoadBalancer();
    Listener l = newListener(lb.id(), "TCP", 80);

    assertThat(elb.deleteListener(l.id())).isTrue();
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(last().path()).isEqualTo(BASE + "/listeners/" + l.id());
    assertThat(elb.deleteListener(l.id())).isFalse();
    assertThat(last().status()).isEqualTo(400);
  }

  @Test
  void createPoolOnAListenerWithStickySessions() {
    LoadBalancer lb = newLoadBalancer();
    Listener l = newListener(lb.id(), "TCP", 80);

    Pool p =
        elb.createPool(
            new NewPool("p", "d", "TCP", "SOURCE_IP", l.id(), null, new Persistence("SOURCE_IP", null, 30)));

    Recorded r = last();
    assertThat(r.path()).isEqualTo(BASE + "/pools");
    JsonNode b = r.body().get("pool");
    assertThat(b.get("listener_id").asText()).isEqualTo(l.id());
    assertThat(b.has("loadbalancer_id")).isFalse();
    assertThat(b.get("protocol").asText()).isEqualTo("TCP");
    assertThat(b.get("lb_algorithm").asText()).isEqualTo("SOURCE_IP");
    assertThat(b.get("session_persistence").get("type").asText()).isEqualTo("SOURCE_IP");
    assertThat(b.get("session_persistence").get("persistence_timeout").asInt()).isEqualTo(30);
    assertThat(p.listenerIds()).containsExactly(l.id());
    assertThat(p.loadBalancerIds()).containsExactly(lb.id());
    assertThat(p.persistence()).isEqualTo(new Persistence("SOURCE_IP", null, 30));
    assertThat(p.healthMonitorId()).isNull();
    assertThat(elb.showListener(l.id()).orElseThrow().defaultPoolId()).isEqualTo(p.id());
  }

  @Test
  void listShowUpdateAndDeletePools() {
    LoadBalancer lb = newLoadBalancer();
    Pool p = elb.createPool(new NewPool("p", "d", "UDP", "ROUND_ROBIN", null, lb.id(), null));

    assertThat(elb.listPools(lb.id())).extracting(Pool::id).containsExactly(p.id());
    assertThat(last().query()).containsEntry("loadbalancer_id", List.of(lb.id()));
    assertThat(elb.showPool(p.id())).hasValueSatisfying(x -> assertThat(x.protocol()).isEqualTo("UDP"));
    assertThat(last().path()).isEqualTo(BASE + "/pools/" + p.id());

    Pool updated = elb.updatePool(p.id(), new PoolUpdate(null, null, "LEAST_CONNECTIONS", null));
    assertThat(last().method()).isEqualTo("PUT");
    assertThat(last().body().get("pool").get("lb_algorithm").asText()).isEqualTo("LEAST_CONNECTIONS");
    assertThat(last().body().get("pool").has("protocol")).isFalse();
    assertThat(updated.lbAlgorithm()).isEqualTo("LEAST_CONNECTIONS");

    assertThat(elb.deletePool(p.id())).isTrue();
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(elb.showPool(p.id())).isEmpty();
    assertThat(last().status()).isEqualTo(404);
    assertThat(elb.deletePool(p.id())).isFalse();
  }

  @Test
  void membersAreCreatedListedReweightedAndDeleted() {
    LoadBalancer lb = newLoadBalancer();
    Pool p = elb.createPool(new NewPool("p", "d", "TCP", "ROUND_ROBIN", null, lb.id(), null));

    Member m = elb.createMember(p.id(), new NewMember("node-1", "192.168.0.5", 30080, NEUTRON_SUBNET, null));
    Recorded r = last();
    assertThat(r.path()).isEqualTo(BASE + "/pools/" + p.id() + "/members");
    JsonNode b = r.body().get("member");
    assertThat(b.get("address").asText()).isEqualTo("192.168.0.5");
    assertThat(b.get("protocol_port").asInt()).isEqualTo(30080);
    assertThat(b.get("subnet_id").asText()).isEqualTo(NEUTRON_SUBNET);
    assertThat(b.has("weight")).isFalse();
    assertThat(m.weight()).isEqualTo(1);
    assertThat(m.subnetId()).isEqualTo(NEUTRON_SUBNET);

    assertThat(elb.listMembers(p.id())).extracting(Member::id).containsExactly(m.id());
    assertThat(last().path()).isEqualTo(BASE + "/pools/" + p.id() + "/members");

    Member drained = elb.updateMemberWeight(p.id(), m.id(), 0);
    assertThat(last().method()).isEqualTo("PUT");
    assertThat(last().path()).isEqualTo(BASE + "/pools/" + p.id() + "/members/" + m.id());
    assertThat(last().body().get("member").get("weight").asInt()).isZero();
    assertThat(drained.weight()).isZero();

    assertThat(elb.deleteMember(p.id(), m.id())).isTrue();
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(elb.listMembers(p.id())).isEmpty();
    assertThat(elb.deleteMember(p.id(), m.id())).isFalse();
  }

  @Test
  void memberOnAnUnknownSubnetIsInvalidInput() {
    LoadBalancer lb = newLoadBalancer();
    Pool p = elb.createPool(new NewPool("p", "d", "TCP", "ROUND_ROBIN", null, lb.id(), null));

    assertThatThrownBy(() -> elb.createMember(p.id(), new NewMember("n", "10.0.0.1", 80, "net-1111", null)))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ELB.8902");
              assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.INVALID);
            });
  }

  @Test
  void healthMonitorsAreCreatedShownListedUpdatedAndDeleted() {
    LoadBalancer lb = newLoadBalancer();
    Pool p = elb.createPool(new NewPool("p", "d", "HTTP", "ROUND_ROBIN", null, lb.id(), null));
    MonitorSettings http = new MonitorSettings("hm", "HTTP", 5, 10, 3, 8080, "/healthz", "200-299", "GET", "example.com");

    SharedElbApi.HealthMonitor hm = elb.createHealthMonitor(p.id(), http);
    Recorded r = last();
    assertThat(r.path()).isEqualTo(BASE + "/healthmonitors");
    JsonNode b = r.body().get("healthmonitor");
    assertThat(b.get("pool_id").asText()).isEqualTo(p.id());
    assertThat(b.get("type").asText()).isEqualTo("HTTP");
    assertThat(b.get("delay").asInt()).isEqualTo(5);
    assertThat(b.get("timeout").asInt()).isEqualTo(10);
    assertThat(b.get("max_retries").asInt()).isEqualTo(3);
    assertThat(b.get("monitor_port").asInt()).isEqualTo(8080);
    assertThat(b.get("url_path").asText()).isEqualTo("/healthz");
    assertThat(b.get("expected_codes").asText()).isEqualTo("200-299");
    assertThat(b.get("http_method").asText()).isEqualTo("GET");
    assertThat(b.get("domain_name").asText()).isEqualTo("example.com");
    assertThat(hm.poolIds()).containsExactly(p.id());
    assertThat(hm.urlPath()).isEqualTo("/healthz");
    assertThat(elb.showPool(p.id()).orElseThrow().healthMonitorId()).isEqualTo(hm.id());

    assertThat(elb.showHealthMonitor(hm.id())).hasValueSatisfying(x -> assertThat(x.type()).isEqualTo("HTTP"));
    assertThat(last().path()).isEqualTo(BASE + "/healthmonitors/" + hm.id());
    assertThat(elb.listHealthMonitors()).extracting(SharedElbApi.HealthMonitor::id).containsExactly(hm.id());

    SharedElbApi.HealthMonitor updated =
        elb.updateHealthMonitor(hm.id(), new MonitorSettings("hm", "TCP", 7, 8, 2, null, null, null, null, null));
    assertThat(last().method()).isEqualTo("PUT");
    assertThat(last().body().get("healthmonitor").get("delay").asInt()).isEqualTo(7);
    assertThat(last().body().get("healthmonitor").has("pool_id")).isFalse();
    assertThat(updated.delay()).isEqualTo(7);
    assertThat(updated.type()).isEqualTo("TCP");

    assertThat(elb.deleteHealthMonitor(hm.id())).isTrue();
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(elb.showHealthMonitor(hm.id())).isEmpty();
    assertThat(elb.showPool(p.id()).orElseThrow().healthMonitorId()).isNull();
    assertThat(elb.deleteHealthMonitor(hm.id())).isFalse();
  }

  @Test
  void quotaIsNotRetried() {
    emulator.loadBalancerQuota(1);
    newLoadBalancer();

    assertThatThrownBy(this::newLoadBalancer)
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ELB.9807");
              assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.QUOTA);
              assertThat(e.retryable()).isFalse();
            });
    assertThat(emulator.count("POST", ".*/loadbalancers")).isEqualTo(2);
  }

  @Test
  void everyCallIsCountedByOperation() {
    LoadBalancer lb = newLoadBalancer();
    elb.showLoadBalancer(lb.id());
    elb.showLoadBalancer(lb.id());
    elb.listListeners(lb.id());

    CallCounts counts = env.calls.counts();
    assertThat(counts.writes()).isEqualTo(1);
    assertThat(counts.reads()).isEqualTo(3);
    assertThat(counts.of("showLoadbalancer")).isEqualTo(2);
    assertThat(counts.of("listListeners")).isEqualTo(1);
    assertThat(counts.attempts()).isEqualTo(4);
    assertThat(counts.retries()).isZero();
  }
}
