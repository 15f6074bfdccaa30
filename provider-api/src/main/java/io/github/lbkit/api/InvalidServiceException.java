package io.github.lbkit.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Service cannot be turned into a load balancer as written. It lists <em>every</em> problem found, each
 * with its key, value and rule, so that a user can fix them all at once. Raised before any cloud call; never
 * retried — the controller waits for the Service to change.
 */
public final class InvalidServiceException extends LoadBalancerException {

  private static final long serialVersionUID = 1L;

  /** The Service, as namespace/name. */
  private final String service;
  /** Every problem found, in the order found. */
  private final List<Problem> problems;

  /**
   * Creates the error.
   *
   * @param service the Service, as {@code namespace/name}
   * @param problems every problem found; at least one
   */
  public InvalidServiceException(String service, List<Problem> problems) {
    super(message(service, problems), null);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidServiceException needs at least one problem");
    }
    this.service = service;
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns the Service the problems were found in.
   *
   * @return {@code namespace/name}
   */
  public String service() {
    return service;
  }

  /**
   * Returns every problem, in the order found.
   *
   * @return the problems, never empty
   */
  public List<Problem> problems() {
    return problems;
  }

  @Override
  public boolean retryable() {
    return false;
  }

  private static String message(String service, List<Problem> problems) {
    String head =
        "validate Service " + service + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
            + "; fix the Service and it is picked up again";
    return problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n", head + "\n", ""));
  }
}
