package io.github.lbkit.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure adoption judgment and plan, and the hand-back plan. */
class AdoptionPlannerTest {

  static final ObservedEip CCE_EIP = new ObservedEip("eip-c", "198.51.100.7", null);

  /** What CCE left: the converged tree of PlannerTest.BASE, without any marker. */
  static ObservedLoadBalancer cce(ObservedEip eip) {
    ObservedLoadBalancer conv = PlannerTest.converged();
    ObservedListener l = conv.listeners().get(0);
    return new ObservedLoadBalancer("lb-c", "web-lb", null, "192.168.0.10", eip,
        List.of(new ObservedListener(l.id(), l.protocol(), l.port(), null, l.options(), l.pool())), List.of());
  }

  static LoadBalancerSpec byId(String eipId) {
    return PlannerTest.BASE.toBuilder().adoption(new Adoption("lb-c", eipId, List.of())).build();
  }

  static List<AdoptionCandidate> one(ObservedLoadBalancer lb) {
    return List.of(new AdoptionCandidate(lb, LoadBalancerClass.SHARED, "vpc-1"));
  }

  @Test
  void aMatchingLoadBalancerIsMarkedAndNothingElseIsPlanned() {
    Plan plan = Planner.planAdoption(byId("eip-c"), one(cce(CCE_EIP)), "vpc-1", PoolStyle.LISTENER_POOL)
        .orElseThrow();
    assertThat(plan.operations()).containsExactly(
        new Operation.MarkLoadBalancer("lb-c", PlannerTest.OURS),
        new Operation.MarkEip("eip-c", PlannerTest.OURS),
        new Operation.MarkListener("l-80", "TCP:80", "p-80", PlannerTest.OURS));
  }

  @Test
  void adoptedListenersConvergeInPlace() {
    LoadBalancerSpec spec = byId("eip-c").toBuilder()
        .listeners(List.of(PlannerTest.withOptions(PlannerTest.L80, PlannerTest.keepalive(30)))).build();
    Plan plan = Planner.planAdoption(spec, one(cce(CCE_EIP)), null, PoolStyle.LISTENER_POOL).orElseThrow();
    assertThat(plan.operations()).last().isEqualTo(new Operation.UpdateListener("l-80", "TCP:80",
        PlannerTest.keepalive(30)));
    assertThat(plan.operations()).noneMatch(o -> o instanceof Operation.CreateListener
        || o instanceof Operation.DeleteListener || o instanceof Operation.CreateEip);
  }

  @Test
  void aPublicServiceWithoutABoundEipIsRefusedInsteadOfGettingANewAddress() {
    assertThatThrownBy(() -> Planner.planAdoption(byId(null), one(cce(null)), "vpc-1", PoolStyle.LISTENER_POOL))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("no EIP is bound to it");
  }

  @Test
  void byNameNothingFoundMeansCreateAndTwoFoundMeansRefuse() {
    LoadBalancerSpec byName = PlannerTest.BASE.toBuilder().adoption(new Adoption(null, null, List.of("web-lb")))
        .build();
    assertThat(Planner.planAdoption(byName, List.of(), "vpc-1", PoolStyle.LISTENER_POOL)).isEmpty();
    List<AdoptionCandidate> two = List.of(one(cce(CCE_EIP)).get(0), one(cce(CCE_EIP)).get(0));
    assertThatThrownBy(() -> Planner.planAdoption(byName, two, "vpc-1", PoolStyle.LISTENER_POOL))
        .isInstanceOf(OwnershipConflictException.class).hasMessageContaining("lbkit never guesses");
  }

  @Test
  void handingBackUnmarksEverythingOursAndNothingElse() {
    ObservedListener foreign = new ObservedListener("l-9", Protocol.TCP, 9000, PlannerTest.OTHER,
        ListenerOptions.NONE, PlannerTest.pool("p-9", PoolSpec.DEFAULT, null, List.of()));
    ObservedLoadBalancer lb = PlannerTest.converged();
    lb = PlannerTest.withListeners(lb, List.of(lb.listeners().get(0), foreign));
    assertThat(Planner.planRelease(PlannerTest.KEY, Optional.of(lb)).operations()).containsExactly(
        new Operation.MarkListener("l-80", "TCP:80", "p-80", null),
        new Operation.MarkEip("eip-1", null),
        new Operation.MarkLoadBalancer("lb-1", null));
    assertThat(Planner.planRelease(PlannerTest.KEY, Optional.empty()).isEmpty()).isTrue();
  }
}
