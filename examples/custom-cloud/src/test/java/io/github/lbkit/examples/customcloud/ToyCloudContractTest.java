package io.github.lbkit.examples.customcloud;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/** The toy cloud's provider runs the whole conformance kit, fault injection and races included. */
class ToyCloudContractTest extends LoadBalancerProviderContract {

  private ToyCloud cloud;
  private ToyCloudProvider provider;
  private ToyInspector inspector;

  @BeforeEach
  void setUp() {
    // A fresh cloud per test; the provider and the inspector look at the same one.
    cloud = new ToyCloud();
    provider = new ToyCloudProvider(cloud);
    inspector = new ToyInspector(cloud);
  }

  @Override
  protected LoadBalancerProvider provider() {
    return provider;
  }

  @Override
  protected CloudInspector inspector() {
    return inspector;
  }

  @Override
  protected Optional<LoadBalancerProvider> secondProviderOnTheSameCloud() {
    // A second controller without leader election: its own provider instance, and so its own locks.
    return Optional.of(new ToyCloudProvider(cloud));
  }
}
