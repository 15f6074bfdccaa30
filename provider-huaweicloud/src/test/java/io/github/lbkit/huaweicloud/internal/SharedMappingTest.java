package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SharedMappingTest {

  private static final ServiceKey KEY = new ServiceKey("c1", "default", "web", "uid-1");

  @ParameterizedTest(name = "{0}")
  @EnumSource(Protocol.class)
  void listenerProtocolsRoundTripAndPoolsSpeakTheBackendProtocol(Protocol p) {
    assertThat(SharedMapping.protocolOf(SharedMapping.listenerProtocol(p))).isEqualTo(p);
    assertThat(SharedMapping.poolProtocol(p)).isEqualTo(p.isLayer7() ? "HTTP" : p.name());
  }

  @Test
  void httpsIsTerminatedOnTheLoadBalancer() {
    assertThat(SharedMapping.listenerProtocol(Protocol.HTTPS)).isEqualTo("TERMINATED_HTTPS");
    assertThat(SharedMapping.protocolOf("QUIC")).as("a protocol lbkit does not manage").isNull();
  }

  @Test
  void theEipAliasIsAStableDigestTheCloudAcceptsAndOnlyTheServiceMatches() {
    OwnerMarker mine = OwnerMarker.of(KEY);
    OwnerMarker other = new OwnerMarker("c1", "uid-2");
    String alias = SharedMapping.eipAlias(mine.value());
    assertThat(alias).matches("[A-Za-z0-9_.-]{1,64}").isEqualTo(SharedMapping.eipAlias(mine.value()));
    assertThat(SharedMapping.eipOwner(alias, mine)).isEqualTo(mine.value());
    assertThat(mine.matches(SharedMapping.eipOwner(alias, other))).isFalse();
    assertThat(SharedMapping.eipOwner("", mine)).isNull();
    assertThat(SharedMapping.eipOwner("mine", mine)).isEqualTo("mine");
  }

  static Stream<Arguments> refused() {
    ListenerOptions noCert = ListenerOptions.NONE;
    HealthCheck https = new HealthCheck(HealthCheck.Type.HTTPS, 5, 3, 3, null, "/", null, null);
    Attachment.AutoCreate inner = Attachment.AutoCreate.inner("web");
    Attachment.AutoCreate shared = Attachment.AutoCreate.publicAddress("web");
    CloudOptions none = CloudOptions.NONE;
    return Stream.of(
        Arguments.of("HTTPS listener without a certificate", inner, none,
            new ListenerSpec("", Protocol.HTTPS, 443, 30443, 443, noCert, PoolSpec.DEFAULT, null),
            "kubernetes.io/elb.cert-id"),
        Arguments.of("HTTPS health check", inner, none,
            new ListenerSpec("", Protocol.HTTP, 80, 30080, 80, noCert, PoolSpec.DEFAULT, https),
            "kubernetes.io/elb.health-check-option"),
        Arguments.of("shared bandwidth", shared, HuaweiTestOptions.eip("bw", "bandwidth", 5, "WHOLE", "5_bgp"),
            ListenerSpec.tcp(80, 30080), "kubernetes.io/elb.autocreate"),
        Arguments.of("public without a bandwidth size", shared, none, ListenerSpec.tcp(80, 30080),
            "kubernetes.io/elb.autocreate"),
        Arguments.of("malformed bandwidth size", shared, HuaweiTestOptions.pairs(HuaweiOptions.BANDWIDTH_SIZE, "ten"),
            ListenerSpec.tcp(80, 30080), "kubernetes.io/elb.autocreate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void whatV2CannotDoIsRefusedNamingTheAnnotation(
      String name, Attachment.AutoCreate attachment, CloudOptions options, ListenerSpec listener, String key) {
    LoadBalancerSpec spec =
        LoadBalancerSpec.builder(KEY, attachment).cloudOptions(options).listener(listener).build();
    assertThatThrownBy(() -> SharedMapping.validate(spec))
        .isInstanceOfSatisfying(InvalidServiceException.class,
            e -> assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.key()).isEqualTo(key);
              assertThat(p.rule()).startsWith("ensure:");
            }));
  }

  @Test
  void listenerTimeoutsTheV2ApiCannotCarryAreRefusedNamingEachKey() {
    ListenerOptions timeouts = new ListenerOptions(100, 50, 50, null, java.util.List.of(), null,
        io.github.lbkit.api.InsertHeaders.NONE, null);
    LoadBalancerSpec spec = LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.inner("web"))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, timeouts, PoolSpec.DEFAULT, null)).build();
    assertThatThrownBy(() -> SharedMapping.validate(spec))
        .isInstanceOfSatisfying(InvalidServiceException.class, e -> assertThat(e.problems())
            .extracting(io.github.lbkit.api.Problem::key)
            .containsExactly("kubernetes.io/elb.keepalive_timeout", "kubernetes.io/elb.client_timeout",
                "kubernetes.io/elb.member_timeout"));
    LoadBalancerSpec plain = LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.inner("web"))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT, null))
        .build();
    SharedMapping.validate(plain);
    assertThat(SharedMapping.warnings(plain)).isEmpty();
  }
}
