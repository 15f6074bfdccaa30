package io.github.lbkit.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The cloud is not ready yet: a resource is still provisioning, or the API asked us to come back later.
 * Providers raise it instead of sleeping; the controller requeues the Service after {@link #retryAfter()}
 * instead of its exponential backoff, as Kubernetes' {@code api.RetryError} does.
 */
public final class RetryLaterException extends LoadBalancerException {

  private static final long serialVersionUID = 1L;

  /** How long to wait before trying again. */
  private final Duration retryAfter;

  /**
   * Creates the error.
   *
   * @param message what is not ready, starting with the operation
   * @param retryAfter when to try again; positive
   */
  public RetryLaterException(String message, Duration retryAfter) {
    super(message, null);
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /**
   * Returns how long to wait before trying again.
   *
   * @return a positive duration
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
