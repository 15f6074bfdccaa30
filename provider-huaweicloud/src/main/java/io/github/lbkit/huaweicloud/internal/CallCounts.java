package io.github.lbkit.huaweicloud.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the calls a {@link CloudCalls} made, for metrics and benchmarks.
 *
 * @param reads logical read calls (each counted once however many attempts it took)
 * @param writes logical write calls
 * @param attempts HTTP attempts, retries included
 * @param retries attempts after the first
 * @param failures logical calls that ended with an error
 * @param rateLimited attempts that had to wait for a rate-limit permit
 * @param rateLimitWait the total time spent waiting for permits
 * @param backoffWait the total time spent in backoff between attempts
 * @param perOperation logical calls per SDK operation name
 */
public record CallCounts(
    long reads,
    long writes,
    long attempts,
    long retries,
    long failures,
    long rateLimited,
    Duration rateLimitWait,
    Duration backoffWait,
    Map<String, Long> perOperation) {

  /**
   * Copies the map.
   *
   * @param reads logical read calls (each counted once however many attempts it took)
   * @param writes logical write calls
   * @param attempts HTTP attempts, retries included
   * @param retries attempts after the first
   * @param failures logical calls that ended with an error
   * @param rateLimited attempts that had to wait for a rate-limit permit
   * @param rateLimitWait the total time spent waiting for permits
   * @param backoffWait the total time spent in backoff between attempts
   * @param perOperation logical calls per SDK operation name
   */
  public CallCounts {
    Objects.requireNonNull(rateLimitWait, "rateLimitWait");
    Objects.requireNonNull(backoffWait, "backoffWait");
    perOperation = Map.copyOf(perOperation);
  }

  /**
   * Returns the logical calls of one operation.
   *
   * @param operation the SDK operation name
   * @return the count, zero when never called
   */
  public long of(String operation) {
    return perOperation.getOrDefault(operation, 0L);
  }

  /**
   * Returns all logical calls.
   *
   * @return reads plus writes
   */
  public long calls() {
    return reads + writes;
  }
}
