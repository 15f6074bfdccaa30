package io.github.lbkit.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Version;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.controller.ServiceController;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** On the host's own Jackson 2.17 and logback, the embedded controller converges a CCE Service. */
@EnableKubernetesMockClient(crud = true)
class ConvergeTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void convergesCceServiceWithFakeCloud() throws Exception {
    assertTrue(Version.clientVersion().startsWith("7."), "fabric8 " + Version.clientVersion());
    assertEquals("2.17", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMajorVersion() + "."
        + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion());
    assertEquals("ch.qos.logback.classic.LoggerContext", LoggerFactory.getILoggerFactory().getClass().getName());
    FakeCloud cloud = FakeCloud.create(1);
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.21").endAddress()
        .endStatus().build()).create();
    try (ServiceController controller = ServiceController.builder()
        .client(client)
        .provider(FakeLoadBalancerProvider.over(cloud))
        .translator(new CceServiceTranslator(TranslatorOptions.of("compat")))
        .clusterName("compat")
        .build()) {
      controller.start();
      client.services().inNamespace("default").resource(new ServiceBuilder()
          .withNewMetadata().withName("web").withNamespace("default")
          .addToAnnotations("kubernetes.io/elb.class", "union")
          .addToAnnotations("kubernetes.io/elb.autocreate", "{\"type\":\"inner\"}")
          .endMetadata()
          .withNewSpec().withType("LoadBalancer")
          .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNewTargetPort(8080)
          .withNodePort(30080).endPort()
          .endSpec().build()).create();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!hasIngress(client.services().inNamespace("default").withName("web").get())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Service default/web got no load balancer ingress within 30 s");
        }
        Thread.sleep(50);
      }
      Service web = client.services().inNamespace("default").withName("web").get();
      assertFalse(web.getStatus().getLoadBalancer().getIngress().get(0).getIp().isEmpty());
      assertEquals(1, cloud.listLoadBalancers(null).size());
    }
  }

  private static boolean hasIngress(Service s) {
    return s != null && s.getStatus() != null && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null
        && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
  }
}
