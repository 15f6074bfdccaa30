package io.github.lbkit.examples.embedding;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.controller.ServiceController;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An existing fabric8 application — here a small one that keeps count of ConfigMaps — that embeds lbkit's
 * service controller. The application keeps its own client, its own informers and its own lifecycle; lbkit adds
 * one object, started and closed with the application. Run two or more replicas: leader election on a Lease makes
 * exactly one of them reconcile load balancers, and another takes over when it goes away.
 *
 * <p>The pattern, in short:
 *
 * <pre>{@code
 * ServiceController lb = ServiceController.builder()
 *     .client(client)                                   // the application's own client
 *     .provider(LoadBalancerProviders.load(config))     // whichever provider is on the classpath
 *     .translator(new CceServiceTranslator(TranslatorOptions.of(clusterName)))
 *     .clusterName(clusterName)
 *     .leaderElection("lbkit-system", "lbkit-service-controller", podName)
 *     .build();
 * lb.start();   // returns at once; never blocks the application's threads
 * ...
 * lb.close();   // on shutdown, before closing the client
 * }</pre>
 */
public final class InventoryApp implements AutoCloseable {

  /** The namespace of the Lease the replicas elect a leader on. */
  public static final String LEASE_NAMESPACE = "lbkit-system";

  /** The name of that Lease. */
  public static final String LEASE_NAME = "lbkit-service-controller";

  private final SharedIndexInformer<ConfigMap> configMaps;
  private final AtomicInteger configMapCount = new AtomicInteger();
  private final ServiceController loadBalancers;

  /**
   * Starts the application: its own informer, then the embedded controller.
   *
   * @param client the application's Kubernetes client; the application owns it and closes it
   * @param provider the load balancer provider; the application owns it and closes it
   * @param clusterName the cluster's name, unique among clusters sharing the cloud account
   * @param identity this replica's identity, for example its pod name
   * @param timings how quickly leadership moves (production: the defaults, 15 s / 10 s / 2 s)
   */
  public InventoryApp(
      KubernetesClient client,
      LoadBalancerProvider provider,
      String clusterName,
      String identity,
      LeaderTimings timings) {
    Objects.requireNonNull(client, "client");
    // The application's own work: nothing lbkit-specific here.
    this.configMaps =
        client.configMaps().inAnyNamespace().inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap obj) {
            configMapCount.incrementAndGet();
          }

          @Override
          public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

          @Override
          public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
            configMapCount.decrementAndGet();
          }
        }, 0);

    // lbkit: one builder, one start. The controller runs on its own daemon threads.
    this.loadBalancers =
        ServiceController.builder()
            .client(client)
            .provider(provider)
            .translator(new CceServiceTranslator(TranslatorOptions.of(clusterName)))
            .clusterName(clusterName)
            .leaderElection(LEASE_NAMESPACE, LEASE_NAME, identity)
            .leaderElectionTimings(timings.leaseDuration(), timings.renewDeadline(), timings.retryPeriod())
            .build();
    loadBalancers.start();
  }

  /**
   * Returns how many ConfigMaps the application has seen: its own business.
   *
   * @return the count
   */
  public int configMapCount() {
    return configMapCount.get();
  }

  /**
   * Whether this replica currently leads and reconciles load balancers.
   *
   * @return true while leading
   */
  public boolean leadsLoadBalancers() {
    return loadBalancers.isActive();
  }

  /** Stops the embedded controller first (it steps down from the Lease), then the application's informer. */
  @Override
  public void close() {
    loadBalancers.close();
    configMaps.close();
  }

  /**
   * How quickly leadership moves between replicas.
   *
   * @param leaseDuration how long a Lease holds without renewal
   * @param renewDeadline how long the leader keeps trying to renew
   * @param retryPeriod how often candidates try
   */
  public record LeaderTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    /** The production defaults: 15 s, 10 s, 2 s. */
    public static final LeaderTimings DEFAULTS =
        new LeaderTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  /**
   * Runs the application against the cluster of the current kubeconfig, with the provider chosen from the
   * classpath ({@code -Dlbkit.provider=NAME} to choose one). Stops on Ctrl-C.
   *
   * @param args {@code CLUSTER_NAME [IDENTITY]}
   * @throws InterruptedException when interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    String clusterName = args.length > 0 ? args[0] : "default";
    String identity = args.length > 1 ? args[1] : System.getenv().getOrDefault("HOSTNAME", "inventory-app");
    KubernetesClient client = new KubernetesClientBuilder().build();
    LoadBalancerProvider provider = LoadBalancerProviders.load(new ProviderConfig(Map.of()));
    InventoryApp app = new InventoryApp(client, provider, clusterName, identity, LeaderTimings.DEFAULTS);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      provider.close();
      client.close();
      stop.countDown();
    }, "inventory-app-shutdown"));
    System.out.println("inventory-app " + identity + " running with provider " + provider.name()
        + "; Ctrl-C to stop");
    stop.await();
  }
}
