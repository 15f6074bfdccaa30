package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VPC's subnet list behind member placement: read once, cached, read again when a node needs it. */
class VpcSubnetCacheTest {

  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);

  private Emulated env;
  private HuaweiCloudProvider provider;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private String subnetOf(String address) {
    return env.emulator.members().values().stream().filter(m -> m.get("address").asText().equals(address))
        .map(m -> m.path("subnet_cidr_id").asText()).findFirst().orElseThrow();
  }

  /** A subnet created after the list was read is found when a node needs it, at most once per 30 seconds. */
  @Test
  void aNewSubnetIsFoundWhenANodeNeedsItAfterTheMissRefreshInterval() {
    AtomicLong now = new AtomicLong();
    provider.vpc().nanoTime(now::get);
    env.emulator.addSubnet("net-pool2", "sub-pool2", "vpc-1", "10.1.0.0/16");
    ServiceKey key = new ServiceKey("c1", "default", "refresh", "uid-refresh");
    LoadBalancerSpec s = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("lb-refresh"))
        .cloudOptions(HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, Emulated.L7_FLAVOR,
            null, null))
        .loadBalancerClass(LoadBalancerClass.DEDICATED)
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT,
            TCP_CHECK))
        .backends(List.of(Backend.node("b", "10.1.3.4"))).build();
    provider.ensure(s);
    env.emulator.addSubnet("net-pool3", "sub-pool3", "vpc-1", "10.3.0.0/16");
    LoadBalancerSpec more = s.toBuilder().backends(List.of(Backend.node("b", "10.1.3.4"),
        Backend.node("new", "10.3.0.5"))).build();

    now.addAndGet(VpcApi.SUBNETS_MISS_REFRESH.toNanos() - 1);
    assertThatThrownBy(() -> provider.updateBackends(more)).isInstanceOf(InvalidServiceException.class);
    assertThat(env.emulator.count("GET", ".*/v1/.*/subnets")).as("no re-read within the interval").isEqualTo(1);

    now.addAndGet(2);
    provider.updateBackends(more);
    assertThat(subnetOf("10.3.0.5")).isEqualTo("sub-pool3");
    assertThat(env.emulator.count("GET", ".*/v1/.*/subnets")).isEqualTo(2);
  }
}
