package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.TrafficPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Service lbkit was born from: CCE pass-through with an auto-created public shared load balancer. */
class SeedServiceTest {

  @Test
  void seedServiceTranslatesToAPublicSharedLoadBalancerWithOnlyLocalPassThrough() throws IOException {
    Service service;
    try (InputStream in = getClass().getResourceAsStream("/seed/nginx-service-passthrough.yaml")) {
      assertThat(in).as("seed resource").isNotNull();
      service = new KubernetesSerialization().unmarshal(in, Service.class);
    }
    // The manifest as applied has neither; the API server fills them in.
    service.getMetadata().setNamespace("default");
    service.getMetadata().setUid("3b1f0c9e-2d4a-4f6b-8e7c-5a6b7c8d9e0f");
    service.getSpec().getPorts().get(0).setNodePort(31080);
    service.getSpec().setHealthCheckNodePort(32080);

    LoadBalancerSpec spec =
        Fixtures.TRANSLATOR.translate(service, Fixtures.nodes(), List.<EndpointSlice>of());

    assertThat(spec.key().namespacedName()).isEqualTo("default/nginx");
    assertThat(spec.loadBalancerClass()).isEqualTo(LoadBalancerClass.SHARED);
    Attachment.AutoCreate ac = (Attachment.AutoCreate) spec.attachment();
    assertThat(ac.type()).isEqualTo(Attachment.AddressType.PUBLIC);
    assertThat(ac.name()).isEqualTo("james");
    assertThat(spec.cloudOptions().values())
        .containsAllEntriesOf(java.util.Map.of("huaweicloud.bandwidth.name", "cce-bandwidth",
            "huaweicloud.bandwidth.chargemode", "bandwidth", "huaweicloud.bandwidth.size", "5",
            "huaweicloud.bandwidth.sharetype", "PER"));
    assertThat(spec.cloudOptions().get("huaweicloud.eip.type")).isEqualTo("5_bgp");
    assertThat(spec.trafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
    assertThat(spec.passThrough()).isEqualTo(PassThrough.ONLY_LOCAL);
    assertThat(spec.passThrough().ipMode()).isEqualTo(IpMode.PROXY);
    assertThat(spec.listeners()).hasSize(1);
    ListenerSpec l = spec.listeners().get(0);
    assertThat(l.portName()).isEqualTo("service0");
    assertThat(l.protocol()).isEqualTo(Protocol.TCP);
    assertThat(l.port()).isEqualTo(80);
    assertThat(l.targetPort()).isEqualTo(80);
    assertThat(l.nodePort()).isEqualTo(31080);
    assertThat(l.healthCheck().path()).isEqualTo("/healthz");
    assertThat(l.healthCheck().monitorPort()).isEqualTo(32080);
  }
}
