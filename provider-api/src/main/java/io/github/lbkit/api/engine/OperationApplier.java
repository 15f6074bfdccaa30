package io.github.lbkit.api.engine;

import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Applies the operations of one plan, in order, to one cloud. Made fresh for every plan by
 * {@link ReconcileCloud#applier}, so it may remember the ids that earlier creates of the plan returned.
 */
@FunctionalInterface
public interface OperationApplier {

  /**
   * Applies one operation with the cloud's own calls.
   *
   * @param operation the operation
   * @return the id of the resource created, for {@link Operation.CreateLoadBalancer} (the engine needs it for
   *     the oldest-wins rule); null for every other operation
   * @throws RuntimeException whatever the cloud throws; the engine asks {@link ReconcileCloud#classify} what
   *     it means
   */
  @Nullable String apply(Operation operation);

  /**
   * Once every operation of the plan (and every side write) succeeded, the load balancer as the plan left it, when
   * the applier knows it from the answers of its writes without reading the cloud again; present ends the call
   * without another observation. For {@link ReconcileEngine#ensure}, the engine returns it: its id, address and
   * public IP must be those the cloud answered (listeners need not be listed). For
   * {@link ReconcileEngine#delete}, any present value means nothing of the Service is left to find, and the engine
   * goes on with {@link ReconcileCloud#removeOrphans}. The default is empty: the engine observes and plans again,
   * which proves convergence at the price of one more observation.
   *
   * @return the load balancer after the plan, or empty to make the engine observe again
   */
  default Optional<ObservedLoadBalancer> settled() {
    return Optional.empty();
  }
}
