package io.github.lbkit.fake;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/** The fake provider runs the whole conformance kit. */
class FakeProviderContractTest extends LoadBalancerProviderContract {

  private FakeLoadBalancerProvider provider;
  private FakeInspector inspector;
  private FakeLoadBalancerProvider second;

  @BeforeEach
  void setUp() {
    FakeCloud cloud = FakeCloud.builder().seed(42).sleeper(FakeInspector.YIELDING).build();
    provider = FakeLoadBalancerProvider.builder(cloud).maxAttempts(8).build();
    inspector = new FakeInspector(cloud);
    second = FakeLoadBalancerProvider.builder(cloud).jitterSeed(1).build();
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
