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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The configured VPC ({@code huaweicloud.vpcId}) against the subnet a Service's load balancer would use. */
class SubnetVpcTest {

  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);

  private static LoadBalancerSpec spec(LoadBalancerClass cls) {
    ServiceKey key = new ServiceKey("c1", "default", "web-" + cls, "uid-web-" + cls);
    Attachment.AutoCreate a = Attachment.AutoCreate.inner("lb-web");
    return LoadBalancerSpec.builder(key, a).loadBalancerClass(cls)
        .cloudOptions(HuaweiTestOptions.dedicated(
            cls == LoadBalancerClass.DEDICATED ? List.of(Emulated.AZ) : List.of(),
            cls == LoadBalancerClass.DEDICATED ? Emulated.L4_FLAVOR : null, null, null, null))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT,
            TCP_CHECK))
        .backends(List.of(Backend.node("node-1", "192.168.0.101")))
        .subnetId(Emulated.VPC_SUBNET)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void aSubnetOutsideTheConfiguredVpcIsRefusedBeforeAnyWrite(LoadBalancerClass cls) {
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).vpcId("vpc-other"))) {
      HuaweiCloudProvider provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
      assertThatThrownBy(() -> provider.ensure(spec(cls))).isInstanceOfSatisfying(InvalidServiceException.class,
          e -> assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kubernetes.io/elb.subnet-id");
            assertThat(p.value()).isEqualTo(Emulated.VPC_SUBNET);
            assertThat(p.rule()).contains("vpc-1").contains("vpc-other").contains(HuaweiCloudConfig.KEY_VPC_ID);
          }));
      assertThat(env.emulator.requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
      assertThat(env.emulator.loadBalancers()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadBalancerClass.class)
  void aSubnetInTheConfiguredVpcIsUsed(LoadBalancerClass cls) {
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).vpcId("vpc-1"))) {
      HuaweiCloudProvider provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
      provider.ensure(spec(cls));
      assertThat(env.emulator.loadBalancers()).hasSize(1);
      assertThat(env.emulator.count("GET", ".*/subnets/.*")).as("one subnet read, cached").isEqualTo(1);
    }
  }
}
