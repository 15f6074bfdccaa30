package io.github.lbkit.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine's loop rules, against a cloud double that records what it is asked to do. */
class ReconcileEngineTest {

  /** A cloud that never shows a load balancer, answers every call, and records the operations. */
  static class Recording implements ReconcileCloud {
    final List<Operation> applied = new ArrayList<>();
    List<String> owned = List.of("lb-new");
    int observations;
    RuntimeException failCreateWith;

    @Override
    public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
      observations++;
      return Optional.empty();
    }

    @Override
    public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
      return Optional.empty();
    }

    @Override
    public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
      return owned;
    }

    @Override
    public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      return op -> {
        applied.add(op);
        if (op instanceof Operation.CreateLoadBalancer) {
          if (failCreateWith != null) {
            throw failCreateWith;
          }
          return "lb-new";
        }
        return null;
      };
    }

    @Override
    public Outcome classify(RuntimeException failure) {
      return failure instanceof IllegalStateException ? Outcome.OUTCOME_UNKNOWN : Outcome.FAIL;
    }

    long creates() {
      return applied.stream().filter(Operation.CreateLoadBalancer.class::isInstance).count();
    }
  }

  @Test
  void aCloudThatNeverConvergesGetsADiagnosticWithTheLastPlanAndObservedState() {
    Recording cloud = new Recording();
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 3).ensure(PlannerTest.BASE))
        .as("the error after the last round names the rounds, the last plan and what was observed")
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("did not converge after 3 rounds")
        .hasMessageContaining("last plan: [CreateLoadBalancer[")
        .hasMessageContaining("last observed: nothing");
    assertThat(cloud.observations).as("one observation per round").isEqualTo(3);
  }

  @Test
  void aNewcomerThatLostTheRaceDeletesItselfAndTheRoundEnds() {
    Recording cloud = new Recording();
    cloud.owned = List.of("lb-old", "lb-new");
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 1).ensure(PlannerTest.BASE))
        .isInstanceOf(RetryLaterException.class);
    assertThat(cloud.applied)
        .as("the round stops after the loser deleted its own load balancer; the older one is never touched")
        .containsExactly(cloud.applied.get(0), new Operation.DeleteLoadBalancer("lb-new"));
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFollowedByAnObservationNotAResend() {
    Recording cloud = new Recording();
    cloud.failCreateWith = new IllegalStateException("timeout after the request was sent");
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 2).ensure(PlannerTest.BASE))
        .isInstanceOf(RetryLaterException.class);
    assertThat(cloud.creates()).as("one create per round, each after an observation").isEqualTo(2);
    assertThat(cloud.applied).as("nothing after a create whose outcome is unknown").hasSize(2);
    assertThat(cloud.observations).as("every round observes first").isEqualTo(2);
  }

  @Test
  void aFailureThatIsNotAboutStaleStateGoesToTheCaller() {
    Recording cloud = new Recording();
    cloud.failCreateWith = new UnsupportedOperationException("quota exceeded");
    assertThatThrownBy(() -> new ReconcileEngine(cloud).ensure(PlannerTest.BASE))
        .as("a FAIL outcome is thrown as it is")
        .isSameAs(cloud.failCreateWith);
  }

  /** Rule: the engine plans in the pool style the cloud declares, for ensure, updateBackends and delete alike. */
  @Test
  void theCloudsPoolStyleDecidesHowMembersAndPoolsArePlanned() {
    List<Operation> writes = new ArrayList<>();
    ObservedLoadBalancer[] state = {PlannerTest.converged()};
    ReconcileCloud targetGroups = new Recording() {
      @Override
      public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
        return Optional.ofNullable(state[0]);
      }

      @Override
      public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
        return Optional.ofNullable(state[0]);
      }

      @Override
      public PoolStyle poolStyle() {
        return PoolStyle.TARGET_GROUP;
      }

      @Override
      public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
        return op -> {
          writes.add(op);
          return null;
        };
      }
    };
    ReconcileEngine engine = new ReconcileEngine(targetGroups, 1);
    LoadBalancerSpec oneNode = PlannerTest.BASE.toBuilder().backends(PlannerTest.NODES.subList(0, 1)).build();

    engine.updateBackends(oneNode);
    assertThat(writes).singleElement().isInstanceOf(Operation.ReplaceMembers.class);

    writes.clear();
    state[0] = PlannerTest.withDetachedPools(PlannerTest.converged(), List.of(PlannerTest.converged()
        .listeners().get(0).pool()));
    assertThatThrownBy(() -> engine.delete(PlannerTest.KEY, LoadBalancerHints.NONE))
        .isInstanceOf(RetryLaterException.class); // one round, and the double never changes
    assertThat(writes).startsWith(new Operation.DeleteListener("l-80", "TCP:80"),
        new Operation.DeletePool("p-80", "TCP:80"), new Operation.DeletePool("p-80", ""));
  }

  @Test
  void aCloudThatCannotAdoptRefusesALoadBalancerNamedByIdAndCreatesWhenSearchingByName() {
    Recording cloud = new Recording();
    LoadBalancerSpec byId = PlannerTest.BASE.toBuilder()
        .adoption(new io.github.lbkit.api.Adoption("lb-cce", null, List.of())).build();
    assertThatThrownBy(() -> new ReconcileEngine(cloud).ensure(byId))
        .isInstanceOf(io.github.lbkit.api.OwnershipConflictException.class)
        .hasMessageContaining("adoption is not supported by this provider yet; nothing was changed");
    assertThat(cloud.applied).as("refused before any write").isEmpty();

    LoadBalancerSpec byName = PlannerTest.BASE.toBuilder()
        .adoption(new io.github.lbkit.api.Adoption(null, null, List.of("web"))).build();
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 1).ensure(byName)).isInstanceOf(RetryLaterException.class);
    assertThat(cloud.creates()).as("no search by name without adoption support: a create, as before").isEqualTo(1);
  }
}
