package io.github.lbkit.fake;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import org.junit.jupiter.api.BeforeEach;

/** The fake provider runs the whole conformance kit. */
class FakeProviderContractTest extends LoadBalancerProviderContract {

  private FakeLoadBalancerProvider provider;
  private FakeInspector inspector;

  @BeforeEach
  void setUp() {
    FakeCloud cloud = FakeCloud.builder().seed(42).build();
    provider = FakeLoadBalancerProvider.builder(cloud).maxAttempts(8).build();
    inspector = new FakeInspector(cloud);
  }

  @Override
  protected LoadBalancerProvider provider() {
    return provider;
  }

  @Override
  protected CloudInspector inspector() {
    return inspector;
  }
}
