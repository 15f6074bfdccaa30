package io.github.lbkit.api.plan;

import java.util.List;

/**
 * The ordered operations that take a load balancer from its observed to its desired state.
 *
 * @param operations the operations, in the order they must be applied
 */
public record Plan(List<Operation> operations) {

  /** A plan with nothing to do. */
  public static final Plan EMPTY = new Plan(List.of());

  /**
   * Copies the list.
   *
   * @param operations the operations, in the order they must be applied
   */
  public Plan {
    operations = List.copyOf(operations);
  }

  /**
   * Tells whether the observed state already matches.
   *
   * @return true when there is nothing to apply
   */
  public boolean isEmpty() {
    return operations.isEmpty();
  }
}
