package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.CloudOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the {@code huaweicloud.*} options of a test spec, as the CCE translator writes them. */
final class HuaweiTestOptions {

  private HuaweiTestOptions() {}

  /** The options of an EIP's bandwidth and type. */
  static CloudOptions eip(String name, String chargeMode, int size, String shareType, String eipType) {
    return pairs(HuaweiOptions.BANDWIDTH_NAME, name, HuaweiOptions.BANDWIDTH_CHARGE_MODE, chargeMode,
        HuaweiOptions.BANDWIDTH_SIZE, Integer.toString(size), HuaweiOptions.BANDWIDTH_SHARE_TYPE, shareType,
        HuaweiOptions.EIP_TYPE, eipType);
  }

  /** The options of a dedicated load balancer's placement. */
  static CloudOptions dedicated(List<String> zones, @Nullable String l4, @Nullable String l7,
      @Nullable String vipSubnet, @Nullable String ipv6Network) {
    return pairs(HuaweiOptions.AVAILABILITY_ZONES, zones.isEmpty() ? null : String.join(",", zones),
        HuaweiOptions.L4_FLAVOR_NAME, l4, HuaweiOptions.L7_FLAVOR_NAME, l7,
        HuaweiOptions.VIP_SUBNET_CIDR_ID, vipSubnet, HuaweiOptions.IPV6_VIP_VIRSUBNET_ID, ipv6Network);
  }

  /** Both sets, the second winning. */
  static CloudOptions plus(CloudOptions a, CloudOptions b) {
    Map<String, String> m = new LinkedHashMap<>(a.values());
    m.putAll(b.values());
    return CloudOptions.of(m);
  }

  /** Options from key-value pairs; a null value leaves its key out (the provider's default). */
  static CloudOptions pairs(@Nullable String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put(kv[i], kv[i + 1]);
      }
    }
    return CloudOptions.of(m);
  }
}
