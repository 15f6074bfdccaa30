package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceRulesTest {

  static final ServiceRules UNCLASSED = new ServiceRules(null);

  static Service base() {
    return new ServiceBuilder()
        .withNewMetadata().withNamespace("default").withName("web").withUid("u1")
        .addToAnnotations("a", "1").addToLabels("app", "web").endMetadata()
        .withNewSpec().withType("LoadBalancer")
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080)
        .withTargetPort(new IntOrString(8080)).endPort()
        .addToSelector("app", "web")
        .endSpec().build();
  }

  static Arguments change(String name, boolean expected, UnaryOperator<ServiceBuilder> edit) {
    return Arguments.of(name, expected, edit);
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        change("nothing", false, b -> b),
        change("type away from LoadBalancer", true, b -> b.editSpec().withType("ClusterIP").endSpec()),
        change("source ranges", true, b -> b.editSpec().withLoadBalancerSourceRanges("10.0.0.0/8").endSpec()),
        change("port number", true, b -> b.editSpec().editFirstPort().withPort(81).endPort().endSpec()),
        change("node port", true, b -> b.editSpec().editFirstPort().withNodePort(30081).endPort().endSpec()),
        change("target port", true,
            b -> b.editSpec().editFirstPort().withTargetPort(new IntOrString(9090)).endPort().endSpec()),
        change("port name", true, b -> b.editSpec().editFirstPort().withName("web").endPort().endSpec()),
        change("app protocol", true, b -> b.editSpec().editFirstPort().withAppProtocol("h2c").endPort().endSpec()),
        change("port added", true,
            b -> b.editSpec().addNewPort().withName("https").withPort(443).withNodePort(30443).endPort().endSpec()),
        change("session affinity", true, b -> b.editSpec().withSessionAffinity("ClientIP").endSpec()),
        change("loadBalancerIP", true, b -> b.editSpec().withLoadBalancerIP("192.0.2.9").endSpec()),
        change("external IPs", true, b -> b.editSpec().withExternalIPs("192.0.2.7").endSpec()),
        change("an annotation", true, b -> b.editMetadata().addToAnnotations("b", "2").endMetadata()),
        change("uid", true, b -> b.editMetadata().withUid("u2").endMetadata()),
        change("external traffic policy", true, b -> b.editSpec().withExternalTrafficPolicy("Local").endSpec()),
        change("health check node port", true, b -> b.editSpec().withHealthCheckNodePort(32000).endSpec()),
        change("number of ip families", true, b -> b.editSpec().withIpFamilies("IPv4", "IPv6").endSpec()),
        change("labels are ignored", false, b -> b.editMetadata().addToLabels("tier", "front").endMetadata()),
        change("selector is ignored", false, b -> b.editSpec().addToSelector("v", "2").endSpec()),
        change("finalizers are ignored", false,
            b -> b.editMetadata().addToFinalizers(ServiceRules.FINALIZER).endMetadata()),
        change("status is ignored", false,
            b -> b.withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.0.2.1").endIngress()
                .endLoadBalancer().endStatus()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void needsUpdate(String name, boolean expected, UnaryOperator<ServiceBuilder> edit) {
    Service before = base();
    Service after = edit.apply(new ServiceBuilder(base())).build();

    assertThat(UNCLASSED.needsUpdate(before, after)).isEqualTo(expected);
  }

  static Stream<Arguments> wants() {
    return Stream.of(
        Arguments.of("unclassed controller, unclassed LoadBalancer", null, "LoadBalancer", null, true),
        Arguments.of("unclassed controller, classed LoadBalancer", null, "LoadBalancer", "x.io/lb", false),
        Arguments.of("unclassed controller, NodePort", null, "NodePort", null, false),
        Arguments.of("classed controller, its class", "x.io/lb", "LoadBalancer", "x.io/lb", true),
        Arguments.of("classed controller, no class", "x.io/lb", "LoadBalancer", null, false),
        Arguments.of("classed controller, other class", "x.io/lb", "LoadBalancer", "y.io/lb", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wants")
  void wantsLoadBalancer(String name, @Nullable String served, String type, @Nullable String lbClass, boolean want) {
    Service svc = new ServiceBuilder(base()).editSpec().withType(type).withLoadBalancerClass(lbClass).endSpec().build();

    assertThat(new ServiceRules(served).wantsLoadBalancer(svc)).isEqualTo(want);
  }

  static Stream<Arguments> cleanups() {
    return Stream.of(
        Arguments.of("no finalizer, deleted", List.of(), true, "LoadBalancer", false),
        Arguments.of("finalizer, deleted", List.of(ServiceRules.FINALIZER), true, "LoadBalancer", true),
        Arguments.of("finalizer, type changed", List.of(ServiceRules.FINALIZER), false, "ClusterIP", true),
        Arguments.of("finalizer, still a LoadBalancer", List.of(ServiceRules.FINALIZER), false, "LoadBalancer", false),
        Arguments.of("other finalizer only, type changed", List.of("example.com/x"), false, "ClusterIP", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cleanups")
  void needsCleanup(String name, List<String> finalizers, boolean deleted, String type, boolean expected) {
    Service svc = new ServiceBuilder(base())
        .editMetadata().withFinalizers(finalizers).withDeletionTimestamp(deleted ? "2026-01-01T00:00:00Z" : null)
        .endMetadata()
        .editSpec().withType(type).endSpec().build();

    assertThat(UNCLASSED.needsCleanup(svc)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void everyClassGetsAFinalizerOfItsOwnThatIsAValidQualifiedName() {
    // Kubernetes validates finalizers as qualified names: an optional DNS prefix, then at most 63 characters of
    // alphanumerics, '-', '_' or '.', beginning and ending with an alphanumeric.
    java.util.regex.Pattern qualified =
        java.util.regex.Pattern.compile("lbkit\\.io/[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?");
    List<String> classes = List.of("example.com/a", "example.com/b", "example.com.a", "A/B", "x",
        "very-long-prefix.example.internal.company.com/" + "k".repeat(63), "///");
    java.util.Set<String> finalizers = new java.util.HashSet<>();
    for (String c : classes) {
      String f = ServiceRules.classFinalizer(c);
      assertThat(f).as(c).matches(qualified);
      assertThat(new ServiceRules(c).finalizer()).isEqualTo(f).isNotEqualTo(ServiceRules.FINALIZER);
      finalizers.add(f);
    }
    assertThat(finalizers).hasSameSizeAs(classes);
    assertThat(ServiceRules.classFinalizer("example.com/a")).isEqualTo(ServiceRules.classFinalizer("example.com/a"));
    assertThat(UNCLASSED.finalizer()).isEqualTo(ServiceRules.FINALIZER);
  }
}
