package io.github.lbkit.api.engine;

import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.AdoptionCandidate;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.PoolStyle;
import java.util.List;
import java.util.Optional;

/**
 * What a provider tells the {@link ReconcileEngine} about its cloud: how to observe it for one Service, how to
 * apply one operation, and how its errors classify. Everything else (the loop, the lock, the race rules) is the
 * engine's.
 */
public interface ReconcileCloud {

  /**
   * Observes the load balancer an ensure works on: the one the Service names, or else the oldest one carrying the
   * Service's owner marker (find before create: the marker is the truth, annotations are not).
   *
   * @param spec the desired state
   * @return the observed load balancer, or empty when none exists yet
   */
  Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec);

  /**
   * Observes the load balancer an update of the members works on. The default is {@link #observe}; a provider may
   * leave out what members do not depend on (unbound public IPs, say) to save calls.
   *
   * @param spec the desired state
   * @return the observed load balancer, or empty when none exists yet
   */
  default Optional<ObservedLoadBalancer> observeMembers(LoadBalancerSpec spec) {
    return observe(spec);
  }

  /**
   * Observes what a Service may own, for delete: by marker, by the hinted id, or through listeners that carry
   * the marker. Works from the key alone; the hints are only a shortcut.
   *
   * @param key the Service
   * @param hints what the Service's annotations say, possibly nothing
   * @return the observed load balancer, or empty when nothing of the Service is found
   */
  Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints);

  /**
   * Lists the ids of the load balancers carrying the marker, oldest first (ties broken by id), so that racing
   * callers agree on one winner.
   *
   * @param marker the owner marker
   * @return the ids, oldest first
   */
  List<String> loadBalancersOwnedBy(OwnerMarker marker);

  /**
   * Makes the applier of one plan. It may refuse to change the cloud now by throwing (a
   * {@link io.github.lbkit.api.RetryLaterException} for a load balancer still provisioning, say); the exception
   * goes to the caller before any write of the round.
   *
   * @param observed what the plan was made against
   * @param marker the Service's owner marker
   * @return an applier for the operations of this plan
   */
  OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker);

  /**
   * Tells what a failed call means. The default: a non-retryable {@link CloudApiException} with HTTP 404 is
   * {@link Outcome#VANISHED}, with 409 {@link Outcome#CONFLICT}; everything else {@link Outcome#FAIL}.
   *
   * @param failure what the call threw
   * @return its meaning
   */
  default Outcome classify(RuntimeException failure) {
    if (failure instanceof CloudApiException e && !e.retryable()) {
      if (e.httpStatus() == 404) {
        return Outcome.VANISHED;
      }
      if (e.httpStatus() == 409) {
        return Outcome.CONFLICT;
      }
    }
    return Outcome.FAIL;
  }

  /**
   * Tells what a failed call means, knowing the operation it applied (a cloud may tell a create whose answer was
   * lost, {@link Outcome#OUTCOME_UNKNOWN}, from any other call that failed the same way, {@link Outcome#FAIL}).
   * The engine asks this one; the default asks {@link #classify(RuntimeException)}.
   *
   * @param failure what the call threw
   * @param operation the operation the call applied
   * @return its meaning
   */
  default Outcome classify(RuntimeException failure, Operation operation) {
    return classify(failure);
  }

  /**
   * Returns the provider's own writes for one round, beside the planner's plan: settings the generic plan model
   * does not carry (a cloud's access-control group, a record on listeners another Service shares, a switch the
   * load balancer needs before pod members). Called in {@link ReconcileEngine#ensure} and
   * {@link ReconcileEngine#updateBackends} after every plan; the engine runs them, in order, once the applier is
   * made and before the plan's first operation, and a round with side writes is not converged even when its plan
   * is empty. A side write that fails goes to the caller as it is (no classification). The default has none.
   *
   * @param spec the desired state
   * @param observed what the plan was made against
   * @param plan the plan of this round
   * @return the side writes, in order; empty when the cloud already matches
   */
  default List<Runnable> sideWrites(LoadBalancerSpec spec, Optional<ObservedLoadBalancer> observed, Plan plan) {
    return List.of();
  }

  /**
   * Says how the cloud shapes pools and members, which decides the operations the planner emits for them. The
   * default is {@link PoolStyle#LISTENER_POOL}: a pool under each listener, members added and removed one by one.
   *
   * @return the cloud's pool style
   */
  default PoolStyle poolStyle() {
    return PoolStyle.LISTENER_POOL;
  }


  /**
   * Tells whether this cloud can take over load balancers another controller created
   * ({@link #adoptionCandidates} and the {@link io.github.lbkit.api.plan.Operation.MarkLoadBalancer},
   * {@link io.github.lbkit.api.plan.Operation.MarkListener} and {@link io.github.lbkit.api.plan.Operation.MarkEip}
   * operations). The default is false: a spec that names a load balancer to adopt by id is then refused before
   * any write, and a search by name is skipped (a new load balancer is created, as without adoption).
   *
   * @return true when the provider implements adoption
   */
  default boolean adopts() {
    return false;
  }

  /**
   * Finds the load balancers a spec's adoption may take over, with everything the planner judges them by. Only
   * reads. Called only when {@link #observe} found nothing carrying the Service's marker.
   *
   * <ul>
   *   <li>By id ({@link Adoption#byId()}): the load balancer of that id, whatever its marker; an empty list when
   *       it does not exist.
   *   <li>By name: every load balancer without any lbkit marker whose name is one of {@link Adoption#names()}.
   * </ul>
   *
   * <p>The default refuses: this provider cannot adopt.
   *
   * @param spec the desired state
   * @param adoption the spec's adoption request
   * @return the candidates; the planner decides
   * @throws OwnershipConflictException by default
   */
  default List<AdoptionCandidate> adoptionCandidates(LoadBalancerSpec spec, Adoption adoption) {
    throw new OwnershipConflictException("load balancer " + adoption.loadBalancerId(), null, "adopt "
        + spec.key().namespacedName() + ": adoption is not supported by this provider yet; nothing was changed."
        + " To fix: remove kubernetes.io/elb.id and kubernetes.io/elb.eip-id to create a new load balancer, or"
        + " keep CCE's controller serving this Service");
  }

  /**
   * Returns the VPC of the cluster the spec's load balancer belongs in, which an adopted load balancer must be
   * in. The default does not know it (the VPC is then not checked).
   *
   * @param spec the desired state
   * @return the VPC id, or empty when unknown
   */
  default Optional<String> clusterVpcId(LoadBalancerSpec spec) {
    return Optional.empty();
  }

  /**
   * Removes what a Service owns that no load balancer leads to any more (public IPs left unbound by a crash, or
   * target groups of a load balancer deleted by hand, for example), once a delete found nothing else to do. The default has nothing to remove.
   *
   * @param marker the Service's owner marker
   */
  default void removeOrphans(OwnerMarker marker) {}

  /**
   * Optional capability: observes everything this provider may manage at once, with a few paged, server-side
   * filtered project-wide lists, for {@link ReconcileEngine#snapshot}. The default returns empty (the provider
   * observes one Service at a time).
   *
   * @return the observation, or empty when this provider does not observe in bulk
   */
  default Optional<ObservedCloud> observeAll() {
    return Optional.empty();
  }
}
