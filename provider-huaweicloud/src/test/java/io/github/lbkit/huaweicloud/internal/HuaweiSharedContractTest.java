package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Huawei Cloud provider, shared class, runs the whole conformance kit against the ELB emulator. */
class HuaweiSharedContractTest extends LoadBalancerProviderContract {

  private Emulated env;
  private HuaweiCloudProvider provider;
  private HuaweiCloudProvider second;
  private EmulatorInspector inspector;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
    second = new HuaweiCloudProvider(env.config, env.clients, new CloudCalls(env.config, new FakeSleeper()));
    inspector = new EmulatorInspector(env);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** A public load balancer gets the EIP bandwidth a CCE Service names in its annotation. */
  @Override
  protected LoadBalancerSpec.Builder autoCreate(ServiceKey key, boolean publicAddress) {
    String name = "lbkit-tck-" + key.name();
    return publicAddress
        ? LoadBalancerSpec.builder(key, Attachment.AutoCreate.publicAddress(name))
            .cloudOptions(HuaweiTestOptions.eip("lbkit-tck", "traffic", 10, "PER", "5_bgp"))
        : LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner(name));
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

  /** The v2 listener takes no keepalive timeout (the provider refuses it): the change is to pool and check only. */
  @Override
  protected ListenerOptions changedListenerOptions() {
    return ListenerOptions.NONE;
  }
}
