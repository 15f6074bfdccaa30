package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner of a load balancer of either class, for the controller's attach policy. */
class OwnerOfTest {

  @Test
  void theOwnerMarkerOfEitherClassIsReadAndAHandMadeLoadBalancerHasNone() {
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000)
        .subnetId(Emulated.VPC_SUBNET))) {
      HuaweiCloudProvider provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
      ServiceKey shared = new ServiceKey("c1", "team-a", "web", "uid-shared");
      ServiceKey dedicated = new ServiceKey("c1", "team-b", "api", "uid-dedicated");
      String sharedId = provider.ensure(LoadBalancerSpec.builder(shared, Attachment.AutoCreate.inner("lb-web"))
          .build()).status().loadBalancerId();
      String dedicatedId = provider.ensure(LoadBalancerSpec.builder(dedicated,
              Attachment.AutoCreate.inner("lb-api"))
          .cloudOptions(HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, Emulated.L7_FLAVOR,
              null, null))
          .loadBalancerClass(LoadBalancerClass.DEDICATED).build()).status().loadBalancerId();
      String byHand = env.emulator.insertLoadBalancer("made-in-the-console", "");

      assertThat(provider.ownerOf(sharedId)).as("a shared load balancer lbkit created")
          .contains(OwnerMarker.of(shared));
      assertThat(provider.ownerOf(dedicatedId)).as("a dedicated load balancer lbkit created")
          .contains(OwnerMarker.of(dedicated));
      assertThat(provider.ownerOf(byHand)).as("a load balancer made by hand").isEmpty();
      assertThat(provider.ownerOf("no-such-id")).as("an id that does not exist").isEmpty();
    }
  }
}
