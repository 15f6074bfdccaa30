package io.github.lbkit.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider's cloud API client has done so far: counters that only grow, and two gauges. A host binds them
 * to its metrics; the service controller publishes them as {@code lbkit.cloud.*} meters.
 *
 * @param reads logical cloud API calls that read (each counted once, however many attempts it took)
 * @param writes logical cloud API calls that create, change or delete
 * @param attempts HTTP attempts, retries included
 * @param retries attempts after the first of a call
 * @param succeededWithoutRetry calls that succeeded at the first attempt
 * @param succeededAfterRetry calls that succeeded after one or more retries
 * @param failedWithoutRetry calls that failed with an error not worth retrying
 * @param failedAfterRetry calls that failed after the last attempt the retry policy allows
 * @param rateLimitWaits attempts that waited for a permit of the client-side rate limit
 * @param rateLimitWaitTime the total time spent waiting for permits
 * @param backoffTime the total time spent in backoff between attempts
 * @param availablePermits the permits left in the rate limit's current period (a gauge; may be negative when
 *     callers have reserved permits of later periods)
 * @param waitingForPermit the callers waiting for a permit now (a gauge)
 */
public record CloudCallStats(
    long reads,
    long writes,
    long attempts,
    long retries,
    long succeededWithoutRetry,
    long succeededAfterRetry,
    long failedWithoutRetry,
    long failedAfterRetry,
    long rateLimitWaits,
    Duration rateLimitWaitTime,
    Duration backoffTime,
    int availablePermits,
    int waitingForPermit) {

  /**
   * Checks the durations.
   *
   * @param reads logical cloud API calls that read
   * @param writes logical cloud API calls that create, change or delete
   * @param attempts HTTP attempts, retries included
   * @param retries attempts after the first of a call
   * @param succeededWithoutRetry calls that succeeded at the first attempt
   * @param succeededAfterRetry calls that succeeded after one or more retries
   * @param failedWithoutRetry calls that failed with an error not worth retrying
   * @param failedAfterRetry calls that failed after the last attempt the retry policy allows
   * @param rateLimitWaits attempts that waited for a permit of the client-side rate limit
   * @param rateLimitWaitTime the total time spent waiting for permits
   * @param backoffTime the total time spent in backoff between attempts
   * @param availablePermits the permits left in the rate limit's current period
   * @param waitingForPermit the callers waiting for a permit now
   */
  public CloudCallStats {
    Objects.requireNonNull(rateLimitWaitTime, "rateLimitWaitTime");
    Objects.requireNonNull(backoffTime, "backoffTime");
  }
}
