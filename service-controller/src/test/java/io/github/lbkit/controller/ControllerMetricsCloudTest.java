package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.CloudCallStats;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.ServiceKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A provider's cloud call counters become {@code lbkit.cloud.*} meters, read at each scrape. */
class ControllerMetricsCloudTest {

  /** A provider whose counters the test sets. */
  static final class CountingProvider implements LoadBalancerProvider {
    volatile @Nullable CloudCallStats stats;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.of();
    }

    @Override
    public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
      return Optional.empty();
    }

    @Override
    public LoadBalancerResult ensure(LoadBalancerSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void updateBackends(LoadBalancerSpec spec) {}

    @Override
    public void delete(ServiceKey key, LoadBalancerHints hints) {}

    @Override
    public Optional<CloudCallStats> cloudCallStats() {
      return Optional.ofNullable(stats);
    }
  }

  private static CloudCallStats stats(long reads) {
    return new CloudCallStats(
        reads, 2, 9, 3, 4, 2, 1, 1, 5, Duration.ofMillis(1500), Duration.ofMillis(250), 7, 1);
  }

  @Test
  void everyCounterIsPublishedUnderLbkitCloud() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CountingProvider provider = new CountingProvider();
    provider.stats = stats(6);
    new ControllerMetrics(registry, "c1").cloudCalls(provider);

    assertThat(registry.get("lbkit.cloud.requests").tags("kind", "read", "provider", "counting", "cluster", "c1")
            .functionCounter().count())
        .isEqualTo(6.0);
    assertThat(registry.get("lbkit.cloud.requests").tag("kind", "write").functionCounter().count()).isEqualTo(2.0);
    assertThat(registry.get("lbkit.cloud.attempts").functionCounter().count()).isEqualTo(9.0);
    assertThat(registry.get("lbkit.cloud.retries").functionCounter().count()).isEqualTo(3.0);
    assertThat(registry.get("lbkit.cloud.retry.calls").tag("outcome", "success_without_retry").functionCounter()
            .count())
        .isEqualTo(4.0);
    assertThat(registry.get("lbkit.cloud.retry.calls").tag("outcome", "success_after_retry").functionCounter()
            .count())
        .isEqualTo(2.0);
    assertThat(registry.get("lbkit.cloud.retry.calls").tag("outcome", "failure_without_retry").functionCounter()
            .count())
        .isEqualTo(1.0);
    assertThat(registry.get("lbkit.cloud.retry.calls").tag("outcome", "failure_after_retry").functionCounter()
            .count())
        .isEqualTo(1.0);
    assertThat(registry.get("lbkit.cloud.retry.backoff").functionCounter().count()).isEqualTo(0.25);
    assertThat(registry.get("lbkit.cloud.ratelimit.waits").functionCounter().count()).isEqualTo(5.0);
    assertThat(registry.get("lbkit.cloud.ratelimit.wait").functionCounter().count()).isEqualTo(1.5);
    assertThat(registry.get("lbkit.cloud.ratelimit.available").gauge().value()).isEqualTo(7.0);
    assertThat(registry.get("lbkit.cloud.ratelimit.waiting").gauge().value()).isEqualTo(1.0);

    provider.stats = stats(10);
    assertThat(registry.get("lbkit.cloud.requests").tag("kind", "read").functionCounter().count()).isEqualTo(10.0);
  }

  @Test
  void aProviderWithoutCountersAddsNoCloudMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ControllerMetrics(registry, "c1").cloudCalls(new CountingProvider());

    assertThat(registry.find("lbkit.cloud.requests").meters()).isEmpty();
    assertThat(registry.find("lbkit.cloud.ratelimit.available").meters()).isEmpty();
  }
}
