package io.github.lbkit.cli;

import static io.github.lbkit.cli.Cli.fixture;
import static io.github.lbkit.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code lbkit plan}: the planner's operations and the fake provider's journal. */
class PlanCommandTest {

  @Test
  void seedServicePlansLoadBalancerEipBindListenerPoolMonitorMembersInOrder() {
    Cli.Result r = run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"));
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.lines()).containsSequence(
        "Plan for Service default/nginx from an empty cloud: 7 operations",
        "  1. create load balancer \"james\" (shared, public)",
        "  2. create EIP 5_bgp with 5 Mbit/s bandwidth \"cce-bandwidth\" (charged by bandwidth, PER)",
        "  3. bind the new EIP to the load balancer",
        "  4. create listener TCP:80",
        "  5. create pool of TCP:80 (TCP, ROUND_ROBIN)",
        "  6. create health monitor of TCP:80 (HTTP /healthz on port 32080, every 5 s, timeout 10 s, 3 retries)",
        "  7. add 2 members to the pool of TCP:80: 192.168.0.10:31080, 192.168.0.11:31080");
    assertThat(r.out()).doesNotContain("no nodes given");
  }

  @Test
  void planAsJsonNamesEveryOperationWithStableFields() {
    Cli.Result r = run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"),
        "-o", "json");
    assertThat(r.code()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("service").asString()).isEqualTo("default/nginx");
    assertThat(j.get("source").asString()).isEqualTo("planner");
    JsonNode ops = j.get("operations");
    assertThat(Cli.texts(ops, "operation")).containsExactly(
        "create-load-balancer", "create-eip", "bind-eip", "create-listener", "create-pool", "create-monitor",
        "add-members");
    assertThat(Cli.texts(ops, "step")).containsExactly("1", "2", "3", "4", "5", "6", "7");
    assertThat(ops.get(0).get("name").asString()).isEqualTo("james");
    assertThat(ops.get(2).get("eipId").isNull()).isTrue();
    assertThat(ops.get(3).get("listener").asString()).isEqualTo("TCP:80");
    assertThat(ops.get(3).get("port").asInt()).isEqualTo(80);
    assertThat(ops.get(6).get("members").get(0).asString()).isEqualTo("192.168.0.10:31080");
    assertThat(ops.get(6).get("text").asString()).startsWith("add 2 members");
  }

  @Test
  void withoutNodesThePlanHasNoMembersAndSaysSo() {
    Cli.Result r = run("plan", "-f", fixture("nginx-service-allocated.yaml"));
    assertThat(r.code()).isZero();
    assertThat(r.lines().get(0)).isEqualTo("Plan for Service default/nginx from an empty cloud: 6 operations");
    assertThat(r.out()).doesNotContain("add ").contains("note: no nodes given (--nodes): the pools get no members");
  }

  @Test
  void nodeDocumentsAndANodeListGiveTheSameMembers() {
    Cli.Result list = run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"));
    Cli.Result docs =
        run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes-documents.yaml"));
    assertThat(docs.code()).isZero();
    assertThat(docs.out()).isEqualTo(list.out());
  }

  @Test
  void twoPortsGiveTwoListenerChainsWithoutAnEipForAnInnerLoadBalancer() {
    Cli.Result r = run("plan", "-f", fixture("inner-service.json"), "--nodes", fixture("nodes.yaml"), "-o", "json");
    assertThat(r.code()).isZero();
    JsonNode ops = r.json().get("operations");
    assertThat(Cli.texts(ops, "operation")).containsExactly(
        "create-load-balancer",
        "create-listener", "create-pool", "create-monitor", "add-members",
        "create-listener", "create-pool", "create-monitor", "add-members");
    assertThat(Cli.texts(ops, "text")).contains("create listener TCP:8080", "create listener UDP:53");
  }

  @Test
  void fakeProviderPrintsItsJournalAndTheResult() {
    Cli.Result r = run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"),
        "--provider", "fake");
    assertThat(r.code()).isZero();
    assertThat(r.lines().get(0))
        .startsWith("Calls of the fake provider's ensure of Service default/nginx on an empty fake cloud:");
    List<String> writes = r.lines().stream().filter(l -> l.matches("\\s+\\d+\\s+write\\s.*"))
        .map(l -> l.replaceAll("^\\s+\\d+\\s+write\\s+(\\S+( \\S+)*?)\\s{2,}.*$", "$1")).toList();
    assertThat(writes).containsExactly("create load balancer", "create eip", "bind eip", "create listener",
        "create pool", "create monitor", "create member", "create member");
    assertThat(r.out()).contains("ipMode Proxy").contains("written back kubernetes.io/elb.id: ");
  }

  @Test
  void fakeProviderAsJsonListsCallsAndResult() {
    Cli.Result r = run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"),
        "--provider", "fake", "-o", "json");
    assertThat(r.code()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("source").asString()).isEqualTo("fake");
    List<String> writes = new java.util.ArrayList<>();
    for (JsonNode c : j.get("calls")) {
      if (c.get("write").asBoolean()) {
        writes.add(c.get("call").asString());
      }
      assertThat(c.get("outcome").asString()).isEqualTo("OK");
    }
    assertThat(writes).containsExactly("CREATE_LOAD_BALANCER", "CREATE_EIP", "BIND_EIP", "CREATE_LISTENER",
        "CREATE_POOL", "CREATE_MONITOR", "CREATE_MEMBER", "CREATE_MEMBER");
    JsonNode result = j.get("result");
    assertThat(result.get("ingress").get(0).get("ipMode").asString()).isEqualTo("Proxy");
    assertThat(result.get("annotations").get("kubernetes.io/elb.id").asString())
        .isEqualTo(result.get("loadBalancerId").asString());
  }

  @Test
  void theFakeJournalIsTheSameOnEveryRun() {
    String[] args = {"plan", "-f", fixture("nginx-service-allocated.yaml"), "--provider", "fake", "-o", "json"};
    assertThat(run(args).out()).isEqualTo(run(args).out());
  }

  static Stream<Arguments> invalidServices() {
    return Stream.of(
        Arguments.of("planner", List.of()),
        Arguments.of("fake provider", List.of("--provider", "fake")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidServices")
  void anInvalidServiceIsNotPlannedButItsProblemsArePrinted(String name, List<String> extra) {
    List<String> args = new java.util.ArrayList<>(List.of("plan", "-f", fixture("invalid-service.yaml")));
    args.addAll(extra);
    Cli.Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("plan: Service web/shop is invalid (2 problems); fix it and plan again:")
        .contains("  - key:   kubernetes.io/elb.class").doesNotContain("create load balancer");
  }

  @Test
  void anInvalidServiceAsJsonHasProblemsAndNoOperations() {
    Cli.Result r = run("plan", "-f", fixture("invalid-service.yaml"), "-o", "json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("valid").asBoolean()).isFalse();
    assertThat(r.json().get("problems").size()).isEqualTo(2);
    assertThat(r.json().has("operations")).isFalse();
  }

  @Test
  void anExistingLoadBalancerCannotBePlannedFromAnEmptyCloud() {
    Cli.Result r = run("plan", "-f", fixture("existing-service.yaml"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("plan default/legacy: the Service attaches to the existing load balancer"
        + " 2f0e6c1a-1111-4a2b-9c3d-4e5f6a7b8c9d (kubernetes.io/elb.id)");
  }

  @Test
  void nodesThatMayNotBeBackendsAreSaidSo() {
    Cli.Result r = run("plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes",
        fixture("nodes-excluded.yaml"));
    assertThat(r.code()).isZero();
    assertThat(r.out()).doesNotContain("add ").contains("note: the 1 node given may not be a backend");
  }

  @Test
  void whatTheFakeProviderCannotDoIsAProblemBeforeAnyCall() {
    Cli.Result planner = run("plan", "-f", fixture("source-ranges-service.yaml"));
    assertThat(planner.code()).isZero();
    Cli.Result fake = run("plan", "-f", fixture("source-ranges-service.yaml"), "--provider", "fake");
    assertThat(fake.code()).isEqualTo(1);
    assertThat(fake.out()).contains("which provider fake does not support").doesNotContain("create load balancer");
  }

  @Test
  void anExistingLoadBalancerAsJsonCarriesTheError() {
    Cli.Result r = run("plan", "-f", fixture("existing-service.yaml"), "-o", "json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("valid").asBoolean()).isTrue();
    assertThat(r.json().get("error").asString()).startsWith("plan default/legacy: the Service attaches to the"
        + " existing load balancer");
    assertThat(r.json().has("operations")).isFalse();
  }

  @Test
  void misspeltAnnotationKeyPlansNothing() {
    Cli.Result r = run("plan", "-f", fixture("misspelt-key-service.yaml"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("kubernetes.io/elb.autocreat")
        .contains("did you mean kubernetes.io/elb.autocreate?")
        .doesNotContain("create load balancer");
  }
}
