package io.github.lbkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A spec asking for what a provider lacks is refused before any cloud call, naming the key that asks. */
class CapabilitiesTest {

  private static LoadBalancerSpec spec() {
    return LoadBalancerSpec.builder(new ServiceKey("prod", "shop", "web", "uid-1"), Attachment.AutoCreate.inner("lb"))
        .listener(ListenerSpec.tcp(80, 30080))
        .listener(new ListenerSpec("dns", Protocol.UDP, 53, 30053, 53, ListenerOptions.NONE, PoolSpec.DEFAULT, null))
        .passThrough(PassThrough.ON)
        .build();
  }

  @Test
  void everyMissingFeatureIsAProblemNamingItsKey() {
    Capabilities caps = Capabilities.of(Feature.SHARED_CLASS);

    assertThatThrownBy(() -> caps.check(spec(), "tiny"))
        .isInstanceOfSatisfying(InvalidServiceException.class, e -> {
          assertThat(e.service()).isEqualTo("shop/web");
          assertThat(e.problems())
              .extracting(Problem::key)
              .containsExactlyInAnyOrder(Feature.UDP.key(), Feature.MIXED_PROTOCOL.key(), Feature.PASS_THROUGH.key());
          assertThat(e.problems()).allSatisfy(p -> assertThat(p.rule()).contains("provider tiny does not support"));
        });
  }

  @Test
  void aProviderWithEveryFeatureAcceptsTheSpec() {
    assertThatCode(() -> Capabilities.all().check(spec(), "full")).doesNotThrowAnyException();
    assertThat(spec().requiredFeatures())
        .containsExactlyInAnyOrder(Feature.SHARED_CLASS, Feature.UDP, Feature.MIXED_PROTOCOL, Feature.PASS_THROUGH);
  }

  @Test
  void emptyCapabilitiesSupportNothing() {
    assertThat(Capabilities.of().supports(Feature.SHARED_CLASS)).isFalse();
    assertThat(new Capabilities(java.util.Set.copyOf(List.of(Feature.UDP))).supports(Feature.UDP)).isTrue();
  }
}
