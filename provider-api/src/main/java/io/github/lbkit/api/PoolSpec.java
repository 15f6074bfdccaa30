package io.github.lbkit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of the backend pool behind one listener. Both can change in place without recreating anything.
 *
 * @param algorithm how a backend is chosen
 * @param sessionPersistence sticky sessions, or null for none
 */
public record PoolSpec(Algorithm algorithm, @Nullable SessionPersistence sessionPersistence) {

  /** Round robin without sticky sessions. */
  public static final PoolSpec DEFAULT = new PoolSpec(Algorithm.ROUND_ROBIN, null);

  /**
   * Validates the algorithm.
   *
   * @param algorithm how a backend is chosen
   * @param sessionPersistence sticky sessions, or null for none
   */
  public PoolSpec {
    Objects.requireNonNull(algorithm, "algorithm");
  }
}
