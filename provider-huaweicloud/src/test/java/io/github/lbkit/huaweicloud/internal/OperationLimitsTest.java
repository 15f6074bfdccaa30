package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.lbkit.huaweicloud.OperationLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Limits of single operations (ELB v2 member creation: 200 calls per minute, reference section D): the provider
 * spaces its calls to fit instead of meeting 429s.
 */
class OperationLimitsTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void theDocumentedLimitIsTheDefaultAndTheKeyParses() {
    assertThat(HuaweiCloudConfig.DEFAULT_OPERATION_LIMITS)
        .containsExactly(Map.entry("createMember", new OperationLimit(200, MINUTE)));
    assertThat(OperationLimit.parseAll("k", " createMember=200/1m , batchCreateMembers=50/10s,x=3/500ms"))
        .containsExactly(Map.entry("createMember", new OperationLimit(200, MINUTE)),
            Map.entry("batchCreateMembers", new OperationLimit(50, Duration.ofSeconds(10))),
            Map.entry("x", new OperationLimit(3, Duration.ofMillis(500))));
    assertThat(OperationLimit.parseAll("k", "none")).isEmpty();
    assertThat(OperationLimit.format(OperationLimit.parseAll("k", "createMember=200/1m")))
        .isEqualTo("createMember=200/60000ms");
  }

  @Test
  void aBadEntryIsRefusedNamingTheKeyTheEntryAndTheForm() {
    for (String bad : List.of("createMember", "createMember=200", "createMember=x/1m", "createMember=200/1h",
        "=200/1m", "createMember=0/1m", "a=1/1m,a=2/1m")) {
      assertThatThrownBy(() -> HuaweiCloudConfig.fromProviderConfig(new ProviderConfig(Map.of(
              HuaweiCloudConfig.KEY_REGION, "cn-north-4", HuaweiCloudConfig.KEY_PROJECT_ID, Emulated.PROJECT,
              HuaweiCloudConfig.KEY_ACCESS_KEY, "ak", HuaweiCloudConfig.KEY_SECRET_KEY, "sk",
              HuaweiCloudConfig.KEY_OPERATION_LIMITS, bad)), Map.of()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("huaweicloud.rateLimit.operations");
    }
    assertThatThrownBy(() -> OperationLimit.parseAll("huaweicloud.rateLimit.operations", "createMember=200"))
        .hasMessageContaining("'createMember=200'").hasMessageContaining("createMember=200/1m");
  }

  @Test
  void slotsNeverPutMoreCallsInAWindowThanTheLimit() {
    long[] now = {0};
    OperationPacer pacer = new OperationPacer(Map.of("createMember", new OperationLimit(200, MINUTE)), () -> now[0]);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      Duration wait = pacer.reserve("createMember");
      now[0] += wait.toNanos(); // the caller sleeps, then calls
      starts.add(now[0]);
      now[0] += Duration.ofMillis(20).toNanos(); // each call takes 20 ms
    }
    for (int i = 200; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - 200))
          .as("call %d starts a minute or more after call %d", i, i - 200).isGreaterThanOrEqualTo(MINUTE.toNanos());
    }
    assertThat(starts.get(199)).as("the first 200 go without waiting").isEqualTo(199 * 20_000_000L);
    assertThat(pacer.reserve("showLoadbalancer")).as("an operation without a limit").isZero();
  }

  /** 250 nodes behind a shared load balancer: 250 member creations, 50 more than a minute allows. */
  @Test
  void aSharedLoadBalancerWithMoreMembersThanAMinuteAllowsIsCreatedWithoutA429() {
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000)
        .subnetId(Emulated.VPC_SUBNET))) {
      FakeSleeper sleeper = new FakeSleeper();
      env.emulator.limitMemberCreation(200, MINUTE, sleeper::nanoTime);
      HuaweiCloudProvider provider =
          new HuaweiCloudProvider(env.config, env.clients, new CloudCalls(env.config, sleeper, sleeper::nanoTime));

      LoadBalancerResult r = provider.ensure(spec());

      assertThat(env.emulator.members()).as("every node is a member").hasSize(250);
      assertThat(env.emulator.throttledMemberCreations()).as("member creations answered 429").isZero();
      assertThat(sleeper.sleeps().stream().mapToLong(Duration::toMillis).max().orElse(0))
          .as("the 201st creation waited for the window, close to a minute")
          .isGreaterThan(Duration.ofSeconds(30).toMillis());
      provider.delete(spec().key(), LoadBalancerHints.fromAnnotations(r.annotations()));
      assertThat(env.emulator.members()).isEmpty();
    }
  }

  /** The same without the per-operation limit: what the provider did before it knew the limit. */
  @Test
  void withoutTheLimitTheSameCreateMeetsThrottling() {
    try (Emulated env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000)
        .subnetId(Emulated.VPC_SUBNET).operationLimits(Map.of()))) {
      FakeSleeper sleeper = new FakeSleeper();
      env.emulator.limitMemberCreation(200, MINUTE, sleeper::nanoTime);
      HuaweiCloudProvider provider =
          new HuaweiCloudProvider(env.config, env.clients, new CloudCalls(env.config, sleeper, sleeper::nanoTime));

      try {
        provider.ensure(spec());
      } catch (RuntimeException e) {
        // throttled until the retries ran out: that is the point
      }

      assertThat(env.emulator.throttledMemberCreations()).as("member creations answered 429").isPositive();
    }
  }

  private static LoadBalancerSpec spec() {
    List<Backend> nodes = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      nodes.add(Backend.node("node-" + i, "192.168.0." + i));
    }
    HealthCheck tcp = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
    return LoadBalancerSpec.builder(new ServiceKey("c1", "default", "big", "uid-big"),
            Attachment.AutoCreate.inner("lb-big"))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT, tcp))
        .backends(nodes)
        .build();
  }
}
