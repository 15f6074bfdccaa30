package io.github.lbkit.compat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.controller.ServiceController;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import org.junit.jupiter.api.Test;

/** fabric8 6.13 on Jackson 2.19 or later cannot work: start() says so at once, naming the supported versions. */
class RefusedTest {

  @Test
  void startRefusesNamingTheSupportedVersions() {
    // Nothing listens on port 1: the controller must refuse before it talks to any API server.
    try (KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build()).build();
        ServiceController controller = ServiceController.builder()
            .client(client)
            .provider(FakeLoadBalancerProvider.over(FakeCloud.create(1)))
            .translator(new CceServiceTranslator(TranslatorOptions.of("compat")))
            .clusterName("compat")
            .build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, controller::start);

      String m = e.getMessage();
      assertTrue(m.contains("fabric8 kubernetes-client 6.13.5"), m);
      assertTrue(m.contains("jackson-databind 2."), m);
      assertTrue(m.contains("6.13.x (with Jackson 2.18 or older), 7.x or 8.0.x"), m);
      assertTrue(m.contains("jackson-bom 2.18.x"), m);
      assertFalse(controller.isActive());
    }
  }
}
