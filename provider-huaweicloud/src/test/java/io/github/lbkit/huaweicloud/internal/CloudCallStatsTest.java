package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.CloudCallStats;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The provider's cloud call counters include its Resilience4j retry and rate limiter. */
class CloudCallStatsTest {

  @Test
  void retriesFailuresAndRateLimitWaitsAreCounted() {
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(2).retryMaxAttempts(2))) {
      HuaweiCloudProvider provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);

      env.elb.listListeners("lb-1"); // first try
      env.emulator.failNext("GET", ".*/elb/listeners", 503, "ELB.503");
      env.elb.listListeners("lb-1"); // one retry
      env.emulator.failNext("GET", ".*/elb/listeners", 503, "ELB.503");
      env.emulator.failNext("GET", ".*/elb/listeners", 503, "ELB.503");
      assertThatThrownBy(() -> env.elb.listListeners("lb-1")).isInstanceOf(CloudApiException.class);
      env.emulator.failNext("GET", ".*/elb/listeners", 403, "ELB.403");
      assertThatThrownBy(() -> env.elb.listListeners("lb-1")).isInstanceOf(CloudApiException.class);

      CloudCallStats s = provider.cloudCallStats().orElseThrow();
      assertThat(s.reads()).isEqualTo(4);
      assertThat(s.writes()).isZero();
      assertThat(s.attempts()).isEqualTo(6);
      assertThat(s.retries()).isEqualTo(2);
      assertThat(s.succeededWithoutRetry()).isEqualTo(1);
      assertThat(s.succeededAfterRetry()).isEqualTo(1);
      assertThat(s.failedAfterRetry()).isEqualTo(1);
      assertThat(s.failedWithoutRetry()).isEqualTo(1);
      // Two permits a second for six attempts: the later ones waited (the fake sleeper does not).
      assertThat(s.rateLimitWaits()).isPositive();
      assertThat(s.rateLimitWaitTime()).isPositive();
      assertThat(s.backoffTime()).isPositive();
      assertThat(s.availablePermits()).isLessThanOrEqualTo(2);
      assertThat(s.waitingForPermit()).isZero();
      assertThat(s.rateLimitWaitTime()).isLessThan(Duration.ofSeconds(10));
    }
  }
}
