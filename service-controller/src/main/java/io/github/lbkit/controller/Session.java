package io.github.lbkit.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.lbkit.k8s.NodePredicates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the controller (the whole life without leader election, one leadership term with it): the
 * informers, the work queue, the worker threads and the timers. Closed as a unit.
 */
final class Session {

  private static final Logger LOG = LoggerFactory.getLogger(Session.class);
  private static final String SLICE_INDEX = "lbkit-service";

  private final ServiceController.Settings settings;
  private final ScheduledExecutorService scheduler;
  private final WorkQueue queue;
  private final Reconciler reconciler;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<Node> nodes;
  private final @Nullable SharedIndexInformer<EndpointSlice> slices;
  private final List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean nodeSyncPending = new AtomicBoolean();
  private final Consumer<Session> onStartFailure;
  private final Runnable onStarted;
  private volatile boolean closed;
  private final boolean slicesServed;

  Session(
      ServiceController.Settings settings,
      ControllerMetrics metrics,
      Supplier<ServiceWriter.StatusFormat> statusFormat,
      Consumer<Session> onStartFailure,
      Runnable onStarted) {
    this.settings = settings;
    this.onStartFailure = onStartFailure;
    this.onStarted = onStarted;
    KubernetesClient client = settings.client();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lbkit-scheduler"));
    this.queue = new WorkQueue(scheduler, settings.baseBackoff(), settings.maxBackoff());
    metrics.queue(queue::depth);
    this.services = client.services().inAnyNamespace().runnableInformer(0);
    this.nodes = client.nodes().runnableInformer(0);
    this.slicesServed = endpointSlicesServed(client);
    this.slices =
        settings.watchEndpointSlices() && slicesServed
            ? client
                .discovery()
                .v1()
                .endpointSlices()
                .inAnyNamespace()
                .withLabel(Reconciler.SERVICE_NAME_LABEL)
                .runnableInformer(0)
            : null;
    if (slices != null) {
      slices.addIndexers(Map.of(SLICE_INDEX, Reconciler.sliceIndex()));
    }
    Reconciler.Listers listers =
        new Reconciler.Listers() {
          @Override
          public @Nullable Service service(String key) {
            return services.getStore().getByKey(key);
          }

          @Override
          public List<Service> services() {
            return services.getStore().list();
          }

          @Override
          public List<Node> nodes() {
            return nodes.getStore().list();
          }

          @Override
          public List<EndpointSlice> endpointSlices(String serviceKey) {
            return slices == null ? List.of() : slices.getIndexer().byIndex(SLICE_INDEX, serviceKey);
          }

          @Override
          public boolean endpointSlicesServed() {
            return slicesServed;
          }
        };
    ServiceRules rules = new ServiceRules(settings.loadBalancerClass());
    this.reconciler =
        new Reconciler(
            settings.provider(),
            settings.translator(),
            rules,
            settings.attachPolicy(),
            new ServiceWriter(client, statusFormat, rules.finalizer()),
            new EventRecorder(client, settings.eventComponent(), settings.instance()),
            metrics,
            queue,
            listers,
            settings.adoption());
    reconciler.useSnapshots(settings.driftSnapshots());
  }

  /**
   * Whether the API server serves {@code discovery.k8s.io/v1} EndpointSlices (Kubernetes 1.21 and later). An
   * informer on an API the server does not serve never syncs, so it is asked first.
   */
  private static boolean endpointSlicesServed(KubernetesClient client) {
    try {
      boolean served = client.supports(EndpointSlice.class);
      if (!served) {
        LOG.warn("the API server does not serve discovery.k8s.io/v1 EndpointSlices (Kubernetes before 1.21): "
            + "serving node backends only; Services with pod backends get a Warning Event");
      }
      return served;
    } catch (RuntimeException e) {
      LOG.debug("discover discovery.k8s.io/v1: {}; assuming it is served", e.toString());
      return true;
    }
  }

  void start() {
    services.addEventHandler(
        new ResourceEventHandler<Service>() {
          @Override
          public void onAdd(Service svc) {
            reconciler.onServiceAdd(svc);
          }

          @Override
          public void onUpdate(Service oldSvc, Service newSvc) {
            reconciler.onServiceUpdate(oldSvc, newSvc);
          }

          @Override
          public void onDelete(Service svc, boolean finalStateUnknown) {
            reconciler.onServiceDelete(svc);
          }
        });
    nodes.addEventHandler(
        new ResourceEventHandler<Node>() {
          @Override
          public void onAdd(Node node) {
            nodesChanged();
          }

          @Override
          public void onUpdate(Node oldNode, Node newNode) {
            if (NodePredicates.backendRelevantChange(oldNode, newNode)) {
              nodesChanged();
            }
          }

          @Override
          public void onDelete(Node node, boolean finalStateUnknown) {
            nodesChanged();
          }
        });
    if (slices != null) {
      slices.addEventHandler(
          new ResourceEventHandler<EndpointSlice>() {
            @Override
            public void onAdd(EndpointSlice es) {
              sliceChanged(es);
            }

            @Override
            public void onUpdate(EndpointSlice oldEs, EndpointSlice newEs) {
              sliceChanged(newEs);
            }

            @Override
            public void onDelete(EndpointSlice es, boolean finalStateUnknown) {
              sliceChanged(es);
            }
          });
    }
    List<CompletableFuture<Void>> synced = new ArrayList<>();
    // Nodes and slices first: a Service reconciled before they are listed would get too few backends.
    synced.add(nodes.start().toCompletableFuture());
    if (slices != null) {
      synced.add(slices.start().toCompletableFuture());
    }
    CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
        .thenCompose(v -> services.start().toCompletableFuture())
        .whenComplete(
            (v, t) -> {
              if (t != null) {
                if (!closed) {
                  LOG.error("start informers: {}", t.toString(), t);
                  onStartFailure.accept(this);
                }
                return;
              }
              startWorkersAndTimers();
              onStarted.run();
            });
  }

  private synchronized void startWorkersAndTimers() {
    if (closed) {
      return;
    }
    for (int i = 1; i <= settings.workers(); i++) {
      Thread t = new Thread(this::work, "lbkit-worker-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    Duration drift = settings.driftPeriod();
    if (!drift.isZero()) {
      long ms = Math.max(1, drift.toMillis());
      scheduler.scheduleAtFixedRate(
          () -> {
            try {
              reconciler.repairDrift(Duration.ofMillis(ms));
            } catch (RuntimeException e) {
              LOG.warn("drift repair pass failed", e);
            }
          },
          ms,
          ms,
          TimeUnit.MILLISECONDS);
    }
    LOG.info("service controller started for cluster {} with {} worker(s), serving {}", settings.clusterName(),
        settings.workers(),
        settings.loadBalancerClass() == null ? "Services without a loadBalancerClass"
            : "loadBalancerClass " + settings.loadBalancerClass());
  }

  private void work() {
    while (true) {
      WorkQueue.Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (item == null) {
        return;
      }
      try {
        reconciler.process(item);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable t) { // a broken provider jar (LinkageError) must not silently kill a worker
        LOG.error("reconcile {} failed unexpectedly; retrying with backoff", item.key(), t);
        queue.addRateLimited(item.key());
      } finally {
        queue.done(item.key());
      }
    }
  }

  /** Batches node events: the first schedules one pass after the delay, the others ride along. */
  private void nodesChanged() {
    if (closed || !nodeSyncPending.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(
          () -> {
            nodeSyncPending.set(false);
            reconciler.syncAllBackends();
          },
          settings.nodeSyncDelay().toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      nodeSyncPending.set(false); // closing
    }
  }

  private void sliceChanged(EndpointSlice es) {
    Map<String, String> labels = es.getMetadata().getLabels();
    String svc = labels == null ? null : labels.get(Reconciler.SERVICE_NAME_LABEL);
    if (svc != null) {
      reconciler.syncBackendsOf(es.getMetadata().getNamespace() + "/" + svc);
    }
  }

  /**
   * Why this session can no longer do its work, or null while it can: an informer that has stopped on its
   * own (its client closed, its watch refused for good) leaves the caches stale, and a leader working from
   * them would undo the next leader's work.
   */
  @Nullable String unusable() {
    if (closed || workers.isEmpty()) {
      return null;
    }
    for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {services, nodes, slices}) {
      if (i != null && i.stopped().toCompletableFuture().isDone()) {
        return "an informer stopped on its own; its cache is stale";
      }
    }
    return null;
  }

  boolean idle() {
    return !workers.isEmpty() && queue.idle() && !nodeSyncPending.get();
  }

  /** Stops handing out work at once, without waiting: the first step of stepping down. */
  void halt() {
    synchronized (this) {
      closed = true;
    }
    queue.shutDown();
    scheduler.shutdownNow();
  }

  /** Stops everything, waiting up to {@code timeout} for in-flight reconciles; then interrupts them. */
  void close(Duration timeout) {
    synchronized (this) {
      closed = true;
    }
    queue.shutDown();
    scheduler.shutdownNow();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : workers) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (t.isAlive()) {
        LOG.warn("{} still reconciling after {}; interrupting it (the work is redone later)", t.getName(), timeout);
        t.interrupt();
      }
    }
    // Informers last: in-flight reconciles read their caches until they finish.
    for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {services, nodes, slices}) {
      if (i != null) {
        try {
          i.stop();
        } catch (RuntimeException e) {
          LOG.debug("stop informer: {}", e.toString());
        }
      }
    }
    LOG.info("service controller stopped for cluster {}", settings.clusterName());
  }
}
