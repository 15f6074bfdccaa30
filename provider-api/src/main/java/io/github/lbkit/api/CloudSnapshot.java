package io.github.lbkit.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One observation of a provider's whole cloud, made with a few paged project-wide lists, that answers for many
 * Services at once whether an ensure would write anything. The service controller takes one at the start of a
 * drift pass (see {@link LoadBalancerProvider#snapshot()}) and calls {@link LoadBalancerProvider#ensure} only for
 * the Services the snapshot does not show converged, so that a drift pass over converged Services costs a fraction
 * of a read per Service instead of several.
 *
 * <p>A snapshot never calls the cloud after it is taken and never writes. It may be out of date: an answer of
 * "converged" means "converged when the snapshot was taken", which is what drift repair needs (a change made after
 * it is found by the next pass); an ensure always observes the cloud again before it writes. Thread-safe.
 */
public interface CloudSnapshot {

  /**
   * When the snapshot was taken (when its first list call started).
   *
   * @return the time
   */
  Instant takenAt();

  /**
   * Tells whether the cloud, as this snapshot saw it, already matches the desired state of one Service, so that an
   * ensure would make no write.
   *
   * @param spec the desired state
   * @return what {@link LoadBalancerProvider#ensure} would return, when the Service is converged in this snapshot;
   *     empty when it is not, or when the snapshot cannot tell (the caller then runs a full ensure)
   */
  Optional<LoadBalancerResult> converged(LoadBalancerSpec spec);
}
