package io.github.lbkit.cli;

import static io.github.lbkit.cli.Cli.fixture;
import static io.github.lbkit.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code lbkit validate}: the seed Service, invalid Services, stdin, JSON input and output. */
class ValidateCommandTest {

  @Test
  void seedServiceWithItsNodePortIsValidAndSummarised() {
    Cli.Result r = run("validate", "-f", fixture("nginx-service-allocated.yaml"));
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.lines().get(0)).isEqualTo("Service default/nginx is valid");
    assertThat(r.out())
        .contains("class:          shared (union)")
        .contains("attachment:     auto-create public load balancer \"james\", EIP 5_bgp with 5 Mbit/s bandwidth"
            + " \"cce-bandwidth\"")
        .contains("listeners:      TCP:80 (port service0) -> nodePort 31080, ROUND_ROBIN, health check HTTP /healthz"
            + " on port 32080")
        .contains("backends:       nodes, none given (--nodes)")
        .contains("traffic policy: Local (health check node port 32080)")
        .contains("pass-through:   onlyLocal, ipMode Proxy")
        .contains("note: metadata.namespace is not set; using \"default\"")
        .contains("note: metadata.uid is not set");
  }

  @Test
  void seedServiceAsAppliedGetsPlaceholdersForThePortsTheApiServerAllocates() {
    Cli.Result r = run("validate", "-f", fixture("nginx-service-passthrough.yaml"));
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.lines().get(0)).isEqualTo("Service default/nginx is valid");
    assertThat(r.out())
        .contains("TCP:80 (port service0) -> nodePort 30000")
        .contains("note: spec.ports[].nodePort is not set (the API server allocates it); using placeholders from 30000")
        .contains("note: spec.healthCheckNodePort is not set (the API server allocates it)");
  }


  @Test
  void everyProblemNamesKeyValueAndRule() {
    Cli.Result r = run("validate", "-f", fixture("invalid-service.yaml"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.lines()).containsSequence(
        "Service web/shop is invalid: 2 problems",
        "  - key:   kubernetes.io/elb.class",
        "    value: \"premium\"",
        "    rule:  must be one of union, performance",
        "  - key:   kubernetes.io/elb.lb-algorithm",
        "    value: \"RANDOM\"",
        "    rule:  must be one of ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP");
    assertThat(r.out()).doesNotContain("metadata.namespace is not set");
  }

  @Test
  void invalidServiceAsJsonListsProblemsWithStableFields() {
    Cli.Result r = run("validate", "-f", fixture("invalid-service.yaml"), "-o", "json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = r.json();
    assertThat(j.get("service").asString()).isEqualTo("web/shop");
    assertThat(j.get("valid").asBoolean()).isFalse();
    assertThat(j.get("spec").isNull()).isTrue();
    assertThat(Cli.texts(j.get("problems"), "key"))
        .containsExactly("kubernetes.io/elb.class", "kubernetes.io/elb.lb-algorithm");
    assertThat(Cli.texts(j.get("problems"), "value")).containsExactly("premium", "RANDOM");
    assertThat(j.get("problems").get(0).get("rule").asString()).isEqualTo("must be one of union, performance");
  }

  @Test
  void validServiceAsJsonDescribesTheSpec() {
    Cli.Result r = run("validate", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"),
        "--cluster", "prod-1", "-o", "json");
    assertThat(r.code()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("valid").asBoolean()).isTrue();
    assertThat(j.get("problems").size()).isZero();
    assertThat(j.get("notes").size()).isEqualTo(2);
    JsonNode spec = j.get("spec");
    assertThat(spec.get("service").asString()).isEqualTo("default/nginx");
    assertThat(spec.get("cluster").asString()).isEqualTo("prod-1");
    assertThat(spec.get("class").asString()).isEqualTo("shared");
    assertThat(spec.get("attachment").get("mode").asString()).isEqualTo("autocreate");
    assertThat(spec.get("attachment").get("type").asString()).isEqualTo("public");
    assertThat(spec.get("attachment").get("bandwidth").get("sizeMbit").asInt()).isEqualTo(5);
    JsonNode listener = spec.get("listeners").get(0);
    assertThat(listener.get("id").asString()).isEqualTo("TCP:80");
    assertThat(listener.get("nodePort").asInt()).isEqualTo(31080);
    assertThat(listener.get("healthCheck").get("path").asString()).isEqualTo("/healthz");
    assertThat(Cli.texts(spec.get("backends"), "nodeName")).containsExactly("node-a", "node-b");
    assertThat(spec.get("trafficPolicy").asString()).isEqualTo("Local");
    assertThat(spec.get("passThrough").asString()).isEqualTo("onlyLocal");
    assertThat(spec.get("ipMode").asString()).isEqualTo("Proxy");
  }

  @Test
  void readsTheServiceFromStandardInput() throws IOException {
    String yaml = Files.readString(Path.of(fixture("nginx-service-allocated.yaml")), StandardCharsets.UTF_8);
    Cli.Result r = Cli.runWithStdin(yaml, "validate", "-f", "-");
    assertThat(r.code()).isZero();
    assertThat(r.lines().get(0)).isEqualTo("Service default/nginx is valid");
  }

  @Test
  void readsJsonManifestsAndKeepsTheirNamespaceAndUid() {
    Cli.Result r = run("validate", "-f", fixture("inner-service.json"));
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("Service shop/api is valid")
        .contains("auto-create inner load balancer \"api-lb\"")
        .contains("TCP:8080 (port http) -> nodePort 30808, LEAST_CONNECTIONS")
        .contains("UDP:53 (port dns) -> nodePort 30053")
        .contains("pass-through:   off, ipMode VIP")
        .doesNotContain("note:");
  }

  @Test
  void misspeltFieldsAreNamed() {
    Cli.Result r = run("validate", "-f", fixture("typo-service.yaml"));
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("traffic policy: Cluster")
        .contains("note: spec.externalTrafficPolicys is not a field of a Service; it is ignored (check its"
            + " spelling)")
        .contains("note: spec.ports[0].nodeport is not a field of a Service");
  }

  @Test
  void misspeltAnnotationKeyIsAnErrorWithTheKeyItWasMeantAs() {
    Cli.Result r = run("validate", "-f", fixture("misspelt-key-service.yaml"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.lines()).containsSequence(
        "Service default/typo is invalid: 1 problem",
        "  - key:   kubernetes.io/elb.autocreat");
    assertThat(r.out())
        .contains("    rule:  unknown annotation; did you mean kubernetes.io/elb.autocreate? lbkit ignores this key:"
            + " rename it, or remove it")
        .doesNotContain("inner load balancer");
  }

  @Test
  void misspeltAnnotationKeyIsListedWithTheOtherProblemsInJson() {
    Cli.Result r = run("validate", "-f", fixture("misspelt-key-service.yaml"), "-o", "json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = r.json();
    assertThat(j.get("valid").asBoolean()).isFalse();
    assertThat(j.get("spec").isNull()).isTrue();
    assertThat(j.get("problems").get(0).get("key").asString()).isEqualTo("kubernetes.io/elb.autocreat");
    assertThat(j.get("problems").get(0).get("rule").asString())
        .startsWith("unknown annotation; did you mean kubernetes.io/elb.autocreate?");
  }

  @Test
  void misspeltAnnotationKeyComesWithTheTranslatorsProblems() {
    String yaml = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          annotations:
            kubernetes.io/elb.clas: performance
            kubernetes.io/elb.lb-algorithm: RANDOM
        spec:
          type: LoadBalancer
          ports:
          - port: 80
        """;
    Cli.Result r = Cli.runWithStdin(yaml, "validate", "-f", "-");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.lines()).contains("Service default/web is invalid: 2 problems",
        "  - key:   kubernetes.io/elb.clas", "  - key:   kubernetes.io/elb.lb-algorithm");
    assertThat(r.out()).contains("did you mean kubernetes.io/elb.class?");
  }
}
