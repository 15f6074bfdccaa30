package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Taking over load balancers CCE's controller created, on both Huawei classes against the emulator: the same cases
 * as the fake provider's adoption test (adopted with markers only, then updated and deleted normally; a mismatch
 * refused without a write; handed back without a delete).
 */
class HuaweiAdoptionTest {

  private static final ServiceKey KEY = new ServiceKey("c1", "shop", "web", "uid-1");
  private static final String MARKER = OwnerMarker.of(KEY).value();
  private static final List<String> NODES = List.of("192.168.0.101", "192.168.0.102");
  /** CCE's default health check (reference huawei-api-and-sdk.md A.3: delay 5, timeout 10, max_retries 3). */
  private static final HealthCheck CCE_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 10, 3, null, null, null, null);

  private Emulated env;
  private HuaweiCloudProvider provider;

  @BeforeEach
  void setUp() {
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private ElbEmulator.CceTree seed(LoadBalancerClass cls) {
    return env.emulator.insertCceLoadBalancer(cls == LoadBalancerClass.DEDICATED, "cce-lb-uid-1", "TCP", 80,
        NODES, 30080);
  }

  private static ListenerSpec listener(Protocol protocol, int port, int nodePort) {
    return new ListenerSpec("", protocol, port, nodePort, port, ListenerOptions.NONE, PoolSpec.DEFAULT, CCE_CHECK);
  }

  private static LoadBalancerSpec.Builder spec(LoadBalancerClass cls, Adoption adoption, int nodes) {
    CloudOptions eip = HuaweiTestOptions.eip("cce-bandwidth-1", "bandwidth", 5, "PER", "5_bgp");
    CloudOptions options = cls == LoadBalancerClass.DEDICATED
        ? HuaweiTestOptions.plus(eip, HuaweiTestOptions.dedicated(List.of(Emulated.AZ), Emulated.L4_FLAVOR, null,
            null, null))
        : eip;
    List<Backend> backends = new java.util.ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      backends.add(Backend.node("node-" + i, "192.168.0." + (100 + i)));
    }
    return LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.publicAddress("cce-lb-uid-1"))
        .cloudOptions(options)
        .loadBalancerClass(cls)
        .listener(listener(Protocol.TCP, 80, 30080))
        .backends(backends)
        .adoption(adoption);
  }

  private static Adoption byId(ElbEmulator.CceTree cce) {
    return new Adoption(cce.loadBalancerId(), cce.eipId(), List.of());
  }

  /** The emulator's journal since it was last cleared, as {@code METHOD path} of every write. */
  private List<String> writes() {
    return env.emulator.requests().stream().filter(r -> !r.method().equals("GET"))
        .map(r -> r.method() + " " + r.path()).toList();
  }

  private ObjectNode loadBalancer(String id) {
    return env.emulator.loadBalancers().get(id);
  }

  @Test
  void huaweiDeclaresAdoption() {
    assertThat(provider.capabilities().supports(Feature.ADOPTION)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void aCceLoadBalancerWithItsEipIsAdoptedWithMarkersOnlyThenUpdatedAndDeletedNormally(LoadBalancerClass cls) {
    ElbEmulator.CceTree cce = seed(cls);
    env.emulator.clearRequests();

    LoadBalancerResult r = provider.ensure(spec(cls, byId(cce), 2).build());

    assertThat(writes()).as("only markers are written: no create, no delete")
        .allMatch(w -> w.startsWith("PUT "))
        .hasSize(3);
    assertThat(env.emulator.count("POST", ".*")).isZero();
    assertThat(env.emulator.count("DELETE", ".*")).isZero();
    assertThat(r.status().ingress().get(0).ip()).isEqualTo(cce.eipAddress());
    assertThat(r.status().loadBalancerId()).isEqualTo(cce.loadBalancerId());
    assertThat(r.annotations()).containsEntry(LoadBalancerHints.ELB_ID, cce.loadBalancerId())
        .containsEntry(LoadBalancerHints.ELB_EIP_ID, cce.eipId());
    assertThat(r.adopted()).containsExactly("load balancer " + cce.loadBalancerId(), "EIP " + cce.eipId(),
        "listener TCP:80 (" + cce.listenerId() + ")");
    assertThat(loadBalancer(cce.loadBalancerId()).path("description").asText()).isEqualTo(MARKER);
    assertThat(OwnerMarker.of(KEY).matches(env.emulator.listeners().get(cce.listenerId()).path("description").asText()))
        .isTrue();
    ObjectNode eip = env.emulator.publicIps().get(cce.eipId());
    assertThat(eip.path("alias").asText()).isEqualTo(SharedMapping.eipAlias(MARKER));
    assertThat(eip.path("port_id").asText()).as("still bound").isNotEmpty();
    assertThat(env.emulator.loadBalancers()).hasSize(1);
    assertThat(env.emulator.publicIps()).hasSize(1);

    // Converged: a second ensure writes nothing and adopts nothing.
    env.emulator.clearRequests();
    assertThat(provider.ensure(spec(cls, byId(cce), 2).build()).adopted()).isEmpty();
    assertThat(writes()).isEmpty();

    // Updated normally: a node more; the address stays, the CCE pool keeps serving.
    LoadBalancerResult more = provider.ensure(spec(cls, byId(cce), 3).build());
    assertThat(more.status().ingress().get(0).ip()).isEqualTo(cce.eipAddress());
    assertThat(env.emulator.members().values())
        .filteredOn(m -> m.path("pool_id").asText(cce.poolId()).equals(cce.poolId()))
        .hasSize(3);
    assertThat(env.emulator.listeners()).hasSize(1);

    // Deleted normally: the load balancer, its listener, pool and the adopted EIP go.
    env.emulator.clearRequests();
    provider.delete(KEY, new LoadBalancerHints(cce.loadBalancerId(), cce.eipId(), false));
    assertThat(env.emulator.loadBalancers()).isEmpty();
    assertThat(env.emulator.listeners()).isEmpty();
    assertThat(env.emulator.pools()).isEmpty();
    assertThat(env.emulator.publicIps()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void aLoadBalancerOfTheOtherClassIsRefusedWithoutAWrite(LoadBalancerClass cls) {
    LoadBalancerClass other = cls == LoadBalancerClass.SHARED ? LoadBalancerClass.DEDICATED : LoadBalancerClass.SHARED;
    ElbEmulator.CceTree cce = seed(cls);
    env.emulator.clearRequests();

    assertThatThrownBy(() -> provider.ensure(spec(other, byId(cce), 2).build()))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("cannot be taken over from CCE's controller: it is " + cls.annotationValue())
        .hasMessageContaining("nothing was changed");
    assertThat(writes()).isEmpty();
    assertThat(loadBalancer(cce.loadBalancerId()).path("description").asText()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void aLoadBalancerInAnotherVpcIsRefusedWithoutAWrite(LoadBalancerClass cls) {
    env.emulator.addSubnet("net-9999", "sub-9999", "vpc-9", "172.16.0.0/24");
    ElbEmulator.CceTree cce = env.emulator.insertCceLoadBalancer("net-9999", cls == LoadBalancerClass.DEDICATED,
        "cce-lb-uid-1", "TCP", 80, List.of("172.16.0.101"), 30080);
    env.emulator.clearRequests();

    assertThatThrownBy(() -> provider.ensure(spec(cls, byId(cce), 2).build()))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining(cls == LoadBalancerClass.DEDICATED
            ? "it is in VPC vpc-9, not in the cluster's VPC vpc-1"
            : "it is in VPC of VIP subnet sub-9999, not in the cluster's VPC vpc-1");
    assertThat(writes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void aListenerWithAnotherProtocolIsRefusedWithoutAWrite(LoadBalancerClass cls) {
    ElbEmulator.CceTree cce = seed(cls);
    env.emulator.clearRequests();
    LoadBalancerSpec http = spec(cls, byId(cce), 2).listeners(List.of(listener(Protocol.HTTP, 80, 30080))).build();

    assertThatThrownBy(() -> provider.ensure(http))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("listener " + cce.listenerId() + " cannot be taken over")
        .hasMessageContaining("with TCP, but the Service asks for HTTP");
    assertThat(writes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void aListenerMarkedByAnotherServiceIsRefusedWithoutAWrite(LoadBalancerClass cls) {
    ElbEmulator.CceTree cce = seed(cls);
    String other = OwnerMarker.of(new ServiceKey("c1", "other", "api", "uid-9")).value();
    env.emulator.listeners().get(cce.listenerId()).put("description", other);
    env.emulator.clearRequests();

    assertThatThrownBy(() -> provider.ensure(spec(cls, byId(cce), 2).build()))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("carries the owner marker '" + other + "' of another Service");
    assertThat(writes()).isEmpty();
  }

  @Test
  void anIdTheCloudDoesNotKnowIsRefusedWithoutAWrite() {
    seed(LoadBalancerClass.SHARED);
    env.emulator.clearRequests();

    assertThatThrownBy(() -> provider.ensure(spec(LoadBalancerClass.SHARED,
        new Adoption("no-such-lb", null, List.of()), 2).build()))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("it does not exist");
    assertThat(writes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void byNameTheOnlyUnmarkedLoadBalancerOfTheNameIsAdopted(LoadBalancerClass cls) {
    ElbEmulator.CceTree cce = seed(cls);
    env.emulator.clearRequests();

    LoadBalancerResult r = provider.ensure(spec(cls, new Adoption(null, null, List.of("cce-lb-uid-1")), 2).build());

    assertThat(r.status().loadBalancerId()).isEqualTo(cce.loadBalancerId());
    assertThat(r.status().ingress().get(0).ip()).isEqualTo(cce.eipAddress());
    assertThat(env.emulator.count("POST", ".*")).isZero();
    assertThat(env.emulator.count("DELETE", ".*")).isZero();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void previewReadsOnlyAndShowsTheMarkers(LoadBalancerClass cls) {
    ElbEmulator.CceTree cce = seed(cls);
    env.emulator.clearRequests();

    Plan plan = provider.preview(spec(cls, byId(cce), 2).build());

    assertThat(plan.operations()).hasSize(3).allMatch(io.github.lbkit.api.plan.Operation::isMark);
    assertThat(writes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void handingBackRemovesTheMarkersAndDeletesNothing(LoadBalancerClass cls) {
    ElbEmulator.CceTree cce = seed(cls);
    provider.ensure(spec(cls, byId(cce), 2).build());
    env.emulator.clearRequests();

    provider.release(KEY, new LoadBalancerHints(cce.loadBalancerId(), cce.eipId(), false));

    assertThat(writes()).isNotEmpty().allMatch(w -> w.startsWith("PUT "));
    assertThat(loadBalancer(cce.loadBalancerId()).path("description").asText()).isEmpty();
    assertThat(env.emulator.listeners().get(cce.listenerId()).path("description").asText()).isEmpty();
    ObjectNode eip = env.emulator.publicIps().get(cce.eipId());
    assertThat(eip.path("alias").asText()).isEmpty();
    assertThat(eip.path("port_id").asText()).as("still bound").isNotEmpty();

    // The Service's later deletion deletes nothing: nothing is its own any more.
    env.emulator.clearRequests();
    provider.delete(KEY, new LoadBalancerHints(cce.loadBalancerId(), cce.eipId(), false));
    assertThat(env.emulator.count("DELETE", ".*")).isZero();
    assertThat(env.emulator.loadBalancers()).containsKey(cce.loadBalancerId());
    assertThat(env.emulator.publicIps()).containsKey(cce.eipId());
  }
}
