package io.github.lbkit.benchmarks;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.controller.ServiceController;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.Sleeper;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The same phases as {@link ScaleHarness}, driven through the service controller on an embedded Kubernetes API:
 * Services and nodes are created, changed and deleted through the API, and the controller does the rest.
 *
 * <p>A phase ends when its goal is reached and the controller has made no provider call for a second; its wall
 * time runs to the controller's last provider call. The resync phase touches an unrelated annotation on every
 * Service, so each one is ensured again unchanged.
 */
final class ControllerScale {

  private static final String NAMESPACE = "bench";
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final Duration PHASE_TIMEOUT = Duration.ofHours(2);

  private final ScaleHarness.Options options;
  private final PrintStream out;

  ControllerScale(ScaleHarness.Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every phase; returns the results and, last, the number of cloud resources left. */
  List<ScaleHarness.PhaseResult> run(FakeCloud cloud, LoadBalancerProvider provider, List<Service> services,
      List<Node> nodes) {
    Map<ServerRequest, Queue<ServerResponse>> answers = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(
        new Context(), new MockWebServer(), answers, new KubernetesMixedDispatcher(answers), false);
    server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
    server.init(InetAddress.getLoopbackAddress(), 0);
    Timing timing = new Timing(provider);
    List<ScaleHarness.PhaseResult> results = new ArrayList<>();
    try (KubernetesClient client = server.createClient()) {
      for (Node n : nodes) {
        client.nodes().resource(n).create();
      }
      ServiceController controller = controllerOf(client, timing, Duration.ZERO);
      controller.start();
      try {
        List<String> uids = new ArrayList<>();
        results.add(phase("create-all", cloud, timing, () -> {
          for (Service s : services) {
            Service plain = new ServiceBuilder(s).editMetadata().withUid(null).endMetadata().build();
            uids.add(client.services().inNamespace(NAMESPACE).resource(plain).create().getMetadata().getUid());
          }
        }, uids, () -> client.services().inNamespace(NAMESPACE).list().getItems().stream()
            .allMatch(s -> s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null
                && !s.getStatus().getLoadBalancer().getIngress().isEmpty()
                && s.getMetadata().getAnnotations().containsKey(LoadBalancerHints.ELB_ID))));
        results.add(phase("no-op resync", cloud, timing, () -> {
          for (Service s : services) {
            client.services().inNamespace(NAMESPACE).withName(s.getMetadata().getName()).edit(live -> {
              Map<String, String> a = new LinkedHashMap<>(live.getMetadata().getAnnotations());
              a.put("example.com/resync", "1");
              return new ServiceBuilder(live).editMetadata().withAnnotations(a).endMetadata().build();
            });
          }
        }, uids, () -> true));
        results.add(phase("node added", cloud, timing,
            () -> client.nodes().resource(Workloads.node(options.nodes() + 1)).create(), uids, () -> true));
        results.add(phase("node removed", cloud, timing,
            () -> client.nodes().withName(nodes.get(0).getMetadata().getName()).delete(), uids, () -> true));
        if (options.driftSeconds() > 0) {
          // A new Service on this controller, which runs no drift: the idle time to an address.
          results.add(ingress("ingress idle", cloud, client, services.size()));
          controller.close();
          // A second controller with drift on: after its start-up pass, a new Service created just as its first
          // drift pass begins. Before the queue had priorities it waited behind the whole pass.
          Duration drift = Duration.ofSeconds(options.driftSeconds());
          controller = controllerOf(client, timing, drift);
          long started = System.nanoTime();
          controller.start();
          awaitStartUpPass(timing, uids, started);
          long passStarts = started + drift.toNanos() + Duration.ofSeconds(1).toNanos();
          if (System.nanoTime() > passStarts) {
            out.printf(Locale.ROOT, "  note: the start-up pass outlasted the drift period; the probe runs anyway%n");
          }
          while (System.nanoTime() < passStarts) {
            Sleeper.REAL.sleep(Duration.ofMillis(50));
          }
          results.add(ingress("ingress during drift", cloud, client, services.size() + 1));
          // One whole drift period of a converged cluster: what drift repair costs per Service.
          Meter meter = Meter.start(cloud, options.rateLimit());
          Sleeper.REAL.sleep(drift);
          ScaleHarness.PhaseResult pass = meter.finish("drift pass", drift.toNanos(), 0, new long[0]);
          out.printf(Locale.ROOT, "  %-13s %.2f reads and %.2f writes per Service per drift period%n", "drift pass",
              pass.reads() / (double) (services.size() + 2), pass.writes() / (double) (services.size() + 2));
          results.add(pass);
        }
        results.add(phase("delete-all", cloud, timing,
            () -> client.services().inNamespace(NAMESPACE).delete(), uids,
            () -> client.services().inNamespace(NAMESPACE).list().getItems().isEmpty()));
      } finally {
        controller.close();
      }
    } finally {
      server.destroy();
    }
    return results;
  }

  private ServiceController controllerOf(KubernetesClient client, Timing timing, Duration drift) {
    return ServiceController.builder()
        .client(client)
        .provider(timing)
        .translator(new CceServiceTranslator(TranslatorOptions.of(Workloads.CLUSTER)))
        .clusterName(Workloads.CLUSTER)
        .workers(options.workers())
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .nodeSyncDelay(Duration.ofMillis(500))
        .driftPeriod(drift)
        .driftSnapshots(options.driftSnapshots())
        .build();
  }

  /** Waits until every Service had a successful provider call since {@code started}: the start-up pass. */
  private static void awaitStartUpPass(Timing timing, List<String> uids, long started) {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    while (!uids.stream().allMatch(u -> timing.lastSuccess.getOrDefault(u, 0L) > started)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("scale harness: the start-up pass did not finish within " + PHASE_TIMEOUT);
      }
      Sleeper.REAL.sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Creates one more Service and measures the time until its status has an address; its load balancer stays
   * and is deleted with the rest.
   */
  private ScaleHarness.PhaseResult ingress(String name, FakeCloud cloud, KubernetesClient client, int index) {
    Service s = Workloads.service(index, options.ports());
    Service plain = new ServiceBuilder(s).editMetadata().withUid(null).endMetadata().build();
    Meter meter = Meter.start(cloud, options.rateLimit());
    long t0 = meter.t0();
    client.services().inNamespace(NAMESPACE).resource(plain).create();
    while (true) {
      Service live = client.services().inNamespace(NAMESPACE).withName(plain.getMetadata().getName()).get();
      if (live != null && live.getStatus() != null && live.getStatus().getLoadBalancer() != null
          && live.getStatus().getLoadBalancer().getIngress() != null
          && !live.getStatus().getLoadBalancer().getIngress().isEmpty()) {
        break;
      }
      if (System.nanoTime() - t0 > PHASE_TIMEOUT.toNanos()) {
        throw new IllegalStateException("scale harness: " + name + " did not finish within " + PHASE_TIMEOUT);
      }
      Sleeper.REAL.sleep(Duration.ofMillis(10));
    }
    long wall = System.nanoTime() - t0;
    out.printf(Locale.ROOT, "  %-13s a new Service got its address in %.2f s%n", name, wall / 1e9);
    return meter.finish(name, wall, 0, new long[] {wall});
  }

  private ScaleHarness.PhaseResult phase(String name, FakeCloud cloud, Timing timing, Runnable action,
      List<String> uids, BooleanSupplier goal) {
    Meter meter = Meter.start(cloud, options.rateLimit());
    long t0 = meter.t0();
    long failed0 = timing.failures.get();
    action.run();
    // Done when every Service had a successful provider call in this phase, the goal holds, and all is quiet.
    while (true) {
      long now = System.nanoTime();
      boolean everyone = uids.stream().allMatch(u -> timing.lastSuccess.getOrDefault(u, 0L) > t0);
      if (everyone && now - timing.lastActivity.get() > QUIET.toNanos() && goal.getAsBoolean()) {
        break;
      }
      if (now - t0 > PHASE_TIMEOUT.toNanos()) {
        throw new IllegalStateException("scale harness: " + name + " did not finish within " + PHASE_TIMEOUT);
      }
      Sleeper.REAL.sleep(Duration.ofMillis(100));
    }
    long wall = timing.lastActivity.get() - t0;
    long[] converged = uids.stream().mapToLong(u -> timing.lastSuccess.getOrDefault(u, 0L) - t0).toArray();
    out.printf(Locale.ROOT, "  %-13s done in %.1f s%n", name, wall / 1e9);
    return meter.finish(name, wall, timing.failures.get() - failed0, converged);
  }

  /** Records when each Service's provider calls succeed or fail, and passes them on. */
  private static final class Timing implements LoadBalancerProvider {
    private final LoadBalancerProvider delegate;
    final Map<String, Long> lastSuccess = new ConcurrentHashMap<>();
    final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    final AtomicLong failures = new AtomicLong();

    Timing(LoadBalancerProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Capabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
      return delegate.find(key, hints);
    }

    @Override
    public Optional<CloudSnapshot> snapshot() {
      return delegate.snapshot();
    }

    @Override
    public LoadBalancerResult ensure(LoadBalancerSpec spec) {
      return timed(spec.key(), () -> delegate.ensure(spec));
    }

    @Override
    public void updateBackends(LoadBalancerSpec spec) {
      timed(spec.key(), () -> {
        delegate.updateBackends(spec);
        return null;
      });
    }

    @Override
    public void delete(ServiceKey key, LoadBalancerHints hints) {
      timed(key, () -> {
        delegate.delete(key, hints);
        return null;
      });
    }

    private <T> T timed(ServiceKey key, java.util.function.Supplier<T> call) {
      try {
        T result = call.get();
        long now = System.nanoTime();
        lastSuccess.put(key.uid(), now);
        lastActivity.set(now);
        return result;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        lastActivity.set(System.nanoTime());
        throw e;
      }
    }
  }
}
