package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.AclSpec;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.IpFamily;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dedicated class's pure translation: what it refuses before any call, and its listener records. */
class DedicatedMappingTest {

  private static final ServiceKey KEY = new ServiceKey("c1", "default", "web", "uid-1");
  private static final Attachment.AutoCreate ZONED = Attachment.AutoCreate.inner("lb");

  private static LoadBalancerSpec.Builder dedicated() {
    return LoadBalancerSpec.builder(KEY, ZONED).loadBalancerClass(LoadBalancerClass.DEDICATED)
        .cloudOptions(HuaweiTestOptions.dedicated(List.of("az1"), null, null, null, null))
        .listener(ListenerSpec.tcp(80, 30080));
  }

  private static ListenerSpec https(ListenerOptions o, PoolSpec pool) {
    return new ListenerSpec("", Protocol.HTTPS, 443, 30443, 443, o, pool, null);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(Named.of("no availability zone", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.inner("lb")).loadBalancerClass(
                LoadBalancerClass.DEDICATED)), "kubernetes.io/elb.autocreate"),
        Arguments.of(Named.of("HTTPS without a certificate", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.listener(https(ListenerOptions.NONE, PoolSpec.DEFAULT))), "kubernetes.io/elb.cert-id"),
        Arguments.of(Named.of("source-IP stickiness on HTTPS", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.listener(https(new ListenerOptions(null, null, null, "c", List.of(), null, InsertHeaders.NONE, null),
                new PoolSpec(Algorithm.ROUND_ROBIN, new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 5))))),
            "kubernetes.io/elb.session-affinity-mode"),
        Arguments.of(Named.of("two ACL groups", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.acl(new AclSpec(List.of("g1", "g2"), true, AclSpec.Type.WHITE))), "kubernetes.io/elb.acl-id"),
        Arguments.of(Named.of("IPv6 without a network", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.ipFamilies(List.of(IpFamily.IPV6))), "spec.ipFamilies"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesWhatV3CannotDoNamingTheKey(UnaryOperator<LoadBalancerSpec.Builder> change, String key) {
    LoadBalancerSpec spec = change.apply(dedicated()).build();
    assertThatThrownBy(() -> DedicatedMapping.validate(spec)).isInstanceOfSatisfying(InvalidServiceException.class,
        e -> assertThat(e.problems()).extracting(p -> p.key()).contains(key));
  }

  @Test
  void acceptsAPlainDedicatedSpec() {
    DedicatedMapping.validate(dedicated().build());
  }

  static Stream<Arguments> dedicatedOnly() {
    return Stream.of(
        Arguments.of(Named.of("pods", (UnaryOperator<LoadBalancerSpec.Builder>) b -> b.backendMode(BackendMode.PODS)),
            "spec.allocateLoadBalancerNodePorts"),
        Arguments.of(Named.of("source ranges", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.sourceRanges(List.of("10.0.0.0/8"))), "spec.loadBalancerSourceRanges"),
        Arguments.of(Named.of("ACL", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.acl(new AclSpec(List.of("g1"), true, AclSpec.Type.WHITE))), "kubernetes.io/elb.acl-id"),
        Arguments.of(Named.of("tags", (UnaryOperator<LoadBalancerSpec.Builder>) b -> b.tags(Map.of("a", "b"))),
            "kubernetes.io/elb.tags"),
        Arguments.of(Named.of("transparent client IP", (UnaryOperator<LoadBalancerSpec.Builder>) b ->
            b.listeners(List.of(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, new ListenerOptions(null, null,
                null, null, List.of(), null, InsertHeaders.NONE, true), PoolSpec.DEFAULT, null)))),
            "kubernetes.io/elb.transparent-client-ip"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dedicatedOnly")
  void refusesDedicatedOnlyFeaturesOnTheSharedClass(UnaryOperator<LoadBalancerSpec.Builder> change, String key) {
    LoadBalancerSpec spec = change.apply(LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.inner("lb"))
        .listener(ListenerSpec.tcp(80, 30080))).build();
    assertThatThrownBy(() -> DedicatedMapping.refuseOnShared(spec))
        .isInstanceOfSatisfying(InvalidServiceException.class,
            e -> assertThat(e.problems()).extracting(p -> p.key()).containsExactly(key))
        .hasMessageContaining("performance");
  }

  @Test
  void listenerDescriptionsKeepTheMarkerAndRecordPassThrough() {
    OwnerMarker m = OwnerMarker.of(KEY);
    String on = DedicatedMapping.listenerDescription(m, PassThrough.ONLY_LOCAL);
    assertThat(m.matches(on)).isTrue();
    assertThat(DedicatedMapping.recordedPassThrough(on)).isTrue();
    assertThat(DedicatedMapping.recordedPassThrough(DedicatedMapping.listenerDescription(m, PassThrough.OFF)))
        .isFalse();
    assertThat(DedicatedMapping.recordedPassThrough(m.value())).as("an older record").isNull();
    assertThat(DedicatedMapping.recordedPassThrough("pass-through=true")).as("not a marker").isNull();
    assertThat(DedicatedMapping.listenerDescriptions(m)).contains(on, m.value());
  }

  @Test
  void healthChecksReportWhatTheSpecLeavesUnsetAsTheSpecHasIt() {
    DedicatedElbApi.MonitorSettings cloud =
        new DedicatedElbApi.MonitorSettings("HTTP", 5, 3, 2, 3, null, "/", "200");
    HealthCheck desired = new HealthCheck(HealthCheck.Type.HTTP, 5, 3, 2, null, null, null, null);
    assertThat(DedicatedMapping.healthCheckOf(cloud, desired)).isEqualTo(desired);
    HealthCheck withDown = new HealthCheck(HealthCheck.Type.HTTP, 5, 3, 2, 5, null, null, null);
    assertThat(DedicatedMapping.healthCheckOf(cloud, withDown)).isNotEqualTo(withDown);
  }
}
