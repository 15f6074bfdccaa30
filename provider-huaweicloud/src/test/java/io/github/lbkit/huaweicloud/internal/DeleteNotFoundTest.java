package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every delete path takes "not found" as done, in every form the API references give it: 404 with any code,
 * and the shared (v2) API's 400s {@code ELB.1003}, {@code ELB.2011}, {@code ELB.2012} and {@code ELB.7020}.
 */
class DeleteNotFoundTest {

  private static final String V2 = "/v2/" + Emulated.PROJECT + "/elb";
  private static final String V3 = "/v3/" + Emulated.PROJECT + "/elb";
  private static final String EIP = "/v1/" + Emulated.PROJECT + "/publicips";

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

  private void delete(String target) {
    DedicatedElbApi v3 = provider.dedicatedElb();
    Consumer<String> call = switch (target) {
      case "v2 load balancer" -> id -> env.elb.deleteLoadBalancer(id);
      case "v2 listener" -> id -> env.elb.deleteListener(id);
      case "v2 pool" -> id -> env.elb.deletePool(id);
      case "v2 member" -> id -> env.elb.deleteMember("pool-x", id);
      case "v2 health monitor" -> id -> env.elb.deleteHealthMonitor(id);
      case "v3 load balancer" -> id -> v3.deleteLoadBalancer(id);
      case "v3 listener" -> id -> v3.deleteListener(id);
      case "v3 pool" -> id -> v3.deletePool(id);
      case "v3 member batch" -> id -> v3.batchDeleteMembers("pool-x", List.of(id));
      case "v3 health monitor" -> id -> v3.deleteHealthMonitor(id);
      case "v3 ip group" -> id -> v3.deleteIpGroup(id);
      case "eip" -> id -> env.eip.deletePublicIp(id);
      default -> throw new IllegalArgumentException(target);
    };
    call.accept("gone-1");
  }

  private static String path(String target) {
    return switch (target.substring(0, 2)) {
      case "v2" -> V2 + "/.*";
      case "v3" -> V3 + "/.*";
      default -> EIP + "/.*";
    };
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource({
      "v2 load balancer, 400, ELB.1003", "v2 load balancer, 404, ELB.8904",
      "v2 listener, 400, ELB.2011", "v2 listener, 404, ELB.8904",
      "v2 pool, 404, ELB.8904", "v2 pool, 404, ''",
      "v2 member, 400, ELB.2012", "v2 member, 404, ELB.8904", "v2 member, 404, ''",
      "v2 health monitor, 400, ELB.7020", "v2 health monitor, 404, ELB.8904",
      "v3 load balancer, 404, ELB.8904", "v3 listener, 404, ELB.8904", "v3 pool, 404, ELB.8904",
      "v3 member batch, 404, ELB.8904", "v3 member batch, 400, ELB.2012", "v3 member batch, 404, ''",
      "v3 health monitor, 404, ELB.8904", "v3 health monitor, 400, ELB.7020", "v3 ip group, 404, ELB.8904",
      "eip, 404, VPC.0504", "eip, 404, ''"})
  void aDeleteOfSomethingAlreadyGoneIsDone(String target, int status, String code) {
    String method = target.equals("v3 member batch") ? "POST" : "DELETE";
    env.emulator.failNext(method, path(target), status, code.isEmpty() ? null : code);

    delete(target); // no exception

    assertThat(env.emulator.count(method, path(target))).as("not retried").isEqualTo(1);
  }

  /** A batch-delete whose answer was lost is retried by the policy and meets 404: the members are gone. */
  @Test
  void updateBackendsFinishesWhenARetriedBatchDeleteMeetsNotFound() {
    ServiceKey key = new ServiceKey("c1", "default", "nf", "uid-nf");
    HealthCheck check = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
    ListenerSpec l = new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT, check);
    Attachment.AutoCreate auto = Attachment.AutoCreate.inner("lb-nf");
    LoadBalancerSpec.Builder spec = LoadBalancerSpec.builder(key, auto).loadBalancerClass(LoadBalancerClass.DEDICATED)
        .cloudOptions(HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, Emulated.L7_FLAVOR, null,
            null))
        .listener(l);
    provider.ensure(spec.backends(nodes(3)).build());
    env.emulator.loseAnswerOfNext("POST", V3 + "/pools/[^/]+/members/batch-delete", 503);

    provider.updateBackends(spec.backends(nodes(1)).build());

    assertThat(env.emulator.members()).hasSize(1);
    assertThat(env.emulator.count("POST", V3 + "/pools/[^/]+/members/batch-delete")).isEqualTo(2);
  }

  private static List<Backend> nodes(int n) {
    List<Backend> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(Backend.node("node-" + i, "192.168.0." + (100 + i)));
    }
    return out;
  }
}
