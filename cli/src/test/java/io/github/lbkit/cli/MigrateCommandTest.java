package io.github.lbkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.fake.CceSeed;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code lbkit migrate}: per Service of a cluster dump, what the controller with adoption on would do. */
class MigrateCommandTest {

  static final String DUMP = Cli.fixture("services-dump.yaml");

  @Test
  void aDumpOfADozenServicesIsJudgedFromTheAnnotationsAloneAndSaysSo() {
    Cli.Result r = Cli.run("migrate", "-f", DUMP, "-o", "json");
    assertThat(r.code()).as("two Services would be refused").isEqualTo(1);
    JsonNode report = r.json();
    assertThat(report.get("source").asString()).isEqualTo("annotations");
    assertThat(report.get("judged").asString()).contains("no cloud was read");
    JsonNode services = report.get("services");
    assertThat(services.size()).isEqualTo(12);
    List<String> actions = new java.util.ArrayList<>();
    services.forEach(s -> actions.add(s.get("service").asString() + " " + s.get("action").asString()));
    assertThat(actions).containsExactly(
        "shop/web adopt", "shop/api adopt", "shop/admin attach", "shop/checkout create",
        "default/kubernetes skip", "shop/db skip", "ops/grafana keep", "ops/legacy refuse",
        "ops/ingress-nginx skip", "media/stream adopt", "media/upload refuse", "edge/gateway create");
    JsonNode web = services.get(0);
    assertThat(web.get("loadBalancerId").asString()).isEqualTo("4f9c2a10-8d3e-4c55-9a11-2b7e6d1f0a01");
    assertThat(web.get("eipId").asString()).isEqualTo("7a3e5c2d-1b9f-4e8a-b6c4-0d2f1e3a5b01");
    assertThat(web.get("listeners").toString()).isEqualTo("[\"TCP:80\",\"TCP:443\"]");
    assertThat(services.get(7).get("reason").asString()).contains("kubernetes.io/elb.class");
    assertThat(report.get("summary").toString())
        .isEqualTo("{\"adopt\":3,\"attach\":1,\"create\":2,\"keep\":1,\"refuse\":2,\"skip\":3}");
  }

  @Test
  void theTextReportNamesWhatEachAdoptionTakesOver() {
    Cli.Result r = Cli.run("migrate", "-f", DUMP);
    assertThat(r.out()).contains("judged from the annotations alone")
        .contains("  shop/web: adopt load balancer 4f9c2a10-8d3e-4c55-9a11-2b7e6d1f0a01, taking over EIP"
            + " 7a3e5c2d-1b9f-4e8a-b6c4-0d2f1e3a5b01 and listeners TCP:80, TCP:443")
        .contains("Summary: 3 adopt, 1 attach, 2 create, 1 keep, 2 refuse, 3 skip");
  }

  static Service cceService(String name, String uid, CceSeed.Seeded cce, String cls) {
    return new ServiceBuilder()
        .withNewMetadata().withNamespace("shop").withName(name).withUid(uid).withAnnotations(Map.of(
            "kubernetes.io/elb.class", cls,
            "kubernetes.io/elb.autocreate", "{\"type\":\"public\",\"bandwidth_name\":\"bw\","
                + "\"bandwidth_chargemode\":\"bandwidth\",\"bandwidth_size\":5,\"bandwidth_sharetype\":\"PER\","
                + "\"eip_type\":\"5_bgp\"}",
            "kubernetes.io/elb.id", cce.loadBalancerId(),
            "kubernetes.io/elb.eip-id", cce.eipId()))
        .endMetadata()
        .withNewSpec().withType("LoadBalancer").addNewPort().withName("http").withProtocol("TCP").withPort(80)
        .withNodePort(31080).endPort().endSpec().build();
  }

  @Test
  void withAProviderEachLoadBalancerIsCheckedWithReadCallsOnly() {
    FakeCloud cloud = FakeCloud.create(4);
    List<CceSeed.Port> port80 = List.of(new CceSeed.Port(Protocol.TCP, 80, 31080));
    CceSeed.Seeded good = CceSeed.loadBalancer(cloud, "a", LoadBalancerClass.SHARED, true, port80, List.of());
    CceSeed.Seeded dedicated =
        CceSeed.loadBalancer(cloud, "b", LoadBalancerClass.DEDICATED, true, port80, List.of());
    long writes = cloud.writes();

    List<MigrateCommand.Verdict> verdicts = MigrateCommand.report(List.of(
        cceService("web", "uid-web", good, "union"),
        cceService("shop", "uid-shop", dedicated, "union")), FakeLoadBalancerProvider.over(cloud), "prod");

    assertThat(cloud.writes()).as("a report never writes").isEqualTo(writes);
    assertThat(verdicts.get(0)).isEqualTo(new MigrateCommand.Verdict("shop/web", "adopt", good.loadBalancerId(),
        good.eipId(), List.of("TCP:80"), "the load balancer matches; nothing else changes"));
    assertThat(verdicts.get(1).action()).isEqualTo("refuse");
    assertThat(verdicts.get(1).reason()).contains("it is performance (the Service asks for union)")
        .contains("nothing was changed");
  }

  @Test
  void anEmptyFakeCloudHasNoneOfTheLoadBalancersTheDumpNames() {
    Cli.Result r = Cli.run("migrate", "-f", DUMP, "--provider", "fake");
    assertThat(r.out()).contains("checked with the fake provider's read calls; nothing was written")
        .contains("  shop/web: refuse")
        .contains("load balancer 4f9c2a10-8d3e-4c55-9a11-2b7e6d1f0a01 cannot be taken over from CCE's controller:"
            + " it does not exist");
    assertThat(Cli.run("migrate", "-f", DUMP, "--provider", "huaweicloud").err())
        .contains("--provider must be fake");
  }
}
