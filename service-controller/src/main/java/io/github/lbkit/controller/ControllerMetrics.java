package io.github.lbkit.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The controller's Micrometer meters.
 *
 * <ul>
 *   <li>{@code lbkit.reconcile} (counter), tags {@code outcome} (success, noop, invalid, refused,
 *       retry_later, error) and {@code work} ({@code sync} for a full reconcile, {@code backends} for a
 *       node or endpoint driven backend sync);
 *   <li>{@code lbkit.reconcile.duration} (timer), tag {@code work};
 *   <li>{@code lbkit.queue.depth} (gauge): keys waiting for a worker;
 *   <li>{@code lbkit.cloud.calls} (counter), tags {@code operation} (ensure, updateBackends, delete) and
 *       {@code outcome} (success, failure): provider calls made.
 * </ul>
 *
 * Every meter is also tagged with {@code cluster}.
 */
final class ControllerMetrics {

  private final MeterRegistry registry;
  private final String cluster;
  private final AtomicReference<IntSupplier> depth = new AtomicReference<>(() -> 0);

  ControllerMetrics(MeterRegistry registry, String cluster) {
    this.registry = registry;
    this.cluster = cluster;
    Gauge.builder("lbkit.queue.depth", depth, d -> d.get().getAsInt())
        .description("Services waiting for a worker")
        .tag("cluster", cluster)
        .register(registry);
  }

  /** Points the depth gauge at the current queue (a new one per leadership term). */
  void queue(IntSupplier supplier) {
    depth.set(supplier);
  }

  void reconciled(String work, String outcome, Duration took) {
    Counter.builder("lbkit.reconcile")
        .description("Reconciles by outcome")
        .tags("cluster", cluster, "work", work, "outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("lbkit.reconcile.duration")
        .description("Time spent reconciling one Service")
        .tags("cluster", cluster, "work", work)
        .register(registry)
        .record(took);
  }

  void cloudCall(String operation, boolean success) {
    Counter.builder("lbkit.cloud.calls")
        .description("Provider calls made by the controller")
        .tags("cluster", cluster, "operation", operation, "outcome", success ? "success" : "failure")
        .register(registry)
        .increment();
  }
}
