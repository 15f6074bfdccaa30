package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The catalogue declares every annotation of the CCE reference, once, with its doc. */
class CceAnnotationsTest {

  static Stream<String> expectedKeys() {
    return Stream.concat(
        Stream.of("elb.class", "elb.id", "elb.autocreate", "elb.subnet-id", "elb.enterpriseID", "elb.lb-algorithm",
                "elb.session-affinity-mode", "elb.session-affinity-option", "elb.health-check-flag",
                "elb.health-check-option", "elb.health-check-options", "elb.pass-through", "elb.tags", "elb.eip-id",
                "elb.custom-eip-id", "elb.protocol-port", "elb.cert-id", "elb.tls-certificate-ids",
                "elb.http2-enable", "elb.keepalive_timeout", "elb.client_timeout", "elb.member_timeout",
                "elb.acl-id", "elb.acl-status", "elb.acl-type", "elb.adaptive-weight", "elb.transparent-client-ip",
                "elb.x-forwarded-host", "elb.x-forwarded-port", "elb.x-forwarded-for-port")
            .map(k -> "kubernetes.io/" + k),
        Stream.of("service.beta.kubernetes.io/load-balancer-source-ranges", "lbkit.io/creation-record"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedKeys")
  void declaresKeyWithADoc(String key) {
    AnnotationDef d = CceAnnotations.byKey(key).orElseThrow();
    assertThat(d.doc()).isNotBlank().endsWith(".");
    assertThat(d.allowed()).isNotBlank();
  }

  @Test
  void declaresEachKeyOnce() {
    List<String> keys = CceAnnotations.all().stream().map(AnnotationDef::key).toList();
    assertThat(keys).doesNotHaveDuplicates().hasSize((int) expectedKeys().count());
  }

  @Test
  void autocreateDeclaresEveryJsonField() {
    assertThat(CceAnnotations.byKey(CceAnnotations.ELB_AUTOCREATE).orElseThrow().fields())
        .extracting(JsonFieldDef::name)
        .containsExactlyInAnyOrder("type", "name", "bandwidth_name", "bandwidth_chargemode", "bandwidth_size",
            "bandwidth_sharetype", "eip_type", "available_zone", "l4_flavor_name", "l7_flavor_name",
            "vip_subnet_cidr_id", "ipv6_vip_virsubnet_id", "elb_virsubnet_ids", "vip_address");
  }

  @Test
  void fixedAnnotationsAreTheThreeCceDocumentsAsFixed() {
    assertThat(CceAnnotations.all())
        .filteredOn(d -> d.mutability() == AnnotationDef.Mutability.FIXED)
        .extracting(AnnotationDef::key)
        .containsExactlyInAnyOrder(CceAnnotations.ELB_CLASS, CceAnnotations.ELB_ID, CceAnnotations.ELB_AUTOCREATE);
  }
}
