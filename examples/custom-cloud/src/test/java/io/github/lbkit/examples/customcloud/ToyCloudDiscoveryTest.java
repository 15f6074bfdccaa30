package io.github.lbkit.examples.customcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.fake.FakeLoadBalancerProviderFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The toy cloud is found by name through ServiceLoader, next to the fake provider on the same classpath. */
class ToyCloudDiscoveryTest {

  @Test
  void bothProvidersAreDiscoveredWithoutProblems() {
    LoadBalancerProviders providers = LoadBalancerProviders.discover();
    assertThat(providers.factories()).extracting(LoadBalancerProviderFactory::name)
        .containsExactly("fake", "toycloud");
    assertThat(providers.problems()).isEmpty();
    assertThat(providers.byName("toycloud")).containsInstanceOf(ToyCloudProviderFactory.class);
  }

  /** The setting chooses by name, whatever the priorities: the fake's is lower than the toy's, and still wins. */
  @ParameterizedTest(name = "lbkit.provider={0}")
  @ValueSource(strings = {"toycloud", "fake"})
  void theNameChoosesNotThePriority(String name) {
    LoadBalancerProviders providers = LoadBalancerProviders.discover();
    assertThat(new FakeLoadBalancerProviderFactory().priority())
        .isLessThan(new ToyCloudProviderFactory().priority());
    try (LoadBalancerProvider provider = providers.create(ProviderConfig.of(ProviderConfig.PROVIDER, name))) {
      assertThat(provider.name()).isEqualTo(name);
    }
  }

  @Test
  void theDiscoveredProviderServesAServiceEndToEnd() {
    ProviderConfig config = ProviderConfig.of(ProviderConfig.PROVIDER, "toycloud");
    try (LoadBalancerProvider provider = LoadBalancerProviders.load(config)) {
      assertThat(provider).isInstanceOf(ToyCloudProvider.class);
      ServiceKey key = new ServiceKey("demo", "default", "web", "uid-web");
      LoadBalancerSpec spec = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("web"))
          .listener(ListenerSpec.tcp(80, 30080))
          .backends(List.of(Backend.node("node-1", "10.0.0.1")))
          .build();

      LoadBalancerResult result = provider.ensure(spec);
      assertThat(result.status().ingress()).singleElement()
          .satisfies(i -> assertThat(i.ip()).startsWith("192.168.0."));
      LoadBalancerHints hints = LoadBalancerHints.fromAnnotations(result.annotations());
      assertThat(provider.find(key, hints)).isPresent();

      provider.delete(key, hints);
      assertThat(provider.find(key, LoadBalancerHints.NONE)).isEmpty();
    }
  }
}
