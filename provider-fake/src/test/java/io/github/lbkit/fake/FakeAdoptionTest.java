package io.github.lbkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.fake.FakeResources.Kind;
import io.github.lbkit.fake.FakeResources.Resource;
import io.github.lbkit.fake.FakeResources.Tree;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Taking over load balancers CCE's controller created, and handing them back, on the fake cloud. */
class FakeAdoptionTest {

  static final ServiceKey KEY = new ServiceKey("c1", "shop", "web", "uid-1");
  static final List<String> NODES = List.of("10.0.0.1", "10.0.0.2");

  final FakeCloud cloud = FakeCloud.create(7);
  final FakeLoadBalancerProvider provider = FakeLoadBalancerProvider.over(cloud);

  CceSeed.Seeded seed(LoadBalancerClass cls) {
    return CceSeed.loadBalancer(cloud, "web-lb", cls, true,
        List.of(new CceSeed.Port(Protocol.TCP, 80, 30080), new CceSeed.Port(Protocol.TCP, 443, 30443)), NODES);
  }

  /** A TCP listener with CCE's default health check, as the CCE translator makes it. */
  static ListenerSpec tcp(int port, int nodePort) {
    ListenerSpec l = ListenerSpec.tcp(port, nodePort);
    return new ListenerSpec(l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), l.options(),
        l.pool(), new HealthCheck(HealthCheck.Type.TCP, 5, 10, 3, null, null, null, null));
  }

  static LoadBalancerSpec spec(LoadBalancerClass cls, Adoption adoption) {
    return LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.publicAddress("web-lb"))
        .cloudOptions(FakeProviderTest.BW_OPTIONS)
        .loadBalancerClass(cls)
        .listener(tcp(80, 30080))
        .listener(tcp(443, 30443))
        .backends(List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2")))
        .adoption(adoption)
        .build();
  }

  /** Writes since a point, by operation name, to show what a call created, deleted or updated. */
  List<String> writesSince(int journalSize) {
    return cloud.journal().subList(journalSize, cloud.journal().size()).stream()
        .filter(c -> c.operation().mutating()).map(c -> c.operation().name()).toList();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancerClass.class)
  void aCceLoadBalancerWithItsEipIsAdoptedWithoutCreatingOrDeletingAnything(LoadBalancerClass cls) {
    CceSeed.Seeded cce = seed(cls);
    int before = cloud.journal().size();

    LoadBalancerResult r = provider.ensure(spec(cls, new Adoption(cce.loadBalancerId(), cce.eipId(), List.of())));

    assertThat(writesSince(before))
        .as("only markers are written: no create, no delete")
        .containsExactlyInAnyOrder("UPDATE_LOAD_BALANCER", "UPDATE_EIP", "UPDATE_LISTENER", "UPDATE_LISTENER");
    assertThat(r.status().ingress().get(0).ip()).isEqualTo(cce.address());
    assertThat(r.status().loadBalancerId()).isEqualTo(cce.loadBalancerId());
    assertThat(r.annotations()).containsEntry(LoadBalancerHints.ELB_ID, cce.loadBalancerId())
        .containsEntry(LoadBalancerHints.ELB_EIP_ID, cce.eipId());
    assertThat(r.adopted()).containsExactly("load balancer " + cce.loadBalancerId(), "EIP " + cce.eipId(),
        "listener TCP:80 (" + cce.listenerIds().get("TCP:80") + ")",
        "listener TCP:443 (" + cce.listenerIds().get("TCP:443") + ")");
    String marker = OwnerMarker.of(KEY).value();
    assertThat(cloud.inventory()).filteredOn(res -> res.kind() != Kind.MEMBER && res.kind() != Kind.POOL)
        .extracting(Resource::owner).containsOnly(marker);
    Tree tree = cloud.snapshot().get(0);
    assertThat(tree.loadBalancer().vipAddress()).isEqualTo(cce.vipAddress());
    assertThat(tree.eip().address()).isEqualTo(cce.address());

    // Converged: a second ensure writes nothing and adopts nothing.
    int converged = cloud.journal().size();
    assertThat(provider.ensure(spec(cls, new Adoption(cce.loadBalancerId(), cce.eipId(), List.of()))).adopted())
        .isEmpty();
    assertThat(writesSince(converged)).isEmpty();

    // Updated normally: a port more, a node more; the address stays.
    LoadBalancerSpec more = spec(cls, new Adoption(cce.loadBalancerId(), cce.eipId(), List.of())).toBuilder()
        .listener(tcp(8080, 30880))
        .backends(List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2"),
            Backend.node("n3", "10.0.0.3")))
        .build();
    assertThat(provider.ensure(more).status().ingress().get(0).ip()).isEqualTo(cce.address());
    assertThat(cloud.snapshot().get(0).listeners()).hasSize(3);
    assertThat(cloud.snapshot().get(0).members()).hasSize(9);

    // Deleted normally: the load balancer, its listeners and the adopted EIP go.
    provider.delete(KEY, new LoadBalancerHints(cce.loadBalancerId(), cce.eipId(), false));
    assertThat(cloud.inventory()).isEmpty();
  }

  @Test
  void aLoadBalancerOfAnotherClassIsRefusedWithoutAWrite() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    long writes = cloud.writes();
    assertThatThrownBy(() -> provider.ensure(spec(LoadBalancerClass.DEDICATED,
        new Adoption(cce.loadBalancerId(), cce.eipId(), List.of()))))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("cannot be taken over from CCE's controller: it is union (the Service asks for"
            + " performance)")
        .hasMessageContaining("nothing was changed")
        .hasMessageContaining("set kubernetes.io/elb.class: union");
    assertThat(cloud.writes()).isEqualTo(writes);
  }

  /** Each mismatch: how it is made on a fresh cloud, and what the refusal says. */
  record Mismatch(String name, BiFunction<FakeCloud, CceSeed.Seeded, CceSeed.Seeded> setUp, String says) {}

  static List<Mismatch> mismatches() {
    String other = OwnerMarker.of(new ServiceKey("c1", "other", "api", "uid-9")).value();
    return List.of(
        new Mismatch("another VPC", (c, s) -> CceSeed.loadBalancer(c, c.addSubnet("vpc-other", "10.9.0.0/24"),
            "web-lb2", LoadBalancerClass.SHARED, true, List.of(new CceSeed.Port(Protocol.TCP, 80, 30080)), NODES),
            "it is in VPC vpc-other, not in the cluster's VPC vpc-default"),
        new Mismatch("a listener of another Service", (c, s) -> {
          c.updateListenerDescription(s.listenerIds().get("TCP:443"), other);
          return s;
        }, "carries the owner marker '" + other + "' of another Service"),
        new Mismatch("the load balancer of another Service", (c, s) -> {
          c.updateLoadBalancerDescription(s.loadBalancerId(), other);
          return s;
        }, "it carries the owner marker '" + other + "'"),
        new Mismatch("an HTTP listener where the Service wants TCP", (c, s) -> CceSeed.loadBalancer(c, "web-lb3",
            LoadBalancerClass.SHARED, true, List.of(new CceSeed.Port(Protocol.HTTP, 80, 30080)), NODES),
            "it listens on port 80 with HTTP, but the Service asks for TCP"),
        new Mismatch("an EIP other than the one the Service names", (c, s) ->
            new CceSeed.Seeded(s.loadBalancerId(), "eip-elsewhere", s.address(), s.vipAddress(), s.listenerIds()),
            "kubernetes.io/elb.eip-id names EIP eip-elsewhere, but EIP"),
        new Mismatch("an id that does not exist", (c, s) ->
            new CceSeed.Seeded("lb-gone", s.eipId(), s.address(), s.vipAddress(), s.listenerIds()),
            "it does not exist"));
  }

  @Test
  void everyMismatchIsRefusedBeforeAnyWrite() {
    for (Mismatch m : mismatches()) {
      FakeCloud fresh = FakeCloud.create(11);
      FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(fresh);
      CceSeed.Seeded seeded = CceSeed.loadBalancer(fresh, "web-lb", LoadBalancerClass.SHARED, true,
          List.of(new CceSeed.Port(Protocol.TCP, 80, 30080), new CceSeed.Port(Protocol.TCP, 443, 30443)), NODES);
      CceSeed.Seeded target = m.setUp().apply(fresh, seeded);
      long writes = fresh.writes();
      assertThatThrownBy(() -> p.ensure(spec(LoadBalancerClass.SHARED,
          new Adoption(target.loadBalancerId(), target.eipId(), List.of()))))
          .as(m.name())
          .isInstanceOf(OwnershipConflictException.class)
          .hasMessageContaining(m.says())
          .hasMessageContaining("nothing was changed");
      assertThat(fresh.writes()).as(m.name()).isEqualTo(writes);
      assertThat(fresh.inventory()).as(m.name()).extracting(Resource::owner)
          .noneMatch(o -> OwnerMarker.of(KEY).matches(o));
    }
  }

  @Test
  void aListenerOnAnotherPortIsLeftAloneAndKeepsTheLoadBalancerOnDelete() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    String extra = cloud.createListener(cce.loadBalancerId(), "x", "", Protocol.HTTP, 8443, ListenerOptions.NONE)
        .id();
    provider.ensure(spec(LoadBalancerClass.SHARED, new Adoption(cce.loadBalancerId(), cce.eipId(), List.of())));
    assertThat(cloud.inventory()).filteredOn(r -> r.id().equals(extra)).extracting(Resource::owner)
        .containsExactly("");
    provider.delete(KEY, new LoadBalancerHints(cce.loadBalancerId(), cce.eipId(), false));
    assertThat(cloud.inventory()).extracting(Resource::kind)
        .containsExactlyInAnyOrder(Kind.LOAD_BALANCER, Kind.LISTENER, Kind.EIP);
  }

  @Test
  void byNameAnUnmarkedLoadBalancerIsAdoptedAndTwoAreRefused() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    Adoption byName = new Adoption(null, null, List.of("web-lb", "cce-lb-uid-1"));
    LoadBalancerResult r = provider.ensure(spec(LoadBalancerClass.SHARED, byName));
    assertThat(r.status().loadBalancerId()).isEqualTo(cce.loadBalancerId());
    assertThat(r.status().ingress().get(0).ip()).isEqualTo(cce.address());
    assertThat(cloud.snapshot()).hasSize(1);

    FakeCloud twice = FakeCloud.create(3);
    CceSeed.loadBalancer(twice, "web-lb", LoadBalancerClass.SHARED, false, List.of(), NODES);
    CceSeed.loadBalancer(twice, "cce-lb-uid-1", LoadBalancerClass.SHARED, false, List.of(), NODES);
    long writes = twice.writes();
    assertThatThrownBy(() -> FakeLoadBalancerProvider.over(twice).ensure(spec(LoadBalancerClass.SHARED, byName)))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("2 unmarked load balancers")
        .hasMessageContaining("lbkit never guesses");
    assertThat(twice.writes()).isEqualTo(writes);
  }

  @Test
  void byNameWithNoCandidateALoadBalancerIsCreated() {
    LoadBalancerResult r = provider.ensure(spec(LoadBalancerClass.SHARED,
        new Adoption(null, null, List.of("web-lb"))));
    assertThat(r.adopted()).isEmpty();
    assertThat(cloud.snapshot()).hasSize(1);
    assertThat(cloud.snapshot().get(0).loadBalancer().description()).isEqualTo(OwnerMarker.of(KEY).value());
  }

  @Test
  void handingBackRemovesEveryMarkerAndDeletesNothing() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    provider.ensure(spec(LoadBalancerClass.SHARED, new Adoption(cce.loadBalancerId(), cce.eipId(), List.of())));
    List<Resource> adopted = cloud.inventory();
    int before = cloud.journal().size();

    LoadBalancerHints hints = new LoadBalancerHints(cce.loadBalancerId(), cce.eipId(), false);
    provider.release(KEY, hints);

    assertThat(writesSince(before)).allMatch(w -> w.startsWith("UPDATE_"));
    assertThat(cloud.inventory()).extracting(Resource::id)
        .containsExactlyElementsOf(adopted.stream().map(Resource::id).toList());
    assertThat(cloud.inventory()).extracting(Resource::owner).containsOnly("");
    // Released: a delete now finds nothing of the Service's and leaves everything in place.
    provider.delete(KEY, hints);
    assertThat(cloud.inventory()).hasSameSizeAs(adopted);
    provider.release(KEY, hints); // idempotent
  }
}
