package io.github.lbkit.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.ObservedCloud;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void aWinnerRemovesNewerCopiesOfItsOwnThatACreateSentTwiceLeft() {
    Recording cloud = new Recording();
    // The create was sent twice (a transport re-sending after a broken connection): the copy sorts after ours.
    cloud.owned = List.of("lb-new", "lb-copy");
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 1).ensure(PlannerTest.BASE))
        .isInstanceOf(RetryLaterException.class);
    assertThat(cloud.applied)
        .as("the copy is removed right after the create; the winner is kept")
        .contains(new Operation.DeleteLoadBalancer("lb-copy"))
        .doesNotContain(new Operation.DeleteLoadBalancer("lb-new"));
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

  /** Rule: a snapshot plans against the bulk observation; converged means an empty plan, and doubt means no. */
  @Test
  void aSnapshotAnswersFromTheBulkObservationWithoutCallingTheCloud() {
    LoadBalancerResult answer = new LoadBalancerResult(
        new LoadBalancerStatus(List.of(Ingress.ip("192.0.2.1", IpMode.VIP)), "lb-1"), Map.of(), List.of());
    assertThat(new ReconcileEngine(new Recording()).snapshot((spec, lb) -> answer))
        .as("a cloud that does not observe in bulk has no snapshot").isEmpty();

    int[] bulkReads = {0};
    Recording cloud = new Recording() {
      @Override
      public Optional<ObservedCloud> observeAll() {
        bulkReads[0]++;
        return Optional.of(spec -> {
          if (spec.key().name().equals("broken")) {
            throw new IllegalStateException("cannot tell");
          }
          return spec.key().name().equals(PlannerTest.BASE.key().name())
              ? Optional.of(PlannerTest.converged()) : Optional.empty();
        });
      }
    };
    CloudSnapshot snapshot = new ReconcileEngine(cloud).snapshot((spec, lb) -> answer).orElseThrow();

    assertThat(snapshot.converged(PlannerTest.BASE)).as("converged: the plan is empty").contains(answer);
    assertThat(snapshot.converged(PlannerTest.BASE.toBuilder().listeners(List.of()).build()))
        .as("a spec the observation does not match").isEmpty();
    ServiceKey other = new ServiceKey("c", "ns", "other", "uid-other");
    assertThat(snapshot.converged(withKey(PlannerTest.BASE, other)))
        .as("no load balancer observed: it must be created").isEmpty();
    ServiceKey broken = new ServiceKey("c", "ns", "broken", "uid-broken");
    assertThat(snapshot.converged(withKey(PlannerTest.BASE, broken))).as("the observation cannot tell").isEmpty();
    assertThat(bulkReads[0]).as("one bulk observation").isEqualTo(1);
    assertThat(cloud.observations).as("no per-Service observation").isZero();
    assertThat(cloud.applied).as("no write").isEmpty();
  }

  private static LoadBalancerSpec withKey(LoadBalancerSpec spec, ServiceKey key) {
    return LoadBalancerSpec.builder(key, spec.attachment()).listeners(spec.listeners()).backends(spec.backends())
        .build();
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

  /** Rule: the engine classifies a failure knowing the operation that failed. */
  @Test
  void aFailureIsClassifiedWithTheOperationThatFailed() {
    List<Operation> asked = new ArrayList<>();
    Recording cloud = new Recording() {
      @Override
      public Outcome classify(RuntimeException failure, Operation operation) {
        asked.add(operation);
        // Only a create's lost answer is unknown; the same failure elsewhere goes to the caller.
        return operation instanceof Operation.CreateLoadBalancer ? Outcome.OUTCOME_UNKNOWN : Outcome.FAIL;
      }
    };
    cloud.failCreateWith = new UnsupportedOperationException("timeout after the request was sent");
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 2).ensure(PlannerTest.BASE))
        .as("the operation-aware classification wins over the one-argument one")
        .isInstanceOf(RetryLaterException.class);
    assertThat(asked).as("asked once a round, with the create that failed")
        .hasSize(2).allMatch(Operation.CreateLoadBalancer.class::isInstance);
  }

  /** Rule: side writes run before the plan, and a round with side writes is not converged even with no plan. */
  @Test
  void sideWritesRunBeforeThePlanAndKeepTheRoundGoing() {
    List<String> writes = new ArrayList<>();
    int[] sideRounds = {1};
    ObservedLoadBalancer converged = PlannerTest.converged();
    Recording cloud = new Recording() {
      @Override
      public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
        observations++;
        return Optional.of(converged);
      }

      @Override
      public List<Runnable> sideWrites(LoadBalancerSpec spec, Optional<ObservedLoadBalancer> observed, Plan plan) {
        return sideRounds[0]-- > 0 ? List.of(() -> writes.add("acl")) : List.of();
      }

      @Override
      public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
        writes.add("applier");
        return super.applier(observed, marker);
      }
    };
    assertThat(new ReconcileEngine(cloud).ensure(PlannerTest.BASE)).isEqualTo(converged);
    assertThat(writes).as("the applier is made, then the side write runs; the plan itself is empty")
        .containsExactly("applier", "acl");
    assertThat(cloud.observations).as("the side write made the round count as a change: observed again")
        .isEqualTo(2);
  }

  /** Rule: an applier that knows the state after its plan ends the call without another observation. */
  @Test
  void aSettledApplierEndsTheCallWithoutObservingAgain() {
    ObservedLoadBalancer after = PlannerTest.converged();
    Recording cloud = new Recording() {
      @Override
      public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
        OperationApplier inner = super.applier(observed, marker);
        return new OperationApplier() {
          @Override
          public String apply(Operation operation) {
            return inner.apply(operation);
          }

          @Override
          public Optional<ObservedLoadBalancer> settled() {
            return Optional.of(after);
          }
        };
      }
    };
    assertThat(new ReconcileEngine(cloud).ensure(PlannerTest.BASE)).as("ensure returns the applier's view")
        .isSameAs(after);
    assertThat(cloud.observations).as("one observation: the one the plan was made from").isEqualTo(1);
    assertThat(cloud.creates()).isEqualTo(1);
  }

  /** Rule: an applier that does not settle (the default) makes the engine observe again after its plan. */
  @Test
  void withoutSettlingTheEngineObservesAgainAfterAPlan() {
    Recording cloud = new Recording();
    assertThatThrownBy(() -> new ReconcileEngine(cloud, 2).ensure(PlannerTest.BASE))
        .isInstanceOf(RetryLaterException.class);
    assertThat(cloud.observations).as("every applied plan is followed by an observation").isEqualTo(2);
  }

  /** Rule: a delete whose applier settled goes on to remove orphans, without locating again. */
  @Test
  void aSettledDeleteRemovesOrphansWithoutLocatingAgain() {
    List<String> calls = new ArrayList<>();
    Recording cloud = new Recording() {
      @Override
      public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
        calls.add("locate");
        return Optional.of(PlannerTest.converged());
      }

      @Override
      public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
        return new OperationApplier() {
          @Override
          public String apply(Operation operation) {
            calls.add(operation.getClass().getSimpleName());
            return null;
          }

          @Override
          public Optional<ObservedLoadBalancer> settled() {
            return observed;
          }
        };
      }

      @Override
      public void removeOrphans(OwnerMarker marker) {
        calls.add("orphans");
      }
    };
    new ReconcileEngine(cloud).delete(PlannerTest.KEY, LoadBalancerHints.NONE);
    assertThat(calls).as("locate once, delete, then orphans").startsWith("locate").endsWith("DeleteLoadBalancer",
        "orphans").containsOnlyOnce("locate");
  }

  /** Rule: a Service's lock is held during a call and forgotten after it, so the lock map does not grow. */
  @Test
  void theLockOfAServiceIsForgottenAfterTheCall() {
    int[] during = {-1};
    ReconcileEngine[] engine = new ReconcileEngine[1];
    Recording cloud = new Recording() {
      @Override
      public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
        during[0] = engine[0].lockedServices();
        return Optional.of(PlannerTest.converged());
      }

      @Override
      public Optional<ObservedLoadBalancer> observeMembers(LoadBalancerSpec spec) {
        throw new IllegalArgumentException("the cloud is unreachable");
      }
    };
    engine[0] = new ReconcileEngine(cloud);
    engine[0].ensure(PlannerTest.BASE);
    assertThat(during[0]).as("locked while ensuring").isEqualTo(1);
    engine[0].delete(PlannerTest.KEY, LoadBalancerHints.NONE);
    assertThatThrownBy(() -> engine[0].updateBackends(PlannerTest.BASE))
        .as("a call that fails releases the lock too").isInstanceOf(RuntimeException.class);
    assertThat(engine[0].lockedServices()).as("no entry left once no call is running").isZero();
  }
}
