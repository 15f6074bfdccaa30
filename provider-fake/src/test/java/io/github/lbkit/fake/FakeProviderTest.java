package io.github.lbkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerException;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FakeProviderTest {

  static final ServiceKey KEY = new ServiceKey("c1", "default", "web", "uid-1");
  static final FakeResources.Bandwidth BW = new FakeResources.Bandwidth("bw", "traffic", 10, "PER");
  static final CloudOptions BW_OPTIONS = CloudOptions.of(Map.of("huaweicloud.bandwidth.name", "bw",
      "huaweicloud.bandwidth.chargemode", "traffic", "huaweicloud.bandwidth.size", "10",
      "huaweicloud.bandwidth.sharetype", "PER", "huaweicloud.eip.type", "5_bgp"));

  static LoadBalancerSpec spec() {
    return LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.publicAddress("web")).cloudOptions(BW_OPTIONS)
        .listener(ListenerSpec.tcp(80, 30080))
        .listener(ListenerSpec.tcp(443, 30443))
        .backends(List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2")))
        .build();
  }

  /** Runs a life cycle under seeded faults and returns the journal. */
  static List<Call> lifeCycle(long seed) {
    FakeCloud cloud = FakeCloud.create(seed);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.builder(cloud).jitterSeed(seed).build();
    cloud.faults().errorRate(0.2, Fault.THROTTLED, Fault.TIMEOUT, Fault.SERVER_ERROR);
    retrying(() -> p.ensure(spec()));
    retrying(() -> {
      p.updateBackends(spec().toBuilder().backends(List.of(Backend.node("n3", "10.0.0.3"))).build());
      return null;
    });
    retrying(() -> {
      p.delete(KEY, LoadBalancerHints.NONE);
      return null;
    });
    return cloud.journal();
  }

  static <T> T retrying(java.util.function.Supplier<T> s) {
    for (int i = 0; ; i++) {
      try {
        return s.get();
      } catch (LoadBalancerException e) {
        if (!e.retryable() || i > 20) {
          throw e;
        }
      }
    }
  }

  @Test
  void somethingGoneSinceObservedIsObservedAgainNotAFailure() {
    FakeCloud cloud = FakeCloud.create(4);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    // As when a racing controller removed the EIP this one was about to bind.
    cloud.faults().script(CloudOperation.BIND_EIP, Fault.NOT_FOUND);

    LoadBalancerResult r = p.ensure(spec());

    assertThat(cloud.snapshot()).singleElement().satisfies(t -> {
      assertThat(t.loadBalancer().id()).isEqualTo(r.status().loadBalancerId());
      assertThat(t.eip()).isNotNull();
    });
    assertThat(cloud.inventory()).filteredOn(x -> x.kind() == FakeResources.Kind.EIP).hasSize(1);
  }

  @Test
  void aNodeChangeCostsTwoReadsAndOneWritePerPool() {
    FakeCloud cloud = FakeCloud.create(3);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    p.ensure(spec());
    long reads = cloud.reads();
    long writes = cloud.writes();

    p.updateBackends(spec().toBuilder().backends(List.of(Backend.node("n1", "10.0.0.1"),
        Backend.node("n2", "10.0.0.2"), Backend.node("n3", "10.0.0.3"))).build());

    // Find by marker, read the tree; then one member per listener, and nothing read again.
    assertThat(cloud.reads() - reads).isEqualTo(2);
    assertThat(cloud.writes() - writes).isEqualTo(2);
    assertThat(cloud.snapshot().get(0).members()).hasSize(6);
    long converged = cloud.writes();
    p.ensure(spec().toBuilder().backends(List.of(Backend.node("n1", "10.0.0.1"),
        Backend.node("n2", "10.0.0.2"), Backend.node("n3", "10.0.0.3"))).build());
    assertThat(cloud.writes()).isEqualTo(converged);
  }

  @Test
  void sameSeedGivesTheSameJournal() {
    List<Call> a = lifeCycle(7);
    List<Call> b = lifeCycle(7);
    assertThat(a).isNotEmpty().isEqualTo(b);
    assertThat(a).anyMatch(c -> !c.ok());
    assertThat(lifeCycle(8)).isNotEqualTo(a);
  }

  @Test
  void retriesRetryableFaultsWithBackoffThroughTheSleeper() {
    FakeCloud cloud = FakeCloud.create(1);
    List<Duration> slept = new ArrayList<>();
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.builder(cloud).sleeper(slept::add).build();
    cloud.faults().script(CloudOperation.CREATE_LOAD_BALANCER, Fault.THROTTLED, Fault.SERVER_ERROR);
    LoadBalancerResult r = p.ensure(spec());
    assertThat(r.status().loadBalancerId()).isNotBlank();
    assertThat(slept).hasSize(2);
    assertThat(slept.get(1)).isGreaterThan(slept.get(0).dividedBy(2));
    assertThat(cloud.inventory().stream().filter(x -> x.kind() == FakeResources.Kind.LOAD_BALANCER)).hasSize(1);
  }

  @Test
  void convergesUnderTheApiRateLimitBackingOffOnTheInjectedClock() {
    FakeCloudTest.ManualClock clock = new FakeCloudTest.ManualClock();
    FakeCloud cloud = FakeCloud.builder().clock(clock).build();
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.builder(cloud).sleeper(clock::advance).build();
    cloud.faults().rateLimit(6);
    LoadBalancerResult r = p.ensure(spec());
    assertThat(r.status().ingress()).hasSize(1);
    assertThat(cloud.journal()).anyMatch(c -> c.outcome().equals("429 APIG.0308"));
    assertThat(cloud.inventory().stream().filter(x -> x.kind() == FakeResources.Kind.LOAD_BALANCER)).hasSize(1);
  }

  @Test
  void givesUpAfterMaxAttempts() {
    FakeCloud cloud = FakeCloud.create(1);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.builder(cloud).maxAttempts(2).build();
    cloud.faults().script(CloudOperation.LIST_LOAD_BALANCERS, Fault.THROTTLED, Fault.THROTTLED, Fault.THROTTLED);
    assertThatThrownBy(() -> p.ensure(spec()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(429));
  }

  @Test
  void aTimedOutCreateIsFoundNotRepeated() {
    FakeCloud cloud = FakeCloud.create(1);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    cloud.faults().script(CloudOperation.CREATE_LOAD_BALANCER, Fault.TIMEOUT);
    cloud.faults().script(CloudOperation.CREATE_EIP, Fault.TIMEOUT);
    cloud.faults().script(CloudOperation.CREATE_LISTENER, Fault.TIMEOUT);
    p.ensure(spec());
    assertThat(cloud.inventory().stream().collect(Collectors.groupingBy(FakeResources.Resource::kind,
        Collectors.counting())))
        .containsEntry(FakeResources.Kind.LOAD_BALANCER, 1L)
        .containsEntry(FakeResources.Kind.EIP, 1L)
        .containsEntry(FakeResources.Kind.LISTENER, 2L);
  }

  @Test
  void neverWritesToForeignResources() {
    FakeCloud cloud = FakeCloud.create(1);
    FakeInspector inspector = new FakeInspector(cloud);
    var foreign = inspector.createForeignLoadBalancer(io.github.lbkit.api.Protocol.TCP, 9000, true);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    LoadBalancerSpec attach = LoadBalancerSpec.builder(KEY, new Attachment.Existing(foreign.loadBalancerId()))
        .listener(ListenerSpec.tcp(80, 30080)).build();
    int before = cloud.journal().size();
    p.ensure(attach);
    p.delete(KEY, LoadBalancerHints.NONE);
    Set<String> foreignIds = Set.of(foreign.loadBalancerId(), foreign.listenerId(), String.valueOf(foreign.eipId()));
    assertThat(cloud.journal().subList(before, cloud.journal().size()))
        .filteredOn(c -> c.operation().mutating() && c.operation() != CloudOperation.CREATE_LISTENER)
        .isNotEmpty()
        .noneMatch(c -> foreignIds.contains(c.resource()));
  }

  @Test
  void existingLoadBalancerThatDoesNotExistIsAnInvalidService() {
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(FakeCloud.create(1));
    LoadBalancerSpec attach = LoadBalancerSpec.builder(KEY, new Attachment.Existing("missing"))
        .listener(ListenerSpec.tcp(80, 30080)).build();
    assertThatThrownBy(() -> p.ensure(attach))
        .isInstanceOfSatisfying(InvalidServiceException.class,
            e -> assertThat(e.problems().get(0).key()).isEqualTo(LoadBalancerHints.ELB_ID));
  }

  @Test
  void dedicatedLoadBalancerGetsAzFlavorAndNeutronSubnet() {
    FakeCloud cloud = FakeCloud.create(1);
    FakeResources.Subnet subnet = cloud.addSubnet("vpc-1", "10.1.0.0/24");
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    Attachment.AutoCreate a = Attachment.AutoCreate.inner("ded");
    p.ensure(LoadBalancerSpec.builder(KEY, a).loadBalancerClass(LoadBalancerClass.DEDICATED)
        .cloudOption("huaweicloud.availability-zones", "az-2")
        .cloudOption("huaweicloud.l4-flavor-name", "L4_flavor.elb.s1.small")
        .subnetId(subnet.id()).listener(ListenerSpec.tcp(80, 30080)).build());
    LoadBalancer lb = cloud.listLoadBalancers(null).get(0);
    assertThat(lb.loadBalancerClass()).isEqualTo(LoadBalancerClass.DEDICATED);
    assertThat(lb.availabilityZones()).containsExactly("az-2");
    assertThat(lb.l4FlavorId()).isEqualTo(cloud.listFlavors().get(0).id());
    assertThat(lb.vipSubnetId()).isEqualTo(subnet.neutronSubnetId());
    assertThat(lb.vipAddress()).startsWith("10.1.0.");
  }

  @Test
  void unknownFlavorIsRefused() {
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(FakeCloud.create(1));
    Attachment.AutoCreate a = Attachment.AutoCreate.inner("ded");
    assertThatThrownBy(() -> p.ensure(LoadBalancerSpec.builder(KEY, a).loadBalancerClass(LoadBalancerClass.DEDICATED)
        .cloudOption("huaweicloud.l4-flavor-name", "no-such-flavor").build()))
        .isInstanceOf(CloudApiException.class)
        .hasMessageContaining("no-such-flavor");
  }

  @Test
  void foundThroughServiceLoaderWithNegativePriority() {
    LoadBalancerProviderFactory f = LoadBalancerProviders.discover().byName("fake").orElseThrow();
    assertThat(f.priority()).isNegative();
    try (LoadBalancerProvider p = f.create(ProviderConfig.of(FakeLoadBalancerProviderFactory.SEED, "5"))) {
      assertThat(p.name()).isEqualTo("fake");
      assertThat(p.ensure(spec()).status().ingress()).hasSize(1);
    }
    assertThatThrownBy(() -> f.create(ProviderConfig.of(FakeLoadBalancerProviderFactory.SEED, "x")))
        .hasMessageContaining(FakeLoadBalancerProviderFactory.SEED);
  }

  @Test
  void onlyAnEipLbkitCreatedIsWrittenBack() {
    FakeCloud cloud = FakeCloud.create(5);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    LoadBalancerResult own = p.ensure(spec());
    assertThat(own.annotations()).containsKey(LoadBalancerHints.ELB_EIP_ID);

    FakeResources.Eip users = cloud.createEip("5_bgp", BW, "");
    LoadBalancerResult swapped = p.ensure(spec().toBuilder().customEipId(users.id()).build());

    assertThat(swapped.status().ingress().get(0).ip()).isEqualTo(users.address());
    assertThat(swapped.annotations()).doesNotContainKey(LoadBalancerHints.ELB_EIP_ID);
  }
}
