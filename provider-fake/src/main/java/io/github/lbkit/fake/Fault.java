package io.github.lbkit.fake;

import org.jspecify.annotations.Nullable;

/** A failure the fake cloud can inject, with the HTTP status and error code the real API answers with. */
public enum Fault {
  /** API gateway throttling: 429 {@code APIG.0308}; retryable. */
  THROTTLED(429, "APIG.0308", true, "The throttling threshold has been reached: policy user over ratelimit"),
  /** Internal error: 500 {@code ELB.8906}; retryable. */
  SERVER_ERROR(500, "ELB.8906", true, "internal server error"),
  /**
   * No response: a read or connect timeout. On a write the change was applied and only the answer was lost, as
   * happens in real life; retryable.
   */
  TIMEOUT(0, null, true, "read timed out"),
  /** Resource busy: 409 {@code VPC.0512}; retryable. */
  BUSY(409, "VPC.0512", true, "resource busy, try again"),
  /** Not found: 404 {@code ELB.8904}; not retryable. */
  NOT_FOUND(404, "ELB.8904", false, "the resource could not be found");

  private final int httpStatus;
  private final @Nullable String errorCode;
  private final boolean retryable;
  private final String message;

  Fault(int httpStatus, @Nullable String errorCode, boolean retryable, String message) {
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.retryable = retryable;
    this.message = message;
  }

  /**
   * Returns the HTTP status, or {@link io.github.lbkit.api.CloudApiException#NO_RESPONSE} for a timeout.
   *
   * @return the status
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Returns the cloud error code.
   *
   * @return the code, or null for a timeout
   */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /**
   * Tells whether a client should retry.
   *
   * @return true for transient faults
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Returns the error message the cloud sends.
   *
   * @return the message
   */
  public String message() {
    return message;
  }
}
