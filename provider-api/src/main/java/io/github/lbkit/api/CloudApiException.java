package io.github.lbkit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cloud API answered a call with an error, or the call did not get an answer. It carries what the cloud
 * said — HTTP status, error code, request id — and whether the provider classified it as retryable.
 * Providers classify errors by (HTTP status, error code), never by message text.
 */
public final class CloudApiException extends LoadBalancerException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status used when the call got no HTTP answer (connection failure, timeout). */
  public static final int NO_RESPONSE = 0;

  /** The cloud operation that failed. */
  private final String operation;
  /** The HTTP status, or {@link #NO_RESPONSE}. */
  private final int httpStatus;
  /** The cloud's error code, if it gave one. */
  private final @Nullable String errorCode;
  /** The cloud's request id, if it gave one. */
  private final @Nullable String requestId;
  /** Whether the same call may succeed later. */
  private final boolean retryable;

  /**
   * Creates the error.
   *
   * @param operation the cloud operation, for example {@code createListener}
   * @param httpStatus the HTTP status, or {@link #NO_RESPONSE}
   * @param errorCode the cloud's error code, for example {@code ELB.8907}, if it gave one
   * @param requestId the cloud's request id, if it gave one; quote it to the cloud's support
   * @param retryable whether trying again later can succeed
   * @param message what failed and what to do
   * @param cause the underlying exception, if any
   */
  public CloudApiException(
      String operation,
      int httpStatus,
      @Nullable String errorCode,
      @Nullable String requestId,
      boolean retryable,
      String message,
      @Nullable Throwable cause) {
    super(format(operation, httpStatus, errorCode, requestId, message), cause);
    this.operation = Objects.requireNonNull(operation, "operation");
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.requestId = requestId;
    this.retryable = retryable;
  }

  /**
   * Returns the cloud operation that failed.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns the HTTP status of the answer.
   *
   * @return the status, or {@link #NO_RESPONSE} when there was no answer
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Returns the cloud's error code.
   *
   * @return the code, or {@code null}
   */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /**
   * Returns the cloud's request id.
   *
   * @return the id, or {@code null}
   */
  public @Nullable String requestId() {
    return requestId;
  }

  @Override
  public boolean retryable() {
    return retryable;
  }

  private static String format(
      String operation, int status, @Nullable String code, @Nullable String requestId, String message) {
    StringBuilder sb = new StringBuilder(operation).append(": ").append(message).append(" (");
    sb.append(status == NO_RESPONSE ? "no response" : "HTTP " + status);
    if (code != null) {
      sb.append(", code ").append(code);
    }
    if (requestId != null) {
      sb.append(", request id ").append(requestId);
    }
    return sb.append(')').toString();
  }
}
