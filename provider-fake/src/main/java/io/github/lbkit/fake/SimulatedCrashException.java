package io.github.lbkit.fake;

/**
 * Thrown by the fake cloud's crash hook after the k-th write was applied, to simulate the caller dying in the
 * middle of its work. It is not a {@link io.github.lbkit.api.LoadBalancerException}: nothing should catch it.
 */
public final class SimulatedCrashException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was applied last
   */
  public SimulatedCrashException(String message) {
    super(message);
  }
}
