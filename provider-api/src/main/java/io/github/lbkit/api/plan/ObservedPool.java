package io.github.lbkit.api.plan;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.SessionPersistence;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A backend pool as the cloud reports it, with its monitor and members.
 *
 * @param id the cloud's pool id
 * @param algorithm the balancing algorithm
 * @param persistence the session persistence, or null when off
 * @param monitor the health monitor, or null when there is none
 * @param members the members
 */
public record ObservedPool(
    String id,
    Algorithm algorithm,
    @Nullable SessionPersistence persistence,
    @Nullable ObservedMonitor monitor,
    List<ObservedMember> members) {

  /**
   * Validates and copies the members.
   *
   * @param id the cloud's pool id
   * @param algorithm the balancing algorithm
   * @param persistence the session persistence, or null when off
   * @param monitor the health monitor, or null when there is none
   * @param members the members
   */
  public ObservedPool {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(algorithm, "algorithm");
    members = List.copyOf(members);
  }

  /**
   * Returns the pool settings in the spec's terms.
   *
   * @return algorithm and persistence
   */
  public PoolSpec settings() {
    return new PoolSpec(algorithm, persistence);
  }
}
