package io.github.lbkit.api.engine;

import io.github.lbkit.api.plan.Operation;
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
}
