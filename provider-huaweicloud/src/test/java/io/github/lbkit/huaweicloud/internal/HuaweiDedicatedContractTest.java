package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Huawei Cloud provider, dedicated class (ELB v3), runs the whole conformance kit against the emulator. */
class HuaweiDedicatedContractTest extends LoadBalancerProviderContract {

  private Emulated env;
  private HuaweiCloudProvider provider;
  private HuaweiCloudProvider second;
  private EmulatorInspector inspector;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
    second = new HuaweiCloudProvider(env.config, env.clients, new CloudCalls(env.config, new FakeSleeper()));
    inspector = new EmulatorInspector(env, true);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Override
  protected LoadBalancerSpec.Builder autoCreate(ServiceKey key, boolean publicAddress) {
    String name = "lbkit-tck-" + key.name();
    Attachment.AutoCreate a =
        publicAddress ? Attachment.AutoCreate.publicAddress(name) : Attachment.AutoCreate.inner(name);
    CloudOptions placement = HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, null, null, null);
    return LoadBalancerSpec.builder(key, a).loadBalancerClass(LoadBalancerClass.DEDICATED)
        .cloudOptions(publicAddress
            ? HuaweiTestOptions.plus(HuaweiTestOptions.eip("lbkit-tck", "traffic", 10, "PER", "5_bgp"), placement)
            : placement);
  }

  @Override
  protected LoadBalancerSpec.Builder attach(ServiceKey key, String loadBalancerId) {
    return super.attach(key, loadBalancerId).loadBalancerClass(LoadBalancerClass.DEDICATED);
  }

  @Override
  protected LoadBalancerProvider provider() {
    return provider;
  }

  @Override
  protected Optional<LoadBalancerProvider> secondProviderOnTheSameCloud() {
    return Optional.of(second);
  }

  @Override
  protected CloudInspector inspector() {
    return inspector;
  }
}
