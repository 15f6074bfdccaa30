package io.github.lbkit.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.controller.ServiceController;
import io.github.lbkit.fake.Fault;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.fake.FakeResources;
import io.github.lbkit.fake.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service controller on the fabric8 mock API over the fake cloud, under injected faults and with two
 * controllers racing: every Service converges with a correct status, no load balancer is ever duplicated, and
 * nothing is left in the cloud once the Services are deleted.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerChaosTest {

  private static final String NS = "chaos";
  private static final Duration TIMEOUT = Duration.ofSeconds(Chaos.size(60, 600));

  KubernetesClient client;
  KubernetesMockServer server;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<String> duplicatesSeen = new CopyOnWriteArrayList<>();
  private volatile boolean watching = true;

  @BeforeEach
  void nodes() {
    for (int i = 1; i <= 3; i++) {
      client.nodes().resource(Chaos.node("n" + i, "10.0.0." + i)).create();
    }
  }

  @AfterEach
  void close() throws Exception {
    watching = false;
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void twentyPercentTransientFaultsStillConvergeEveryServiceWithoutDuplicatesOrLeaks() {
    int count = Chaos.size(20, 100);
    FakeCloud cloud = cloud(count);
    cloud.faults()
        .latency(Duration.ofMillis(1))
        .errorRate(0.2, Fault.THROTTLED, Fault.SERVER_ERROR, Fault.TIMEOUT, Fault.BUSY);
    watchForDuplicates(cloud);
    start(client, cloud, 11);

    List<String> names = createServices(count);
    awaitAllConverged(cloud, names, Algorithm.ROUND_ROBIN, 3);

    // Update every Service and add a node: the algorithm changes in place, the new node joins every pool.
    for (String name : names) {
      client.services().inNamespace(NS).withName(name).edit(s -> annotated(s, CceAnnotations.ELB_LB_ALGORITHM,
          "LEAST_CONNECTIONS"));
    }
    client.nodes().resource(Chaos.node("n4", "10.0.0.4")).create();
    awaitAllConverged(cloud, names, Algorithm.LEAST_CONNECTIONS, 4);

    deleteAll(cloud, names);
    assertThat(cloud.journal()).as("faults were injected").anyMatch(c -> !c.outcome().equals("OK"));
    assertThat(duplicatesSeen).as("load balancers with the same owner, seen during the run").isEmpty();
  }

  @Test
  void twoControllersWithoutLeaderElectionNeverDuplicateALoadBalancer() {
    int count = Chaos.size(10, 50);
    FakeCloud cloud = cloud(count);
    // Latency widens the window in which both controllers look before either has created.
    cloud.faults().latency(Duration.ofMillis(2));
    watchForDuplicates(cloud);
    start(client, cloud, 21);
    KubernetesClient second = server.createClient();
    closeables.add(second);
    start(second, cloud, 22);

    List<String> names = createServices(count);
    awaitAllConverged(cloud, names, Algorithm.ROUND_ROBIN, 3);
    // The cloud has no create-if-absent: two controllers that both found nothing may both create, for an instant.
    // The younger load balancer is deleted by its creator at once, before anything hangs off it; what must never
    // happen is a duplicate that stays. Converged means exactly one load balancer per Service.
    assertThat(Chaos.duplicateOwners(cloud)).isEmpty();
    assertThat(cloud.snapshot()).hasSize(count);

    deleteAll(cloud, names);
  }

  // ---------------------------------------------------------------- helpers

  private static FakeCloud cloud(int services) {
    return FakeCloud.builder()
        .seed(services)
        .sleeper(Sleeper.REAL)
        .quotas(new FakeCloud.Quotas(services * 2 + 10, 50, 500, services * 2 + 10))
        .build();
  }

  private void start(KubernetesClient c, FakeCloud cloud, long seed) {
    FakeLoadBalancerProvider provider = FakeLoadBalancerProvider.builder(cloud)
        .sleeper(Sleeper.REAL)
        .backoff(Duration.ofMillis(5))
        .jitterSeed(seed)
        .build();
    ServiceController controller = ServiceController.builder()
        .client(c)
        .provider(provider)
        .translator(Chaos.TRANSLATOR)
        .clusterName(Chaos.CLUSTER)
        .workers(4)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(500))
        .nodeSyncDelay(Duration.ofMillis(20))
        .driftPeriod(Duration.ZERO)
        .closeTimeout(Duration.ofSeconds(5))
        .build();
    controller.start();
    closeables.add(controller);
  }

  private void watchForDuplicates(FakeCloud cloud) {
    Thread t = new Thread(() -> {
      while (watching) {
        Map<String, Integer> dup = Chaos.duplicateOwners(cloud);
        if (!dup.isEmpty()) {
          duplicatesSeen.add(dup.toString());
        }
        Sleeper.REAL.sleep(Duration.ofMillis(2));
      }
    }, "duplicate-watch");
    t.setDaemon(true);
    t.start();
    closeables.add(() -> {
      watching = false;
      t.join(5000);
    });
  }

  private List<String> createServices(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "svc-" + i;
      Service s = Chaos.service(NS, name, null);
      client.services().inNamespace(NS).resource(s).create();
      names.add(name);
    }
    return names;
  }

  /**
   * Waits until every Service's load balancer is exactly as asked: one per owner, every listener with its pool,
   * the algorithm, a member per node; and the Service's status and written-back id name that load balancer.
   */
  private void awaitAllConverged(FakeCloud cloud, List<String> names, Algorithm algorithm, int nodes) {
    await("every Service converged with " + algorithm + " and " + nodes + " nodes", () -> {
      Map<String, FakeResources.Tree> byOwner = new HashMap<>();
      for (FakeResources.Tree t : cloud.snapshot()) {
        byOwner.put(t.loadBalancer().description(), t);
      }
      List<String> wrong = new ArrayList<>();
      for (String name : names) {
        Optional<String> why = whyNotConverged(client.services().inNamespace(NS).withName(name).get(), byOwner,
            algorithm, nodes);
        why.ifPresent(w -> wrong.add(name + ": " + w));
      }
      return wrong.isEmpty() ? null : wrong.size() + " not converged, first " + wrong.get(0);
    });
  }

  private static Optional<String> whyNotConverged(
      Service s, Map<String, FakeResources.Tree> byOwner, Algorithm algorithm, int nodes) {
    if (s == null) {
      return Optional.of("gone");
    }
    FakeResources.Tree t = byOwner.get(OwnerMarker.of(Chaos.TRANSLATOR.key(s)).value());
    if (t == null) {
      return Optional.of("no load balancer");
    }
    if (t.listeners().size() != 2 || t.pools().size() != 2 || t.members().size() != 2 * nodes) {
      return Optional.of("load balancer incomplete: " + t.listeners().size() + " listeners, " + t.members().size()
          + " members");
    }
    if (t.pools().stream().anyMatch(p -> p.algorithm() != algorithm)) {
      return Optional.of("algorithm not yet " + algorithm);
    }
    List<LoadBalancerIngress> ingress = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null
        ? List.of() : s.getStatus().getLoadBalancer().getIngress();
    if (ingress.size() != 1 || !t.loadBalancer().vipAddress().equals(ingress.get(0).getIp())
        || !"VIP".equals(ingress.get(0).getIpMode())) {
      return Optional.of("status " + ingress + " does not show the VIP " + t.loadBalancer().vipAddress());
    }
    String written = s.getMetadata().getAnnotations().get(LoadBalancerHints.ELB_ID);
    if (!t.loadBalancer().id().equals(written)) {
      return Optional.of("written-back id " + written + " is not " + t.loadBalancer().id());
    }
    return Optional.empty();
  }

  private void deleteAll(FakeCloud cloud, List<String> names) {
    for (String name : names) {
      client.services().inNamespace(NS).withName(name).delete();
    }
    await("every Service gone after its load balancer", () -> {
      long left = names.stream().filter(n -> client.services().inNamespace(NS).withName(n).get() != null).count();
      return left == 0 ? null : left + " Services still there";
    });
    await("nothing left in the cloud", () -> cloud.inventory().isEmpty() ? null : "left: " + cloud.inventory());
  }

  private static Service annotated(Service s, String key, String value) {
    Map<String, String> a = new HashMap<>(s.getMetadata().getAnnotations());
    a.put(key, value);
    return new ServiceBuilder(s).editMetadata().withAnnotations(a).endMetadata().build();
  }

  /** Waits until the check answers null; otherwise it says what is still wrong. */
  private static void await(String what, Supplier<String> check) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = check.get();
    while (last != null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + ": " + last);
      }
      Sleeper.REAL.sleep(Duration.ofMillis(50));
      last = check.get();
    }
  }
}
