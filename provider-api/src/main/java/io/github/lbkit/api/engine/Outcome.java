package io.github.lbkit.api.engine;

/**
 * What a failed cloud call means to the {@link ReconcileEngine}, as the provider's
 * {@link ReconcileCloud#classify(RuntimeException)} tells it.
 */
public enum Outcome {
  /**
   * The resource the call addressed does not exist (HTTP 404 and the cloud's "does not exist" codes). On a
   * delete this is success; otherwise the engine observes again and plans again.
   */
  VANISHED,
  /**
   * The cloud state conflicts with the plan (HTTP 409: someone else changed the load balancer since it was
   * observed, or a create already happened). The engine observes again and plans again; it never re-sends.
   */
  CONFLICT,
  /**
   * The call may or may not have been applied (a timeout or 5xx after the request was sent: the answer was lost).
   * The engine observes again and plans again, so a create whose answer was lost is found by its owner marker
   * instead of being sent a second time.
   */
  OUTCOME_UNKNOWN,
  /** Anything else: the engine stops and the exception goes to the caller (which retries when it is retryable). */
  FAIL
}
