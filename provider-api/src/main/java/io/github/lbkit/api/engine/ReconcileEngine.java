package io.github.lbkit.api.engine;

import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.Planner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one reconcile loop of lbkit: observe, plan with {@link Planner}, apply in order, and observe and plan again
 * when the cloud moved under the plan, until the plan is empty or the rounds run out. Thread-safe; calls for one
 * Service are serialised by a lock per Service, calls for different Services run in parallel.
 *
 * <p>Rules the engine enforces for every provider:
 *
 * <ul>
 *   <li>Find before create: every round starts with {@link ReconcileCloud#observe}, which finds by owner marker, so
 *       a create that crashed or whose answer was lost is found and never made twice.
 *   <li>A failed call is classified ({@link ReconcileCloud#classify}): {@link Outcome#VANISHED},
 *       {@link Outcome#CONFLICT} and {@link Outcome#OUTCOME_UNKNOWN} end the round and the engine observes again;
 *       nothing is re-sent blindly. A vanished resource on a removal (delete, unbind, remove members) is success.
 *   <li>Oldest wins: right after it creates a load balancer, the engine lists the marked ones; when an older one
 *       exists (a racing controller), it deletes its own newcomer and plans again against the oldest; when it is the
 *       oldest, it removes newer copies of its own (a create sent twice).
 *   <li>What the generic plan model does not carry, a provider writes beside the plan
 *       ({@link ReconcileCloud#sideWrites}), under the same lock and in the same rounds.
 *   <li>At most {@code maxRounds} rounds; then a {@link RetryLaterException} names the last plan and the
 *       observed state, to show why.
 * </ul>
 */
public final class ReconcileEngine {

  /** The rounds a call makes by default before it gives up. */
  public static final int DEFAULT_MAX_ROUNDS = 5;

  private final ReconcileCloud cloud;
  private final int maxRounds;
  private final ConcurrentHashMap<String, ServiceLock> locks = new ConcurrentHashMap<>();

  /**
   * Creates an engine over one cloud with {@link #DEFAULT_MAX_ROUNDS}.
   *
   * @param cloud how to observe and change the cloud
   */
  public ReconcileEngine(ReconcileCloud cloud) {
    this(cloud, DEFAULT_MAX_ROUNDS);
  }

  /**
   * Creates an engine over one cloud.
   *
   * @param cloud how to observe and change the cloud
   * @param maxRounds how many observe-plan-apply rounds one call may make; at least 1
   */
  public ReconcileEngine(ReconcileCloud cloud, int maxRounds) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1: " + maxRounds);
    }
    this.maxRounds = maxRounds;
  }

  /**
   * Brings the cloud to the desired state of one Service.
   *
   * @param spec the desired state
   * @return the load balancer as observed once converged (its plan empty), or as the applier of the last plan
   *     reported it ({@link OperationApplier#settled()})
   * @throws RetryLaterException when the plan is not empty after the last round
   */
  public ObservedLoadBalancer ensure(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return locked(spec.key(), () -> reconcile("ensure", spec.key(), () -> cloud.observe(spec),
        observed -> Planner.plan(spec, observed, cloud.poolStyle()),
        (observed, plan) -> cloud.sideWrites(spec, observed, plan),
        observed -> observed.orElseThrow(() -> new IllegalStateException("ensure " + spec.key().namespacedName()
            + ": the plan is empty but no load balancer was observed; this is a planner bug, please report it"))));
  }

  /**
   * Brings the members of an existing load balancer to the desired state; never creates a load balancer. A member
   * plan made from a fresh observation and answered with success throughout is trusted without reading again.
   *
   * @param spec the desired state
   * @throws RetryLaterException when no load balancer exists yet (the next ensure creates it), or when the plan
   *     is not empty after the last round
   */
  public void updateBackends(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    OwnerMarker marker = OwnerMarker.of(spec.key());
    locked(spec.key(), () -> {
      Optional<ObservedLoadBalancer> observed = Optional.empty();
      Plan plan = Plan.EMPTY;
      for (int round = 0; round < maxRounds; round++) {
        observed = cloud.observeMembers(spec);
        plan = Planner.planMembers(spec, observed.orElseThrow(() -> new RetryLaterException("update backends of "
            + spec.key().namespacedName() + ": no load balancer exists yet; the next ensure creates it",
            Duration.ofSeconds(5))), cloud.poolStyle());
        List<Runnable> side = cloud.sideWrites(spec, observed, plan);
        if ((plan.isEmpty() && side.isEmpty()) || apply(plan, side, observed, marker) != null) {
          return null;
        }
      }
      throw notConverged("update backends of " + spec.key().namespacedName(), plan, observed);
    });
  }

  /**
   * Removes everything a Service owns; what it does not own is never touched.
   *
   * @param key the Service
   * @param hints what the Service's annotations say, possibly nothing
   * @throws RetryLaterException when the plan is not empty after the last round
   */
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    locked(key, () -> reconcile("delete", key, () -> cloud.locate(key, hints),
        observed -> Planner.planDelete(key, observed, cloud.poolStyle()), (observed, plan) -> List.of(),
        observed -> {
          cloud.removeOrphans(OwnerMarker.of(key));
          return null;
        }));
  }

  /**
   * Observes the whole cloud once ({@link ReconcileCloud#observeAll}) and returns a snapshot that tells, for any
   * Service, whether {@link #ensure} would write anything: the planner runs against the snapshot's observation, and
   * an empty plan with no {@link ReconcileCloud#sideWrites side writes} means converged (a cloud whose side writes
   * cannot be decided from the observation alone should throw there: the answer is then "not converged"). The
   * snapshot never calls the cloud again and never writes.
   *
   * @param result how the provider turns a converged load balancer into what its ensure returns; a failure
   *     (a load balancer without an address yet, say) makes the snapshot answer "not converged"
   * @return the snapshot, or empty when the cloud does not observe in bulk
   */
  public Optional<CloudSnapshot> snapshot(
      BiFunction<LoadBalancerSpec, ObservedLoadBalancer, LoadBalancerResult> result) {
    Objects.requireNonNull(result, "result");
    Instant takenAt = Instant.now();
    return cloud.observeAll().map(all -> new CloudSnapshot() {
      @Override
      public Instant takenAt() {
        return takenAt;
      }

      @Override
      public Optional<LoadBalancerResult> converged(LoadBalancerSpec spec) {
        try {
          Optional<ObservedLoadBalancer> observed = all.observe(spec);
          if (observed.isEmpty()) {
            return Optional.empty();
          }
          Plan plan = Planner.plan(spec, observed, cloud.poolStyle());
          if (!plan.isEmpty() || !cloud.sideWrites(spec, observed, plan).isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(result.apply(spec, observed.get()));
        } catch (RuntimeException e) {
          return Optional.empty(); // cannot tell: the caller ensures, which observes the cloud itself
        }
      }
    });
  }

  /**
   * Returns the number of Services with a call of this engine in progress or waiting for one: the entries of its
   * lock map, which forgets a Service once no call for it runs.
   *
   * @return the number of Services locked now
   */
  public int lockedServices() {
    return locks.size();
  }

  private <T> T reconcile(String what, ServiceKey key, Supplier<Optional<ObservedLoadBalancer>> observe,
      Function<Optional<ObservedLoadBalancer>, Plan> planner,
      BiFunction<Optional<ObservedLoadBalancer>, Plan, List<Runnable>> sideWrites,
      Function<Optional<ObservedLoadBalancer>, T> done) {
    OwnerMarker marker = OwnerMarker.of(key);
    Optional<ObservedLoadBalancer> observed = Optional.empty();
    Plan plan = Plan.EMPTY;
    for (int round = 0; round < maxRounds; round++) {
      observed = observe.get();
      plan = planner.apply(observed);
      List<Runnable> side = sideWrites.apply(observed, plan);
      if (plan.isEmpty() && side.isEmpty()) {
        return done.apply(observed);
      }
      OperationApplier applied = apply(plan, side, observed, marker);
      Optional<ObservedLoadBalancer> settled = applied == null ? Optional.empty() : applied.settled();
      if (settled.isPresent()) {
        return done.apply(settled);
      }
    }
    throw notConverged(what + " " + key.namespacedName(), plan, observed);
  }

  /**
   * Runs an action holding the Service's lock. The controller never calls twice at once for one Service, but two
   * calls must still not race each other into two load balancers. The last caller out removes the entry: a
   * concurrent call for the same Service either counted itself in before (the entry stays) or comes after and
   * makes a new one, so no two calls ever hold different locks, and the map does not grow with every Service
   * ever seen.
   */
  private <T> T locked(ServiceKey key, Supplier<T> action) {
    ServiceLock lock = locks.compute(key.uid(), (k, v) -> {
      ServiceLock l = v == null ? new ServiceLock() : v;
      l.users++;
      return l;
    });
    try {
      synchronized (lock) {
        return action.get();
      }
    } finally {
      locks.computeIfPresent(key.uid(), (k, v) -> --v.users == 0 ? null : v);
    }
  }

  /** A Service's lock, with the number of calls holding or waiting for it (changed only inside the map). */
  private static final class ServiceLock {
    private int users;
  }

  /**
   * Applies a plan in order, after the cloud's side writes; stops early (to observe again) when the cloud moved
   * under it.
   *
   * @return the applier when every operation was applied, null when the round stopped early
   */
  private @Nullable OperationApplier apply(
      Plan plan, List<Runnable> sideWrites, Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
    OperationApplier applier = cloud.applier(observed, marker);
    sideWrites.forEach(Runnable::run);
    for (Operation op : plan.operations()) {
      @Nullable String created;
      try {
        created = applier.apply(op);
      } catch (RuntimeException e) {
        Outcome outcome = cloud.classify(e, op);
        if (outcome == Outcome.VANISHED && isRemoval(op)) {
          continue; // Not found on a removal is success: it is gone, which is what we wanted.
        }
        if (outcome == Outcome.FAIL) {
          throw e;
        }
        return null; // Vanished, conflicting or unknown: observe again, never re-send blindly.
      }
      if (op instanceof Operation.CreateLoadBalancer && created != null && !oldestWins(created, marker, applier)) {
        return null;
      }
    }
    return applier;
  }

  /**
   * The oldest marked load balancer wins a creation race; a newcomer that lost deletes itself. A winner removes
   * the newer marked ones: copies that a create sent twice left (a transport that re-sends a request whose
   * connection broke, ties of creation times broken by id), which no later observation would show, since an
   * observation finds the oldest. Best effort: a copy whose removal fails is left (to its own creator's check,
   * if a racing call made it).
   */
  private boolean oldestWins(String created, OwnerMarker marker, OperationApplier applier) {
    List<String> owned = cloud.loadBalancersOwnedBy(marker);
    if (owned.isEmpty()) {
      return true;
    }
    if (owned.get(0).equals(created)) {
      for (String copy : owned.subList(1, owned.size())) {
        Operation.DeleteLoadBalancer delete = new Operation.DeleteLoadBalancer(copy);
        try {
          applier.apply(delete);
        } catch (RuntimeException e) {
          // Best effort: the Service's load balancer is built either way, and the copy's own creator, if it was
          // a racing call, removes it itself.
        }
      }
      return true;
    }
    Operation.DeleteLoadBalancer newcomer = new Operation.DeleteLoadBalancer(created);
    try {
      applier.apply(newcomer);
    } catch (RuntimeException e) {
      if (cloud.classify(e, newcomer) == Outcome.FAIL) {
        throw e;
      }
      // Otherwise the next round sees the newcomer as a duplicate again and retries its removal.
    }
    return false;
  }

  /**
   * The diagnostic of a call that did not converge: the last plan and the observed state are where to look.
   * Retryable: the controller calls again later.
   */
  private RetryLaterException notConverged(String what, Plan lastPlan, Optional<ObservedLoadBalancer> observed) {
    return new RetryLaterException(what + ": the load balancer did not converge after " + maxRounds
        + " rounds (is someone else changing it, or does the provider report a value its writes never reach?);"
        + " last plan: " + lastPlan.operations() + "; last observed: "
        + observed.map(Object::toString).orElse("nothing"), Duration.ofSeconds(10));
  }

  private static boolean isRemoval(Operation op) {
    return op instanceof Operation.DeleteLoadBalancer || op instanceof Operation.DeleteEip
        || op instanceof Operation.UnbindEip || op instanceof Operation.DeleteListener
        || op instanceof Operation.DeletePool || op instanceof Operation.DeleteMonitor
        || op instanceof Operation.RemoveMembers;
  }
}
