package io.github.lbkit.huaweicloud.internal;

import static io.github.lbkit.huaweicloud.internal.Emulated.NEUTRON_SUBNET;
import static io.github.lbkit.huaweicloud.internal.Emulated.PROJECT;
import static io.github.lbkit.huaweicloud.internal.Emulated.VPC_SUBNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.internal.EipApi.NewPublicIp;
import io.github.lbkit.huaweicloud.internal.EipApi.PublicIp;
import io.github.lbkit.huaweicloud.internal.ElbEmulator.Recorded;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every EIP and VPC call against the emulator: the request the SDK sends, and the record we map back. */
class EipAndVpcApiTest {

  private static final String EIPS = "/v1/" + PROJECT + "/publicips";

  private Emulated env;
  private EipApi eip;
  private ElbEmulator emulator;

  @BeforeEach
  void start() {
    env = new Emulated();
    eip = env.eip;
    emulator = env.emulator;
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private PublicIp newIp() {
    return eip.createPublicIp(new NewPublicIp("5_bgp", "bw-1", 5, "bandwidth", "lbkit-c1-uid1", null));
  }

  private Recorded last() {
    return emulator.lastRequest();
  }

  @Test
  void createPublicIpPostsPublicipAndBandwidth() {
    PublicIp ip = eip.createPublicIp(new NewPublicIp("5_bgp", "bw-1", 10, "traffic", "lbkit-c1-uid1", "ep1"));

    Recorded r = last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(EIPS);
    JsonNode b = r.body();
    assertThat(b.get("publicip").get("type").asText()).isEqualTo("5_bgp");
    assertThat(b.get("publicip").get("alias").asText()).isEqualTo("lbkit-c1-uid1");
    assertThat(b.get("bandwidth").get("name").asText()).isEqualTo("bw-1");
    assertThat(b.get("bandwidth").get("size").asInt()).isEqualTo(10);
    assertThat(b.get("bandwidth").get("share_type").asText()).isEqualTo("PER");
    assertThat(b.get("bandwidth").get("charge_mode").asText()).isEqualTo("traffic");
    assertThat(b.get("enterprise_project_id").asText()).isEqualTo("ep1");
    assertThat(ip.id()).isNotBlank();
    assertThat(ip.address()).startsWith("203.0.113.");
    assertThat(ip.status()).isEqualTo("DOWN");
    assertThat(ip.bandwidthSize()).isEqualTo(10);
    assertThat(ip.portId()).isNull();
  }

  @Test
  void showPublicIpReadsOneAndIsEmptyWhenGone() {
    PublicIp ip = newIp();

    assertThat(eip.showPublicIp(ip.id())).hasValueSatisfying(x -> assertThat(x.address()).isEqualTo(ip.address()));
    assertThat(last().method()).isEqualTo("GET");
    assertThat(last().path()).isEqualTo(EIPS + "/" + ip.id());
    assertThat(eip.showPublicIp("missing")).isEmpty();
    assertThat(last().status()).isEqualTo(404);
  }

  @Test
  void bindListByPortAndUnbind() {
    PublicIp ip = newIp();
    newIp();

    PublicIp bound = eip.bind(ip.id(), "port-1");
    assertThat(last().method()).isEqualTo("PUT");
    assertThat(last().path()).isEqualTo(EIPS + "/" + ip.id());
    assertThat(last().body().get("publicip").get("port_id").asText()).isEqualTo("port-1");
    assertThat(bound.portId()).isEqualTo("port-1");
    assertThat(bound.status()).isEqualTo("ACTIVE");

    assertThat(eip.listByPort("port-1")).extracting(PublicIp::id).containsExactly(ip.id());
    assertThat(last().path()).isEqualTo(EIPS);
    assertThat(last().query()).containsEntry("port_id", List.of("port-1"));

    PublicIp unbound = eip.unbind(ip.id());
    // The SDK serialises "no port" as an empty object: that is what unbinds.
    assertThat(last().body().get("publicip").size()).isZero();
    assertThat(unbound.portId()).isNull();
    assertThat(unbound.status()).isEqualTo("DOWN");
    assertThat(eip.listByPort("port-1")).isEmpty();
  }

  @Test
  void bindingAnIpThatIsBoundElsewhereIsAConflict() {
    PublicIp ip = newIp();
    eip.bind(ip.id(), "port-1");

    assertThatThrownBy(() -> eip.bind(ip.id(), "port-2"))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("VPC.0510");
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void associateAndDisassociateGoThroughEipV3() {
    PublicIp ip = newIp();

    eip.associate(ip.id(), "ELB", "lb-1");
    Recorded r = last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v3/" + PROJECT + "/eip/publicips/" + ip.id() + "/associate-instance");
    assertThat(r.body().get("publicip").get("associate_instance_type").asText()).isEqualTo("ELB");
    assertThat(r.body().get("publicip").get("associate_instance_id").asText()).isEqualTo("lb-1");
    assertThat(emulator.publicIps().get(ip.id()).get("port_id").asText()).isEqualTo("lb-1");

    eip.disassociate(ip.id());
    assertThat(last().path()).isEqualTo("/v3/" + PROJECT + "/eip/publicips/" + ip.id() + "/disassociate-instance");
    assertThat(emulator.publicIps().get(ip.id()).has("port_id")).isFalse();
  }

  @Test
  void deletingABoundIpIsRefusedAndAnUnboundOneIsDeleted() {
    PublicIp ip = newIp();
    eip.bind(ip.id(), "port-1");

    assertThatThrownBy(() -> eip.deletePublicIp(ip.id()))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("VPC.0517");
              assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.IN_USE);
            });

    eip.unbind(ip.id());
    assertThat(eip.deletePublicIp(ip.id())).isTrue();
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(last().path()).isEqualTo(EIPS + "/" + ip.id());
    assertThat(emulator.publicIps()).doesNotContainKey(ip.id());
    assertThat(eip.deletePublicIp(ip.id())).isFalse();
  }

  @Test
  void eipQuotaIsNotRetried() {
    emulator.publicIpQuota(0);

    assertThatThrownBy(this::newIp)
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("VPC.0521");
              assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.QUOTA);
            });
    assertThat(emulator.count("POST", EIPS)).isEqualTo(1);
  }

  @Test
  void showSubnetMapsTheVpcSubnetIdToTheNeutronSubnetIdOnceAndCaches() {
    VpcApi vpc = env.vpc;

    assertThat(vpc.neutronSubnetId(VPC_SUBNET)).isEqualTo(NEUTRON_SUBNET);
    assertThat(last().method()).isEqualTo("GET");
    assertThat(last().path()).isEqualTo("/v1/" + PROJECT + "/subnets/" + VPC_SUBNET);
    VpcApi.Subnet s = vpc.showSubnet(VPC_SUBNET);
    assertThat(s.vpcId()).isEqualTo("vpc-1");
    assertThat(s.cidr()).isEqualTo("192.168.0.0/24");
    assertThat(s.status()).isEqualTo("ACTIVE");
    assertThat(emulator.count("GET", ".*/subnets/.*")).isEqualTo(1);
  }

  @Test
  void unknownSubnetIsNotFound() {
    assertThatThrownBy(() -> env.vpc.showSubnet("net-missing"))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(ErrorClassifier.isNotFound(e)).isTrue();
              assertThat(e.operation()).isEqualTo("showSubnet");
              assertThat(e.requestId()).isNotBlank();
            });
  }
}
