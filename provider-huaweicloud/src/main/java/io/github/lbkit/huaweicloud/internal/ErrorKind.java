package io.github.lbkit.huaweicloud.internal;

/**
 * What a failed Huawei Cloud call means for the caller, derived from (HTTP status, error code) by {@link
 * ErrorClassifier}. The first four kinds are retryable.
 */
public enum ErrorKind {
  /** HTTP 429, API gateway throttling ({@code APIG.0308}); retried with backoff. */
  THROTTLED(true, "the cloud throttled the call; it was retried with backoff; lower "
      + "huaweicloud.rateLimitPerSecond or try again later"),
  /** HTTP 5xx; retried with backoff. */
  SERVER_ERROR(true, "the cloud answered with a server error; try again later"),
  /** A busy resource ({@code 409 VPC.0512}, "resource busy, try again"); retried with backoff. */
  BUSY(true, "the resource is busy with another operation; try again later"),
  /** No HTTP answer: connection failure, timeout, or the client-side rate limit wait ran out. */
  NO_RESPONSE(true, "no answer from the cloud endpoint; check the huaweicloud endpoint settings and the "
      + "network, then try again"),
  /**
   * The resource does not exist: any 404, or v2's 400 {@code ELB.1003}, {@code ELB.2011}, {@code ELB.2012} or
   * {@code ELB.7020}. On a delete this means done.
   */
  NOT_FOUND(false, "the resource does not exist"),
  /** A quota is exhausted. */
  QUOTA(false, "a quota is exhausted; raise the quota or remove unused resources"),
  /** The cloud rejected the request as invalid. */
  INVALID(false, "the cloud rejected the request as invalid; check the Service's annotations and the "
      + "huaweicloud settings"),
  /** The credentials were rejected or lack a permission. */
  AUTH(false, "the credentials were rejected or lack permission; check the access key, secret key, project "
      + "id and IAM permissions"),
  /** The resource is still used by another one (bound EIP, load balancer with listeners). */
  IN_USE(false, "the resource is still in use; remove or unbind what uses it first"),
  /**
   * A conflict with the current state ({@code 409 ELB.8907}, data conflict: already exists or in use; a port
   * already used by a listener): the caller observes again instead of re-sending.
   */
  CONFLICT(false, "the request conflicts with the current state of the resource"),
  /** Anything else. */
  OTHER(false, "the cloud call failed");

  private final boolean retryable;
  private final String advice;

  ErrorKind(boolean retryable, String advice) {
    this.retryable = retryable;
    this.advice = advice;
  }

  /**
   * Whether trying the same call again later can succeed.
   *
   * @return true for throttling, server errors, busy conflicts and missing answers
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Returns what the error means and what to do, for messages.
   *
   * @return the advice
   */
  public String advice() {
    return advice;
  }
}
