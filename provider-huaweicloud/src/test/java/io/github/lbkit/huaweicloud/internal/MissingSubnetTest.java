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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A Service whose members need a subnet, with none on the Service nor in the configuration. */
class MissingSubnetTest {

  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);

  private Emulated env;
  private HuaweiCloudProvider provider;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static LoadBalancerSpec spec(LoadBalancerClass cls, @Nullable String vipSubnet) {
    ServiceKey key = new ServiceKey("c1", "default", "web-" + cls, "uid-web-" + cls);
    Attachment.AutoCreate a = Attachment.AutoCreate.inner("lb-web");
    return LoadBalancerSpec.builder(key, a).loadBalancerClass(cls)
        .cloudOptions(HuaweiTestOptions.dedicated(
            cls == LoadBalancerClass.DEDICATED ? List.of(Emulated.AZ) : List.of(),
            cls == LoadBalancerClass.DEDICATED ? Emulated.L4_FLAVOR : null, null, vipSubnet, null))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT,
            TCP_CHECK))
        .backends(List.of(Backend.node("node-1", "192.168.0.101")))
        .build();
  }

  private static void namesBothSettings(Throwable t) {
    assertThat(t).isInstanceOfSatisfying(InvalidServiceException.class, e -> assertThat(e.problems())
        .anySatisfy(p -> {
          assertThat(p.key()).isEqualTo("kubernetes.io/elb.subnet-id");
          assertThat(p.rule()).contains(HuaweiCloudConfig.KEY_SUBNET_ID).doesNotContain("subnet-id in the provider");
        }));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void withoutAVipSubnetTheRefusalNamesTheAnnotationAndTheSettingKey(LoadBalancerClass cls) {
    assertThatThrownBy(() -> provider.ensure(spec(cls, null))).satisfies(MissingSubnetTest::namesBothSettings);
    assertThat(env.emulator.loadBalancers()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void withAVipSubnetButNodeMembersTheRefusalComesBeforeAnyCall(LoadBalancerClass cls) {
    env.emulator.clearRequests();
    assertThatThrownBy(() -> provider.ensure(spec(cls, Emulated.NEUTRON_SUBNET)))
        .satisfies(MissingSubnetTest::namesBothSettings);
    assertThat(env.emulator.requests()).as("no call").isEmpty();
    assertThat(env.emulator.loadBalancers()).isEmpty();
    assertThatThrownBy(() -> provider.updateBackends(spec(cls, Emulated.NEUTRON_SUBNET)))
        .satisfies(MissingSubnetTest::namesBothSettings);
    assertThat(env.emulator.requests()).as("no call").isEmpty();
  }
}
