package io.github.lbkit.compat;

import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/** A provider (here the fake one) runs the whole conformance kit on the host's own JUnit. */
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
