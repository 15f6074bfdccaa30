package io.github.lbkit.controller;

import io.github.lbkit.api.CloudCallStats;
import io.github.lbkit.api.LoadBalancerProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The controller's Micrometer meters.
 *
 * <ul>
 *   <li>{@code lbkit.reconcile} (counter), tags {@code outcome} (success, noop, invalid, refused,
 *       retry_later, error) and {@code work} ({@code sync} for a full reconcile, {@code backends} for a
 *       node or endpoint driven backend sync);
 *   <li>{@code lbkit.reconcile.duration} (timer), tag {@code work};
 *   <li>{@code lbkit.queue.depth} (gauge): keys waiting for a worker;
 *   <li>{@code lbkit.adoptions} (counter): load balancers taken over from CCE's controller;
 *   <li>{@code lbkit.cloud.calls} (counter), tags {@code operation} (ensure, updateBackends, delete) and
 *       {@code outcome} (success, failure): provider calls made.
 * </ul>
 *
 * When the provider keeps {@link CloudCallStats} (the Huawei Cloud provider does), its cloud API client is
 * published too, tagged with {@code provider}:
 *
 * <ul>
 *   <li>{@code lbkit.cloud.requests} (counter), tag {@code kind} (read, write): logical cloud API calls;
 *   <li>{@code lbkit.cloud.attempts} (counter): HTTP attempts, retries included; {@code lbkit.cloud.retries}
 *       (counter): attempts after the first;
 *   <li>{@code lbkit.cloud.retry.calls} (counter), tag {@code outcome} (success_without_retry,
 *       success_after_retry, failure_without_retry, failure_after_retry): calls by how the retry policy ended;
 *   <li>{@code lbkit.cloud.retry.backoff} (counter, seconds): time spent in backoff between attempts;
 *   <li>{@code lbkit.cloud.ratelimit.waits} (counter): attempts that waited for a client-side rate-limit permit;
 *       {@code lbkit.cloud.ratelimit.wait} (counter, seconds): the time they waited;
 *   <li>{@code lbkit.cloud.ratelimit.available} (gauge): permits left in the current period; {@code
 *       lbkit.cloud.ratelimit.waiting} (gauge): callers waiting for a permit.
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

  /** Publishes the provider's cloud call counters, when it keeps any; reads them at each scrape. */
  void cloudCalls(LoadBalancerProvider provider) {
    if (provider.cloudCallStats().isEmpty()) {
      return;
    }
    Tags tags = Tags.of("cluster", cluster, "provider", provider.name());
    counter("lbkit.cloud.requests", "Logical cloud API calls", tags.and("kind", "read"), provider,
        CloudCallStats::reads);
    counter("lbkit.cloud.requests", "Logical cloud API calls", tags.and("kind", "write"), provider,
        CloudCallStats::writes);
    counter("lbkit.cloud.attempts", "Cloud API HTTP attempts, retries included", tags, provider,
        CloudCallStats::attempts);
    counter("lbkit.cloud.retries", "Cloud API attempts after the first", tags, provider, CloudCallStats::retries);
    String retried = "Cloud API calls by how the retry policy ended";
    counter("lbkit.cloud.retry.calls", retried, tags.and("outcome", "success_without_retry"), provider,
        CloudCallStats::succeededWithoutRetry);
    counter("lbkit.cloud.retry.calls", retried, tags.and("outcome", "success_after_retry"), provider,
        CloudCallStats::succeededAfterRetry);
    counter("lbkit.cloud.retry.calls", retried, tags.and("outcome", "failure_without_retry"), provider,
        CloudCallStats::failedWithoutRetry);
    counter("lbkit.cloud.retry.calls", retried, tags.and("outcome", "failure_after_retry"), provider,
        CloudCallStats::failedAfterRetry);
    seconds("lbkit.cloud.retry.backoff", "Time spent in backoff between cloud API attempts", tags, provider,
        CloudCallStats::backoffTime);
    counter("lbkit.cloud.ratelimit.waits", "Cloud API attempts that waited for a rate-limit permit", tags,
        provider, CloudCallStats::rateLimitWaits);
    seconds("lbkit.cloud.ratelimit.wait", "Time spent waiting for rate-limit permits", tags, provider,
        CloudCallStats::rateLimitWaitTime);
    gauge("lbkit.cloud.ratelimit.available", "Rate-limit permits left in the current period", tags, provider,
        CloudCallStats::availablePermits);
    gauge("lbkit.cloud.ratelimit.waiting", "Callers waiting for a rate-limit permit", tags, provider,
        CloudCallStats::waitingForPermit);
  }

  private static double read(LoadBalancerProvider p, ToDoubleFunction<CloudCallStats> f) {
    return p.cloudCallStats().map(f::applyAsDouble).orElse(Double.NaN);
  }

  private void counter(String name, String description, Tags tags, LoadBalancerProvider p,
      ToLongFunction<CloudCallStats> f) {
    FunctionCounter.builder(name, p, x -> read(x, s -> f.applyAsLong(s)))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private void seconds(String name, String description, Tags tags, LoadBalancerProvider p,
      Function<CloudCallStats, Duration> f) {
    FunctionCounter.builder(name, p, x -> read(x, s -> f.apply(s).toNanos() / 1e9))
        .description(description)
        .baseUnit("seconds")
        .tags(tags)
        .register(registry);
  }

  private void gauge(String name, String description, Tags tags, LoadBalancerProvider p,
      ToIntFunction<CloudCallStats> f) {
    Gauge.builder(name, p, x -> read(x, s -> f.applyAsInt(s)))
        .description(description)
        .tags(tags)
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

  void driftCheck(String answer) {
    Counter.builder("lbkit.drift.checks")
        .description("Drift checks of a Service against a bulk snapshot, by answer: converged in the snapshot, or"
            + " ensured")
        .tags("cluster", cluster, "answer", answer)
        .register(registry)
        .increment();
  }

  /** Counts one load balancer taken over from CCE's controller. */
  void adopted() {
    Counter.builder("lbkit.adoptions")
        .description("Load balancers taken over from CCE's controller")
        .tags("cluster", cluster)
        .register(registry)
        .increment();
  }

  void cloudCall(String operation, boolean success) {
    Counter.builder("lbkit.cloud.calls")
        .description("Provider calls made by the controller")
        .tags("cluster", cluster, "operation", operation, "outcome", success ? "success" : "failure")
        .register(registry)
        .increment();
  }
}
