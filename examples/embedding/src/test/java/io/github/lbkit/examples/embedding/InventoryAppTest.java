package io.github.lbkit.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.lbkit.examples.embedding.InventoryApp.LeaderTimings;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.fake.FakeResources;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas of an application that embeds the controller: one leads, the other takes over. */
@EnableKubernetesMockClient(crud = true)
class InventoryAppTest {

  private static final LeaderTimings FAST =
      new LeaderTimings(Duration.ofMillis(1_500), Duration.ofMillis(1_000), Duration.ofMillis(200));

  KubernetesClient client;
  KubernetesMockServer server;

  private final FakeCloud cloud = FakeCloud.create(11);
  private InventoryApp a;
  private InventoryApp b;

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void exactlyOneReplicaReconcilesAndAnotherTakesOver() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.21").endAddress()
        .endStatus().build()).create();
    a = new InventoryApp(client, FakeLoadBalancerProvider.over(cloud), "prod", "replica-a", FAST);
    b = new InventoryApp(client, FakeLoadBalancerProvider.over(cloud), "prod", "replica-b", FAST);

    await(() -> a.leadsLoadBalancers() || b.leadsLoadBalancers());
    InventoryApp leader = a.leadsLoadBalancers() ? a : b;
    InventoryApp standby = leader == a ? b : a;
    assertThat(standby.leadsLoadBalancers()).isFalse();

    // The application's own work goes on in every replica.
    client.configMaps().inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().build()).create();
    await(() -> a.configMapCount() == 1 && b.configMapCount() == 1);

    client.services().inNamespace("default").resource(service("web", 30080)).create();
    await(() -> hasAddress("web"));
    assertThat(loadBalancers()).hasSize(1);

    // The leader goes away: the standby takes the Lease and serves the next Service.
    leader.close();
    await(standby::leadsLoadBalancers);
    client.services().inNamespace("default").resource(service("api", 30081)).create();
    await(() -> hasAddress("api"));

    assertThat(loadBalancers()).hasSize(2);
    assertThat(client.leases().inNamespace(InventoryApp.LEASE_NAMESPACE).withName(InventoryApp.LEASE_NAME).get()
        .getSpec().getHolderIdentity()).isEqualTo(standby == a ? "replica-a" : "replica-b");
  }

  private boolean hasAddress(String name) {
    Service s = client.services().inNamespace("default").withName(name).get();
    return s != null && s.getStatus() != null && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null
        && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
  }

  private List<FakeResources.LoadBalancer> loadBalancers() {
    return cloud.snapshot().stream().map(FakeResources.Tree::loadBalancer).toList();
  }

  private static Service service(String name, int nodePort) {
    return new ServiceBuilder()
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withType("LoadBalancer")
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNewTargetPort(8080)
        .withNodePort(nodePort).endPort()
        .endSpec()
        .build();
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
