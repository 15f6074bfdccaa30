package io.github.lbkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Settings read as given, and secrets never printed. */
class ProviderConfigTest {

  @ParameterizedTest(name = "{0} is hidden")
  @ValueSource(strings = {
      "huaweicloud.accessKey", "huaweicloud.secretKey", "huaweicloud.securityToken", "x.ak", "x.sk",
      "db.password", "cloud.credentials", "x.access_key", "x.access-key"})
  void secretsAreNeverPrinted(String key) {
    ProviderConfig config = ProviderConfig.of(key, "S3CR3T-VALUE", "huaweicloud.region", "cn-north-4");

    assertThat(config.toString()).doesNotContain("S3CR3T-VALUE").contains(key + "=****")
        .contains("huaweicloud.region=cn-north-4");
  }

  @Test
  void aMissingRequiredSettingIsNamed() {
    assertThatThrownBy(() -> ProviderConfig.empty().require("huaweicloud.region"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("huaweicloud.region is required");
  }

  @Test
  void withAddsAndRemoves() {
    ProviderConfig c = ProviderConfig.empty().with("a", "1").with("b", "2").with("a", null);

    assertThat(c.properties()).containsOnlyKeys("b");
    assertThat(c.get("b")).contains("2");
    assertThat(c.get("a", "default")).isEqualTo("default");
  }
}
