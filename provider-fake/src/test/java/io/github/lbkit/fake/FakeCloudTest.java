package io.github.lbkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.fake.FakeResources.Eip;
import io.github.lbkit.fake.FakeResources.Kind;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeCloudTest {

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final FakeCloud cloud = FakeCloud.create(1);

  private LoadBalancer sharedLb() {
    return cloud.createLoadBalancer("lb", "", LoadBalancerClass.SHARED, cloud.defaultSubnet().neutronSubnetId(),
        List.of(), null, null, Map.of(), null);
  }

  /** A setup step on a fresh cloud and the call that the cloud must refuse. */
  record Refusal(Consumer<FakeCloud> setUp, java.util.function.Function<FakeCloud, ThrowingCallable> call) {}

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("a second TCP listener on one port", 409, "ELB.8907", c -> {
          String lb = lb(c);
          c.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE);
          return () -> c.createListener(lb, "b", "", Protocol.TCP, 80, ListenerOptions.NONE);
        }),
        refusal("HTTP on a port TCP holds", 409, "ELB.8907", c -> {
          String lb = lb(c);
          c.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE);
          return () -> c.createListener(lb, "b", "", Protocol.HTTP, 80, ListenerOptions.NONE);
        }),
        refusal("deleting a load balancer with listeners", 400, "ELB.1018", c -> {
          String lb = lb(c);
          c.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE);
          return () -> c.deleteLoadBalancer(lb);
        }),
        refusal("deleting a load balancer with an EIP bound", 409, "ELB.8907", c -> {
          String lb = lb(c);
          Eip e = c.createEip("5_bgp", FakeInspector.USER_BANDWIDTH, "");
          c.bindEip(e.id(), c.showLoadBalancer(lb).vipPortId());
          return () -> c.deleteLoadBalancer(lb);
        }),
        refusal("deleting a bound EIP", 409, "VPC.0517", c -> {
          String lb = lb(c);
          Eip e = c.createEip("5_bgp", FakeInspector.USER_BANDWIDTH, "");
          c.bindEip(e.id(), c.showLoadBalancer(lb).vipPortId());
          return () -> c.deleteEip(e.id());
        }),
        refusal("deleting a listener that has a pool", 409, "ELB.8907", c -> {
          String l = c.createListener(lb(c), "a", "", Protocol.TCP, 80, ListenerOptions.NONE).id();
          c.createPool(l, Protocol.TCP, Algorithm.ROUND_ROBIN, null);
          return () -> c.deleteListener(l);
        }),
        refusal("deleting a pool that has a monitor", 409, "ELB.8907", c -> {
          String l = c.createListener(lb(c), "a", "", Protocol.TCP, 80, ListenerOptions.NONE).id();
          String p = c.createPool(l, Protocol.TCP, Algorithm.ROUND_ROBIN, null).id();
          c.createMonitor(p, new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null));
          return () -> c.deletePool(p);
        }),
        refusal("a second pool on one listener", 409, "ELB.8907", c -> {
          String l = c.createListener(lb(c), "a", "", Protocol.TCP, 80, ListenerOptions.NONE).id();
          c.createPool(l, Protocol.TCP, Algorithm.ROUND_ROBIN, null);
          return () -> c.createPool(l, Protocol.TCP, Algorithm.ROUND_ROBIN, null);
        }),
        refusal("a VPC subnet id where a neutron subnet id belongs", 400, "ELB.8902",
            c -> () -> c.createLoadBalancer("lb", "", LoadBalancerClass.SHARED, c.defaultSubnet().id(), List.of(),
                null, null, Map.of(), null)),
        refusal("a dedicated load balancer without AZs", 400, "ELB.8902",
            c -> () -> c.createLoadBalancer("lb", "", LoadBalancerClass.DEDICATED,
                c.defaultSubnet().neutronSubnetId(), List.of(), null, null, Map.of(), null)),
        refusal("showing a missing load balancer", 404, "ELB.8904", c -> () -> c.showLoadBalancer("nope")),
        refusal("deleting a missing EIP", 404, "VPC.0504", c -> () -> c.deleteEip("nope")));
  }

  static String lb(FakeCloud c) {
    return c.createLoadBalancer("lb", "", LoadBalancerClass.SHARED, c.defaultSubnet().neutronSubnetId(), List.of(),
        null, null, Map.of(), null).id();
  }

  static Arguments refusal(
      String name, int status, String code, java.util.function.Function<FakeCloud, ThrowingCallable> call) {
    return Arguments.of(Named.of(name, call), status, code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void enforcesTheApiRules(java.util.function.Function<FakeCloud, ThrowingCallable> arrange, int status, String code) {
    FakeCloud c = FakeCloud.create(3);
    ThrowingCallable call = arrange.apply(c);
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(status);
          assertThat(e.errorCode()).isEqualTo(code);
          assertThat(e.retryable()).isFalse();
          assertThat(e.requestId()).startsWith("req-");
        });
    assertThat(c.journal().get(c.journal().size() - 1).outcome()).isEqualTo(status + " " + code);
  }

  @Test
  void quotasAreEnforced() {
    FakeCloud c = FakeCloud.builder().quotas(new FakeCloud.Quotas(1, 1, 1, 1)).build();
    String lb = lb(c);
    assertThatThrownBy(() -> lb(c)).hasMessageContaining("ELB.8905");
    c.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE);
    assertThatThrownBy(() -> c.createListener(lb, "b", "", Protocol.TCP, 81, ListenerOptions.NONE))
        .hasMessageContaining("ELB.8905");
    c.createEip("5_bgp", FakeInspector.USER_BANDWIDTH, "");
    assertThatThrownBy(() -> c.createEip("5_bgp", FakeInspector.USER_BANDWIDTH, ""))
        .hasMessageContaining("VPC.0521");
  }

  @Test
  void scriptedFaultsSurfaceAsRealisticErrorsInOrder() {
    String lb = sharedLb().id();
    cloud.faults().script(CloudOperation.CREATE_LISTENER, Fault.THROTTLED, Fault.BUSY);
    assertThatThrownBy(() -> cloud.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(429);
          assertThat(e.errorCode()).isEqualTo("APIG.0308");
          assertThat(e.retryable()).isTrue();
        });
    assertThatThrownBy(() -> cloud.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE))
        .hasMessageContaining("VPC.0512");
    cloud.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE);
    assertThat(cloud.journal().stream().map(Call::outcome).toList())
        .containsSubsequence("429 APIG.0308", "409 VPC.0512", "OK");
  }

  @Test
  void aTimedOutWriteWasApplied() {
    cloud.faults().script(CloudOperation.CREATE_EIP, Fault.TIMEOUT);
    assertThatThrownBy(() -> cloud.createEip("5_bgp", FakeInspector.USER_BANDWIDTH, "x"))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(CloudApiException.NO_RESPONSE);
          assertThat(e.retryable()).isTrue();
        });
    assertThat(cloud.inventory()).extracting(FakeResources.Resource::kind).containsExactly(Kind.EIP);
  }

  @Test
  void rateLimitThrottlesAboveNCallsPerSecondOfTheInjectedClock() {
    ManualClock clock = new ManualClock();
    FakeCloud c = FakeCloud.builder().clock(clock).build();
    c.faults().rateLimit(3);
    for (int i = 0; i < 3; i++) {
      c.listLoadBalancers(null);
    }
    assertThatThrownBy(() -> c.listLoadBalancers(null)).hasMessageContaining("APIG.0308");
    clock.advance(Duration.ofSeconds(1));
    assertThat(c.listLoadBalancers(null)).isEmpty();
  }

  @Test
  void latencyGoesThroughTheSleeper() {
    List<Duration> slept = new ArrayList<>();
    FakeCloud c = FakeCloud.builder().sleeper(slept::add).build();
    c.faults().latency(Duration.ofMillis(250));
    c.listEips(null);
    c.listFlavors();
    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void crashHookAbortsAfterTheKthWriteWhichIsApplied() {
    cloud.faults().crashAfterWrites(2);
    String lb = sharedLb().id();
    cloud.listLoadBalancers(null);
    assertThatThrownBy(() -> cloud.createListener(lb, "a", "", Protocol.TCP, 80, ListenerOptions.NONE))
        .isInstanceOf(SimulatedCrashException.class);
    assertThat(cloud.inventory()).extracting(FakeResources.Resource::kind)
        .containsExactly(Kind.LOAD_BALANCER, Kind.LISTENER);
    cloud.createListener(lb, "b", "", Protocol.TCP, 81, ListenerOptions.NONE);
    assertThat(cloud.writes()).isEqualTo(3);
    assertThat(cloud.reads()).isEqualTo(1);
  }

  @Test
  void errorRatesApplyPerOperation() {
    cloud.faults().errorRate(CloudOperation.LIST_EIPS, 1.0, Fault.SERVER_ERROR);
    assertThatThrownBy(() -> cloud.listEips(null)).hasMessageContaining("ELB.8906");
    assertThat(cloud.listLoadBalancers(null)).isEmpty();
    cloud.faults().clear();
    assertThat(cloud.listEips(null)).isEmpty();
  }

  @Test
  void vipComesFromTheSubnetAndIdsAreUnique() {
    FakeResources.Subnet other = cloud.addSubnet("vpc-2", "10.9.0.0/24");
    LoadBalancer a = cloud.createLoadBalancer("a", "", LoadBalancerClass.SHARED, other.neutronSubnetId(), List.of(),
        null, null, Map.of(), null);
    LoadBalancer b = sharedLb();
    assertThat(a.vipAddress()).startsWith("10.9.0.");
    assertThat(b.vipAddress()).startsWith("192.168.0.");
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(other.neutronNetworkId()).isEqualTo(other.id());
    assertThat(other.neutronSubnetId()).isNotEqualTo(other.id());
  }
}
