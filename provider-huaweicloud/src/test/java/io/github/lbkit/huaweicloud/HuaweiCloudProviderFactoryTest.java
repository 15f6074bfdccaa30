package io.github.lbkit.huaweicloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HuaweiCloudProviderFactoryTest {

  private static final ProviderConfig CONFIG =
      ProviderConfig.of(
          "huaweicloud.region", "cn-north-4",
          "huaweicloud.projectId", "p1",
          "huaweicloud.accessKey", "AK1",
          "huaweicloud.secretKey", "SK1-secret",
          "huaweicloud.endpoint.elb", "http://127.0.0.1:9",
          "huaweicloud.endpoint.vpc", "http://127.0.0.1:9");

  @Test
  void isRegisteredForServiceLoaderWithItsNameAndPriority() {
    assertThat(ServiceLoader.load(LoadBalancerProviderFactory.class).stream().map(ServiceLoader.Provider::type))
        .contains(HuaweiCloudProviderFactory.class);
    LoadBalancerProviderFactory f = LoadBalancerProviders.discover().byName("huaweicloud").orElseThrow();
    assertThat(f).isInstanceOf(HuaweiCloudProviderFactory.class);
    assertThat(f.priority()).isEqualTo(100);
  }

  @Test
  void createsAProviderWithRealNameAndCapabilities() {
    try (LoadBalancerProvider p = new HuaweiCloudProviderFactory().create(CONFIG)) {
      assertThat(p.name()).isEqualTo("huaweicloud");
      assertThat(p.capabilities().supports(Feature.SHARED_CLASS)).isTrue();
      assertThat(p.capabilities().supports(Feature.PUBLIC_ADDRESS)).isTrue();
      assertThat(p.capabilities().supports(Feature.CUSTOM_EIP)).isTrue();
      assertThat(p.toString()).doesNotContain("SK1-secret");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Feature.class,
      names = {"DEDICATED_CLASS", "IPV6", "SOURCE_RANGES", "ACL", "POD_BACKENDS", "TAGS", "TRANSPARENT_CLIENT_IP"})
  void advertisesTheDedicatedClassAndWhatOnlyItServes(Feature feature) {
    try (LoadBalancerProvider p = new HuaweiCloudProviderFactory().create(CONFIG)) {
      assertThat(p.capabilities().supports(feature)).isTrue();
    }
  }

  @Test
  void aDedicatedSpecWithoutAvailabilityZonesIsRefusedBeforeAnyCall() {
    // The endpoints point at a closed port: reaching the cloud would fail differently.
    try (LoadBalancerProvider p = new HuaweiCloudProviderFactory().create(CONFIG)) {
      ServiceKey key = new ServiceKey("c1", "default", "web", "uid-1");
      LoadBalancerSpec spec =
          LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("web"))
              .loadBalancerClass(LoadBalancerClass.DEDICATED)
              .listener(ListenerSpec.tcp(80, 30080))
              .backends(List.of(Backend.node("n1", "10.0.0.1")))
              .build();
      assertThatThrownBy(() -> p.ensure(spec))
          .isInstanceOfSatisfying(
              InvalidServiceException.class,
              e -> assertThat(e.problems())
                  .anySatisfy(pr -> assertThat(pr.key()).isEqualTo("kubernetes.io/elb.autocreate")))
          .hasMessageContaining("available_zone");
    }
  }

  @Test
  void aSharedSpecAskingForADedicatedOnlyFeatureIsRefusedBeforeAnyCall() {
    // The endpoints point at a closed port: reaching the cloud would fail differently.
    try (LoadBalancerProvider p = new HuaweiCloudProviderFactory().create(CONFIG)) {
      ServiceKey key = new ServiceKey("c1", "default", "web", "uid-1");
      LoadBalancerSpec spec =
          LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("web"))
              .listener(ListenerSpec.tcp(80, 30080))
              .sourceRanges(List.of("10.0.0.0/8"))
              .tags(java.util.Map.of("team", "web"))
              .build();
      assertThatThrownBy(() -> p.ensure(spec))
          .isInstanceOfSatisfying(
              InvalidServiceException.class,
              e -> assertThat(e.problems()).extracting(pr -> pr.key())
                  .containsExactlyInAnyOrder("spec.loadBalancerSourceRanges", "kubernetes.io/elb.tags"))
          .hasMessageContaining("performance");
    }
  }

  @Test
  void anIncompleteConfigurationNamesTheMissingKey() {
    assertThatThrownBy(() -> new HuaweiCloudProviderFactory().create(CONFIG.with("huaweicloud.projectId", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("huaweicloud.projectId is required");
  }
}
