package io.github.lbkit.huaweicloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Feature;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.ServiceKey;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

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
      assertThat(p.capabilities().supports(Feature.DEDICATED_CLASS)).isTrue();
      assertThat(p.capabilities().supports(Feature.PUBLIC_ADDRESS)).isTrue();
      assertThat(p.capabilities().supports(Feature.SOURCE_RANGES)).isFalse();
      assertThat(p.toString()).doesNotContain("SK1-secret");
    }
  }

  @Test
  void providerLogicIsNotYetImplementedAndSaysSo() {
    try (LoadBalancerProvider p = new HuaweiCloudProviderFactory().create(CONFIG)) {
      ServiceKey key = new ServiceKey("c1", "default", "web", "uid-1");
      assertThatThrownBy(() -> p.find(key, LoadBalancerHints.NONE))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageStartingWith("find: not yet implemented");
      assertThatThrownBy(() -> p.delete(key, LoadBalancerHints.NONE))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageStartingWith("delete: not yet implemented");
    }
  }

  @Test
  void anIncompleteConfigurationNamesTheMissingKey() {
    assertThatThrownBy(() -> new HuaweiCloudProviderFactory().create(CONFIG.with("huaweicloud.projectId", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("huaweicloud.projectId is required");
  }
}
