package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.ConnectionTimeoutException;
import com.huaweicloud.sdk.core.exception.HostUnreachableException;
import com.huaweicloud.sdk.core.exception.RequestTimeoutException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.exception.SslHandShakeException;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.plan.Operation;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one place where Huawei Cloud failures are classified: by (HTTP status, error code), never by message
 * text. Error codes known from the ELB, EIP and VPC documentation come first; the HTTP status decides for any
 * other code.
 */
public final class ErrorClassifier {

  /**
   * The documented error codes and their meaning; a code decides regardless of the HTTP status it comes with.
   */
  static final Map<String, ErrorKind> CODES =
      Map.ofEntries(
          // API gateway throttling: "APIG.0308" documented, "APIGW.0308" seen from the SDK's gateway.
          Map.entry("APIG.0308", ErrorKind.THROTTLED),
          Map.entry("APIGW.0308", ErrorKind.THROTTLED),
          // Busy: the same call succeeds once the other operation is done. EIP API reference, error codes:
          // 409 VPC.0512 "resource busy, try again".
          Map.entry("VPC.0512", ErrorKind.BUSY),
          // ELB API reference, error codes: 409 ELB.8907 is a data conflict (already exists, in use), not busy:
          // re-sending the same call meets the same conflict; observe again instead.
          Map.entry("ELB.8907", ErrorKind.CONFLICT),
          // Not found: dedicated 404 ELB.8904 ("%s %s could not be found"); EIP 404 VPC.0504 ("Floating IP could
          // not be found"); the shared (v2) API says it with 400s (ELB API reference, error codes): ELB.1003 load
          // balancer, ELB.2011 listener, ELB.2012 member, ELB.7020 health check does not exist.
          Map.entry("ELB.8904", ErrorKind.NOT_FOUND),
          Map.entry("ELB.1003", ErrorKind.NOT_FOUND),
          Map.entry("ELB.2011", ErrorKind.NOT_FOUND),
          Map.entry("ELB.2012", ErrorKind.NOT_FOUND),
          Map.entry("ELB.7020", ErrorKind.NOT_FOUND),
          Map.entry("VPC.0504", ErrorKind.NOT_FOUND),
          // Quotas.
          Map.entry("ELB.9807", ErrorKind.QUOTA),
          Map.entry("ELB.8905", ErrorKind.QUOTA),
          Map.entry("ELB.1091", ErrorKind.QUOTA),
          Map.entry("ELB.6091", ErrorKind.QUOTA),
          Map.entry("ELB.2001", ErrorKind.QUOTA),
          Map.entry("VPC.0521", ErrorKind.QUOTA),
          // Invalid input.
          Map.entry("ELB.8902", ErrorKind.INVALID),
          // Authentication and authorisation.
          Map.entry("SYS.0401", ErrorKind.AUTH),
          Map.entry("SYS.0403", ErrorKind.AUTH),
          Map.entry("ELB.8903", ErrorKind.AUTH),
          // In use: retrying cannot help until the user of the resource is gone. VPC.0516 comes as a 500,
          // but it states a fact about the EIP (an ELB uses it), not a server fault.
          Map.entry("ELB.1018", ErrorKind.IN_USE),
          Map.entry("VPC.0516", ErrorKind.IN_USE),
          Map.entry("VPC.0517", ErrorKind.IN_USE),
          // Conflicts with the current state.
          Map.entry("ELB.6200", ErrorKind.CONFLICT),
          Map.entry("VPC.0510", ErrorKind.CONFLICT),
          Map.entry("VPC.0511", ErrorKind.CONFLICT),
          // Dedicated internal error.
          Map.entry("ELB.8906", ErrorKind.SERVER_ERROR));

  private ErrorClassifier() {}

  /**
   * Classifies an answer by HTTP status and error code.
   *
   * @param httpStatus the HTTP status, or {@link CloudApiException#NO_RESPONSE}
   * @param errorCode the cloud's error code, if any
   * @return the kind
   */
  public static ErrorKind kind(int httpStatus, @Nullable String errorCode) {
    if (httpStatus == CloudApiException.NO_RESPONSE) {
      return ErrorKind.NO_RESPONSE;
    }
    if (errorCode != null) {
      ErrorKind known = CODES.get(errorCode);
      if (known != null) {
        return known;
      }
    }
    if (httpStatus == 429) {
      return ErrorKind.THROTTLED;
    }
    if (httpStatus >= 500) {
      return ErrorKind.SERVER_ERROR;
    }
    return switch (httpStatus) {
      case 400 -> ErrorKind.INVALID;
      case 401, 403 -> ErrorKind.AUTH;
      case 404 -> ErrorKind.NOT_FOUND;
      case 409 -> ErrorKind.CONFLICT;
      default -> ErrorKind.OTHER;
    };
  }

  /**
   * Returns the kind of a classified error.
   *
   * @param e the error
   * @return the kind
   */
  public static ErrorKind kind(CloudApiException e) {
    if (e.httpStatus() == CloudApiException.NO_RESPONSE && !e.retryable()) {
      return ErrorKind.OTHER; // failed inside the client, not on the way to the cloud
    }
    return kind(e.httpStatus(), e.errorCode());
  }

  /**
   * Whether a classified error says the resource does not exist.
   *
   * @param e the error
   * @return true for 404s and the not-found codes of the ELB and EIP APIs, whatever their HTTP status
   */
  public static boolean isNotFound(CloudApiException e) {
    return kind(e) == ErrorKind.NOT_FOUND;
  }

  /**
   * Whether a failed write may nevertheless have been applied: the request was sent, but no answer came back
   * (connection reset, read timeout) or the answer was a server error. The ELB API reference warns that such
   * a create may have happened; nothing but observing again tells.
   *
   * @param e the error
   * @return true when the outcome of the call is unknown
   */
  public static boolean outcomeUnknown(CloudApiException e) {
    ErrorKind kind = kind(e);
    if (kind == ErrorKind.SERVER_ERROR) {
      return true;
    }
    if (kind != ErrorKind.NO_RESPONSE) {
      return false;
    }
    Throwable cause = e.getCause();
    // These fail before the request leaves: the rate limit's wait ran out, or the connection was never made.
    return !(cause instanceof RequestNotPermitted || cause instanceof ConnectionTimeoutException
        || cause instanceof HostUnreachableException || cause instanceof SslHandShakeException);
  }

  /**
   * What a failed call means for the plan being applied, in the reconcile engine's terms: a vanished resource,
   * a conflict with the observed state, a create whose outcome is unknown, or a failure for the caller.
   *
   * @param e the error
   * @param create whether the call created something (so that a lost answer may hide a resource)
   * @return {@link Outcome#VANISHED}, {@link Outcome#CONFLICT} or {@link Outcome#OUTCOME_UNKNOWN} to observe
   *     again (a vanished resource on a removal is success), {@link Outcome#FAIL} otherwise
   */
  public static Outcome outcome(CloudApiException e, boolean create) {
    ErrorKind kind = kind(e);
    if (kind == ErrorKind.NOT_FOUND) {
      return Outcome.VANISHED;
    }
    if (kind == ErrorKind.CONFLICT || kind == ErrorKind.IN_USE) {
      return Outcome.CONFLICT;
    }
    if (create && outcomeUnknown(e)) {
      return Outcome.OUTCOME_UNKNOWN;
    }
    return Outcome.FAIL;
  }

  /**
   * What a failed operation of a plan means to the reconcile engine ({@code ReconcileCloud.classify}): a cloud
   * error as {@link #outcome(CloudApiException, boolean)} says, a resource found missing by a read of the applier
   * ({@link Vanished}) as vanished, anything else as a failure for the caller.
   *
   * @param e what the operation threw
   * @param op the operation, or null when unknown (then it is taken for one that creates nothing)
   * @return its meaning
   */
  static Outcome outcome(RuntimeException e, @Nullable Operation op) {
    if (e instanceof CloudApiException c) {
      return outcome(c, op != null && creates(op));
    }
    return e instanceof Vanished ? Outcome.VANISHED : Outcome.FAIL;
  }

  /** Whether an operation creates something, so that a lost answer may hide what it created. */
  static boolean creates(Operation op) {
    return op instanceof Operation.CreateLoadBalancer || op instanceof Operation.CreateEip
        || op instanceof Operation.CreateListener || op instanceof Operation.CreatePool
        || op instanceof Operation.CreateMonitor || op instanceof Operation.AddMembers;
  }

  /** Whether an operation removes something, so that "not found" means it is already done. */
  static boolean removes(Operation op) {
    return op instanceof Operation.DeleteLoadBalancer || op instanceof Operation.DeleteEip
        || op instanceof Operation.UnbindEip || op instanceof Operation.DeleteListener
        || op instanceof Operation.DeletePool || op instanceof Operation.DeleteMonitor
        || op instanceof Operation.RemoveMembers;
  }

  /**
   * Whether a failed operation makes the engine observe again (so that what the plan created and could not use
   * should be cleaned up first): neither a failure for the caller nor a removal of something already gone.
   */
  static boolean replans(RuntimeException e, Operation op) {
    Outcome o = outcome(e, op);
    return o != Outcome.FAIL && !(o == Outcome.VANISHED && removes(op));
  }

  /** An applier's read found the load balancer it works on gone: the engine observes and plans again. */
  static final class Vanished extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Vanished(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Turns any failure of an SDK call into a {@link CloudApiException} carrying status, code, request id and
   * retryability. Returns a {@link CloudApiException} unchanged.
   *
   * @param operation the SDK operation, for example {@code createListener}
   * @param failure what the call threw
   * @return the classified error; its message starts with the operation and says what to do
   */
  public static CloudApiException classify(String operation, Throwable failure) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(failure, "failure");
    if (failure instanceof CloudApiException c) {
      return c;
    }
    if (failure instanceof ServiceResponseException s) {
      int status = s.getHttpStatusCode();
      String code = blankToNull(s.getErrorCode());
      ErrorKind kind = kind(status, code);
      String cloudMessage = blankToNull(s.getErrorMsg());
      String message = kind.advice() + (cloudMessage == null ? "" : "; the cloud said: " + cloudMessage);
      return new CloudApiException(
          operation, status, code, blankToNull(s.getRequestId()), kind.retryable(), message, failure);
    }
    if (failure instanceof ConnectionException || failure instanceof RequestTimeoutException) {
      String what = failure instanceof RequestTimeoutException ? "the call timed out" : "the connection failed";
      return new CloudApiException(
          operation,
          CloudApiException.NO_RESPONSE,
          null,
          null,
          true,
          what + "; " + ErrorKind.NO_RESPONSE.advice(),
          failure);
    }
    if (failure instanceof RequestNotPermitted) {
      return new CloudApiException(
          operation,
          CloudApiException.NO_RESPONSE,
          null,
          null,
          true,
          "the client-side rate limit allowed no call within huaweicloud.rateLimitWait; try again later or "
              + "raise huaweicloud.rateLimitPerSecond",
          failure);
    }
    return new CloudApiException(
        operation,
        CloudApiException.NO_RESPONSE,
        null,
        null,
        false,
        "the call failed in the client with " + failure.getClass().getSimpleName() + "; this is a bug or an "
            + "SDK incompatibility, report it",
        failure);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
