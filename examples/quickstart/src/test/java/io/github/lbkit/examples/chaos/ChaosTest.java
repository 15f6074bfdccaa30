package io.github.lbkit.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.fake.FakeCloud;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos tests' own checks must be able to fail. */
class ChaosTest {

  @Test
  void duplicateOwnersFindsTwoLoadBalancersWithOneMarker() {
    FakeCloud cloud = FakeCloud.create(1);
    String subnet = cloud.defaultSubnet().neutronSubnetId();
    cloud.createLoadBalancer("a", "lbkit:c/uid-1", LoadBalancerClass.SHARED, subnet, List.of(), null, null,
        Map.of(), null);
    cloud.createLoadBalancer("b", "lbkit:c/uid-2", LoadBalancerClass.SHARED, subnet, List.of(), null, null,
        Map.of(), null);
    assertThat(Chaos.duplicateOwners(cloud)).isEmpty();

    cloud.createLoadBalancer("c", "lbkit:c/uid-1", LoadBalancerClass.SHARED, subnet, List.of(), null, null,
        Map.of(), null);

    assertThat(Chaos.duplicateOwners(cloud)).containsExactly(Map.entry("lbkit:c/uid-1", 2));
  }
}
