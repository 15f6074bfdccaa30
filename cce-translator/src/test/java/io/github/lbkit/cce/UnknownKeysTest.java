package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.github.lbkit.api.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Misspelt keys in lbkit's and CCE's namespaces are found, with the known key they were probably meant as. */
class UnknownKeysTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "kubernetes.io/elb.autocreat, kubernetes.io/elb.autocreate",
    "kubernetes.io/elb.clas, kubernetes.io/elb.class",
    "kubernetes.io/elb.lb-algorithim, kubernetes.io/elb.lb-algorithm",
    "kubernetes.io/elb.enterpriseid, kubernetes.io/elb.enterpriseID",
    "kubernetes.io/elb.keepalive-timeout, kubernetes.io/elb.keepalive_timeout",
    "kubernetes.io/elb.eip-di, kubernetes.io/elb.eip-id",
    "kubernetes.io/elb-autocreate, kubernetes.io/elb.autocreate",
    "lbkit.io/creation-recrd, lbkit.io/creation-record",
    "lbkit.io/writen-back, lbkit.io/written-back"
  })
  void suggestsTheClosestKnownKey(String typo, String meant) {
    assertThat(CceAnnotations.unknownKeys(List.of(typo))).containsExactly(new UnknownKey(typo, meant));
  }

  @Test
  void farOffKeyIsReportedWithoutSuggestion() {
    assertThat(CceAnnotations.unknownKeys(List.of("kubernetes.io/elb.foo", "lbkit.io/something-else")))
        .containsExactly(new UnknownKey("kubernetes.io/elb.foo", null),
            new UnknownKey("lbkit.io/something-else", null));
  }

  @Test
  void everyCatalogueKeyAndEveryKeyCceOrLbkitWritesIsKnown() {
    List<String> keys = new java.util.ArrayList<>(CceAnnotations.all().stream().map(AnnotationDef::key).toList());
    keys.addAll(List.of("kubernetes.io/elb.mark", "kubernetes.io/elb.x-real-ip", "lbkit.io/written-back",
        "kubernetes.io/elb.id", "kubernetes.io/elb.eip-id",
        "lbkit.io/creation-record"));
    assertThat(CceAnnotations.unknownKeys(keys)).isEmpty();
  }

  @Test
  void keysOfOtherNamespacesAreNotOurs() {
    assertThat(CceAnnotations.unknownKeys(List.of("kubernetes.io/hws-hostNetwork", "example.com/elb.autocreat",
        "service.beta.kubernetes.io/aws-load-balancer-type", "kubectl.kubernetes.io/last-applied-configuration",
        "kubernetes.io/change-cause")))
        .isEmpty();
  }

  @Test
  void translatorWarnsWithKeyValueAndRuleButStillTranslates() {
    Service svc = Fixtures.service(Map.of("kubernetes.io/elb.autocreat", "{\"type\":\"public\"}",
        "kubernetes.io/elb.class", "union"));
    assertThat(Fixtures.TRANSLATOR.unknownAnnotations(svc)).containsExactly(new Problem("kubernetes.io/elb.autocreat",
        "{\"type\":\"public\"}", "unknown annotation; did you mean kubernetes.io/elb.autocreate? lbkit ignores this"
            + " key: rename it, or remove it"));
    assertThat(Fixtures.translate(svc)).isNotNull();
  }

  @Test
  void translatorHasNoWarningsForKnownKeysOrNoAnnotations() {
    assertThat(Fixtures.TRANSLATOR.unknownAnnotations(Fixtures.service(Map.of("kubernetes.io/elb.class", "union")))).isEmpty();
    assertThat(Fixtures.TRANSLATOR.unknownAnnotations(new ServiceBuilder().build())).isEmpty();
  }

  @Test
  void ruleWithoutSuggestionSaysWhatToDo() {
    assertThat(new UnknownKey("kubernetes.io/elb.foo", null).rule())
        .contains("unknown annotation").contains("check its spelling").doesNotContain("did you mean");
  }
}
