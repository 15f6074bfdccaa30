package io.github.lbkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudOptionsTest {

  @Test
  void optionsAreValuesWhoseEqualityIgnoresOrderAndWhoseCopyIsImmutable() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("huaweicloud.bandwidth.size", "5");
    given.put("huaweicloud.eip.type", "5_bgp");
    CloudOptions a = CloudOptions.of(given);
    given.put("huaweicloud.bandwidth.size", "10");

    assertThat(a.get("huaweicloud.bandwidth.size")).as("a copy, not a view of the caller's map").isEqualTo("5");
    assertThat(a).isEqualTo(CloudOptions.NONE.with("huaweicloud.eip.type", "5_bgp")
        .with("huaweicloud.bandwidth.size", "5"));
    assertThat(a.values().keySet()).as("iteration keeps the given order")
        .containsExactly("huaweicloud.bandwidth.size", "huaweicloud.eip.type");
    assertThatThrownBy(() -> a.values().put("x.y", "z")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAbsentKeyIsNullAndNoneIsEmpty() {
    assertThat(CloudOptions.NONE.isEmpty()).isTrue();
    assertThat(CloudOptions.NONE.get("huaweicloud.bandwidth.size")).isNull();
    assertThat(CloudOptions.of(Map.of())).isSameAs(CloudOptions.NONE);
  }

  @Test
  void keysMustBeNamespacedAndValuesPresent() {
    assertThatThrownBy(() -> CloudOptions.of(Map.of("bandwidth", "5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespaced");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("huaweicloud.eip.type", null);
    assertThatThrownBy(() -> CloudOptions.of(nullValue)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leave it out");
  }

  @Test
  void aNamespaceSelectsOneProvidersOptions() {
    CloudOptions o = CloudOptions.NONE.with("huaweicloud.eip.type", "5_bgp").with("toy.size", "s")
        .with("huaweicloudx.other", "v");
    assertThat(o.namespace("huaweicloud")).containsExactly(Map.entry("huaweicloud.eip.type", "5_bgp"));
  }

  @Test
  void theSpecCarriesOptionsThroughItsBuilder() {
    LoadBalancerSpec spec = LoadBalancerSpec.builder(new ServiceKey("c1", "default", "web", "uid-1"),
        Attachment.AutoCreate.publicAddress("web")).cloudOption("toy.size", "s").build();
    assertThat(spec.cloudOptions().get("toy.size")).isEqualTo("s");
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
    assertThat(spec.requiredFeatures()).contains(Feature.PUBLIC_ADDRESS);
  }
}
