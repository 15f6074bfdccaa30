package io.github.lbkit.examples.targetgroups;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.tck.CloudInspector;
import io.github.lbkit.tck.LoadBalancerProviderContract;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/** The target-group cloud's provider runs the whole conformance kit, crashes, faults and races included. */
class GroupCloudContractTest extends LoadBalancerProviderContract {

  private GroupCloud cloud;
  private GroupCloudProvider provider;
  private GroupInspector inspector;

  @BeforeEach
  void setUp() {
    cloud = new GroupCloud();
    provider = new GroupCloudProvider(cloud);
    inspector = new GroupInspector(cloud);
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
    return Optional.of(new GroupCloudProvider(cloud));
  }
}
