package io.github.lbkit.api;

import org.jspecify.annotations.Nullable;

/**
 * The root of the errors lbkit raises. It is sealed: every error is one of four kinds, and each carries the
 * data a caller needs to act on it.
 *
 * <ul>
 *   <li>{@link InvalidServiceException}: the Service asks for something impossible or malformed; fix the
 *       Service. Never retried.
 *   <li>{@link RetryLaterException}: the cloud is not ready yet (still provisioning, busy); requeue after
 *       {@link RetryLaterException#retryAfter()}.
 *   <li>{@link CloudApiException}: the cloud API answered with an error; {@link CloudApiException#retryable()}
 *       says whether trying again can help.
 *   <li>{@link OwnershipConflictException}: a resource the Service names belongs to someone else; lbkit will
 *       not touch it.
 * </ul>
 */
public abstract sealed class LoadBalancerException extends RuntimeException
    permits InvalidServiceException,
        RetryLaterException,
        CloudApiException,
        OwnershipConflictException {

  private static final long serialVersionUID = 1L;

  LoadBalancerException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the controller should retry the operation with backoff.
   *
   * @return true when trying again later can succeed without a change to the Service
   */
  public abstract boolean retryable();
}
