package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The provider's snapshot (bulk observation for drift) on both classes against the emulator: what it costs, that
 * it agrees with ensure about drift made by hand, and that a v2 member it never saw makes it answer "cannot tell".
 */
class HuaweiSnapshotTest {

  private static final AtomicInteger SERVICES = new AtomicInteger();
  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
  private static final List<Backend> NODES = List.of(
      Backend.node("node-1", "192.168.0.101"), Backend.node("node-2", "192.168.0.102"),
      Backend.node("node-3", "192.168.0.103"));

  private Emulated env;
  private HuaweiCloudProvider provider;
  /** Another provider on the same cloud: the hand that makes drift, and a provider that never saw a member. */
  private HuaweiCloudProvider other;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
    other = new HuaweiCloudProvider(env.config, env.clients, new CloudCalls(env.config, new FakeSleeper()));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static ServiceKey newKey(String name) {
    int n = SERVICES.incrementAndGet();
    return new ServiceKey("c1", "default", name + n, "uid-" + name + "-" + n);
  }

  private static ListenerSpec tcp(int port, int nodePort) {
    return new ListenerSpec("", Protocol.TCP, port, nodePort, port, ListenerOptions.NONE, PoolSpec.DEFAULT, TCP_CHECK);
  }

  private static LoadBalancerSpec spec(LoadBalancerClass c, String name) {
    ServiceKey key = newKey(name);
    String lb = "lb-" + key.name();
    io.github.lbkit.api.CloudOptions options = c == LoadBalancerClass.DEDICATED
        ? HuaweiTestOptions.plus(HuaweiTestOptions.eip("bw-" + lb, "bandwidth", 5, "PER", "5_bgp"),
            HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, Emulated.L7_FLAVOR, null, null))
        : HuaweiTestOptions.eip("bw-" + lb, "traffic", 10, "PER", "5_bgp");
    return LoadBalancerSpec.builder(key, Attachment.AutoCreate.publicAddress(lb)).cloudOptions(options)
        .loadBalancerClass(c)
        .listeners(List.of(tcp(80, 30080), tcp(443, 30443))).backends(NODES).build();
  }

  /** Ensures a Service and returns its spec as the controller asks again: with the written-back hints. */
  private LoadBalancerSpec converged(LoadBalancerSpec spec) {
    LoadBalancerResult r = provider.ensure(spec);
    return spec.toBuilder().hints(LoadBalancerHints.fromAnnotations(r.annotations())).build();
  }

  private long requests(Runnable action) {
    env.emulator.clearRequests();
    action.run();
    return env.emulator.requests().size();
  }

  private long writes(Runnable action) {
    env.emulator.clearRequests();
    action.run();
    return env.emulator.requests().stream().filter(r -> !r.method().equals("GET")).count();
  }

  @Test
  void aSnapshotCostsTheSameFewReadsForAnyNumberOfConvergedServicesOfBothClasses() {
    List<LoadBalancerSpec> services = new ArrayList<>();
    long[] reads = new long[2];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 3; i++) {
        services.add(converged(spec(LoadBalancerClass.SHARED, "shared")));
        services.add(converged(spec(LoadBalancerClass.DEDICATED, "dedicated")));
      }
      CloudSnapshot[] snapshot = new CloudSnapshot[1];
      reads[round] = requests(() -> snapshot[0] = provider.snapshot().orElseThrow());
      long perService = requests(() -> {
        for (LoadBalancerSpec s : services) {
          assertThat(snapshot[0].converged(s)).as("the snapshot's answer for converged %s", s.key()).isPresent();
        }
      });
      assertThat(perService).as("calls made answering for %s Services", services.size()).isZero();
    }
    assertThat(reads[1]).as("reads of a snapshot over 12 Services against 6").isEqualTo(reads[0]);
    // shared: load balancers, listeners, pools, monitors, EIPs; dedicated: the same (no EIPs) with members and
    // IP groups: one page each.
    assertThat(reads[0]).as("reads of a snapshot").isEqualTo(11);
  }

  @Test
  void aSnapshotsAnswerIsWhatEnsureReturns() {
    for (LoadBalancerClass c : List.of(LoadBalancerClass.SHARED, LoadBalancerClass.DEDICATED)) {
      LoadBalancerSpec s = spec(c, "same");
      LoadBalancerResult ensured = provider.ensure(s);
      LoadBalancerSpec again = s.toBuilder().hints(LoadBalancerHints.fromAnnotations(ensured.annotations())).build();
      assertThat(provider.snapshot().orElseThrow().converged(again)).as("the snapshot's answer on the %s class", c)
          .hasValue(provider.ensure(again));
    }
  }

  /** Drift made by hand on the cloud, on either class. */
  enum Drift {
    MEMBER_DELETED, LISTENER_CHANGED, MONITOR_REMOVED, EIP_UNBOUND
  }

  @ParameterizedTest
  @EnumSource(Drift.class)
  void driftMadeByHandIsNotConvergedUntilAnEnsureRepairsIt(Drift drift) {
    for (LoadBalancerClass c : List.of(LoadBalancerClass.SHARED, LoadBalancerClass.DEDICATED)) {
      LoadBalancerSpec drifted = converged(spec(c, "drifted"));
      LoadBalancerSpec untouched = converged(spec(c, "untouched"));
      assertThat(provider.snapshot().orElseThrow().converged(drifted)).as("before the drift (%s)", c).isPresent();

      makeDrift(drift, drifted);

      CloudSnapshot after = provider.snapshot().orElseThrow();
      assertThat(after.converged(drifted)).as("the snapshot's answer for a Service with %s (%s)", drift, c).isEmpty();
      assertThat(after.converged(untouched)).as("the snapshot's answer for an untouched Service (%s)", c).isPresent();
      assertThat(writes(() -> provider.ensure(drifted))).as("writes of the ensure that repairs %s (%s)", drift, c)
          .isPositive();
      assertThat(provider.snapshot().orElseThrow().converged(drifted)).as("after the repair (%s, %s)", drift, c)
          .isPresent();
    }
  }

  private void makeDrift(Drift drift, LoadBalancerSpec spec) {
    OwnerMarker marker = OwnerMarker.of(spec.key());
    boolean dedicated = spec.loadBalancerClass() == LoadBalancerClass.DEDICATED;
    String lb = env.emulator.loadBalancers().values().stream()
        .filter(l -> marker.matches(l.path("description").asText())).findFirst().orElseThrow().get("id").asText();
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> pools = env.emulator.pools();
    String pool = pools.values().stream().filter(p -> lb.equals(loadBalancerOf(p))).findFirst().orElseThrow()
        .get("id").asText();
    switch (drift) {
      case MEMBER_DELETED -> {
        String member = env.emulator.members().values().stream()
            .filter(m -> pool.equals(m.path("pool_id").asText())).findFirst().orElseThrow().get("id").asText();
        if (dedicated) {
          other.dedicatedElb().batchDeleteMembers(pool, List.of(member));
        } else {
          other.sharedElb().deleteMember(pool, member);
        }
      }
      case LISTENER_CHANGED -> env.emulator.listeners().values().stream()
          .filter(l -> lb.equals(l.path("loadbalancer_id").asText())).findFirst().orElseThrow()
          .put("protocol_port", 8080);
      case MONITOR_REMOVED -> {
        String monitor = pools.get(pool).path("healthmonitor_id").asText();
        if (dedicated) {
          other.dedicatedElb().deleteHealthMonitor(monitor);
        } else {
          other.sharedElb().deleteHealthMonitor(monitor);
        }
      }
      case EIP_UNBOUND -> {
        String eip = env.emulator.publicIps().values().stream()
            .filter(e -> !e.path("port_id").asText("").isEmpty()
                && lbPort(lb).equals(e.path("port_id").asText())).findFirst().orElseThrow().get("id").asText();
        Consumer<String> unbind = dedicated ? other.eip()::disassociate : id -> other.eip().unbind(id);
        unbind.accept(eip);
      }
      default -> throw new IllegalArgumentException(drift.name());
    }
  }

  private String lbPort(String lb) {
    return env.emulator.loadBalancers().get(lb).path("vip_port_id").asText();
  }

  private static String loadBalancerOf(com.fasterxml.jackson.databind.JsonNode pool) {
    return pool.path("loadbalancer_id").asText();
  }

  /**
   * Pass-through agreement on a shared load balancer runs over the bulk index too, and never writes there: a stale
   * record on the Service's own listener leaves it to an ensure, which renames the listener.
   */
  @Test
  void anAttachedSharedServiceIsCheckedForPassThroughWithoutAReadOrAWrite() {
    LoadBalancerSpec owner = converged(spec(LoadBalancerClass.SHARED, "pt-owner").toBuilder()
        .passThrough(PassThrough.ON).build());
    String lb = owner.hints().loadBalancerId();
    LoadBalancerSpec attached = converged(LoadBalancerSpec.builder(newKey("pt-attached"), new Attachment.Existing(lb))
        .listeners(List.of(tcp(81, 30081))).backends(NODES).passThrough(PassThrough.ON).build());
    CloudSnapshot[] snapshot = new CloudSnapshot[1];
    long reads = requests(() -> snapshot[0] = provider.snapshot().orElseThrow());
    assertThat(requests(() -> assertThat(snapshot[0].converged(attached)).as("an attached Service that agrees")
        .isPresent())).as("calls made answering for it").isZero();
    assertThat(requests(() -> assertThat(snapshot[0].converged(attached.toBuilder().passThrough(PassThrough.OFF)
        .build())).as("an attached Service that disagrees").isEmpty())).as("calls made answering for it").isZero();

    env.emulator.listeners().values().stream().filter(l -> l.path("protocol_port").asInt() == 81).findFirst()
        .orElseThrow().put("name", "lbkit-tcp-81");
    CloudSnapshot stale = provider.snapshot().orElseThrow();
    assertThat(writes(() -> assertThat(stale.converged(attached)).as("a Service whose listener's record is stale")
        .isEmpty())).as("writes made answering for it").isZero();
    assertThat(writes(() -> provider.ensure(attached))).as("writes of the ensure that renames it").isPositive();
    assertThat(provider.snapshot().orElseThrow().converged(attached)).as("after the rename").isPresent();
    assertThat(reads).as("reads of a snapshot").isEqualTo(11);
  }

  @Test
  void aV2MemberTheProviderNeverSawMakesTheSnapshotUnsureUntilAnEnsureLearnsIt() {
    LoadBalancerSpec shared = converged(spec(LoadBalancerClass.SHARED, "unknown"));
    LoadBalancerSpec dedicated = converged(spec(LoadBalancerClass.DEDICATED, "known"));

    // Another provider (a restarted controller, say) has never observed the shared Service's members.
    CloudSnapshot first = other.snapshot().orElseThrow();
    assertThat(first.converged(shared)).as("a shared Service whose members were never observed").isEmpty();
    assertThat(first.converged(dedicated)).as("a dedicated Service (v3 lists the project's members)").isPresent();

    assertThat(writes(() -> other.ensure(shared))).as("writes of the ensure of a converged Service").isZero();
    CloudSnapshot[] next = new CloudSnapshot[1];
    long reads = requests(() -> next[0] = other.snapshot().orElseThrow());
    assertThat(requests(() -> assertThat(next[0].converged(shared)).as("once an ensure observed its members")
        .isPresent())).as("calls made answering for the shared Service").isZero();
    assertThat(reads).as("reads of the next snapshot").isEqualTo(11);
  }
}
