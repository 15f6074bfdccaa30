package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.lbkit.huaweicloud.OperationLimit;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every Huawei Cloud SDK call: under a client-side rate limit, retried with exponential backoff and jitter
 * when {@link ErrorClassifier} says the failure is retryable, and counted.
 *
 * <p>Each attempt takes one rate-limit permit. Waits (for a permit, and between attempts) go through a {@link
 * Sleeper}, so tests need not sleep. Every failure leaves as a classified {@link CloudApiException}. Thread-safe:
 * one instance serves all calls of a provider, so the rate limit is per provider.
 */
public final class CloudCalls {

  private static final Logger LOG = LoggerFactory.getLogger(CloudCalls.class);

  /** Whether a call reads or writes cloud state; writes are what a converged Service must not issue. */
  public enum Kind {
    /** A call that changes nothing. */
    READ,
    /** A call that creates, changes or deletes something. */
    WRITE
  }

  private final Retry retry;
  private final RateLimiter rateLimiter;
  private final Sleeper sleeper;
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder rateLimitNanos = new LongAdder();
  private final LongAdder backoffNanos = new LongAdder();
  private final Map<String, LongAdder> perOperation = new ConcurrentHashMap<>();
  private final OperationPacer pacer;

  /**
   * Creates an executor with the retry and rate-limit settings of a configuration.
   *
   * @param config the settings
   * @param sleeper how to wait; {@link Sleeper#SYSTEM} outside tests
   */
  public CloudCalls(HuaweiCloudConfig config, Sleeper sleeper) {
    this(config, sleeper, System::nanoTime);
  }

  /**
   * Creates an executor with the retry, rate-limit and per-operation limit settings of a configuration.
   *
   * @param config the settings
   * @param sleeper how to wait; {@link Sleeper#SYSTEM} outside tests
   * @param nanoClock the monotonic clock the per-operation limits count on; {@code System::nanoTime} outside tests
   */
  public CloudCalls(HuaweiCloudConfig config, Sleeper sleeper, java.util.function.LongSupplier nanoClock) {
    this(
        config.retryMaxAttempts(),
        config.retryBaseBackoff(),
        config.retryMaxBackoff(),
        config.rateLimitPerSecond(),
        config.rateLimitWait(),
        config.operationLimits(),
        sleeper,
        nanoClock);
  }

  /**
   * Creates an executor.
   *
   * @param maxAttempts attempts per call, the first included
   * @param baseBackoff the backoff before the second attempt, doubled per attempt, with 50% jitter
   * @param maxBackoff the longest backoff
   * @param callsPerSecond the rate limit
   * @param maxRateLimitWait the longest wait for a permit
   * @param sleeper how to wait
   */
  public CloudCalls(
      int maxAttempts,
      Duration baseBackoff,
      Duration maxBackoff,
      int callsPerSecond,
      Duration maxRateLimitWait,
      Sleeper sleeper) {
    this(maxAttempts, baseBackoff, maxBackoff, callsPerSecond, maxRateLimitWait, Map.of(), sleeper,
        System::nanoTime);
  }

  /**
   * Creates an executor with limits of single operations besides the global rate.
   *
   * @param maxAttempts attempts per call, the first included
   * @param baseBackoff the backoff before the second attempt, doubled per attempt, with 50% jitter
   * @param maxBackoff the longest backoff
   * @param callsPerSecond the rate limit
   * @param maxRateLimitWait the longest wait for a permit
   * @param operationLimits limits of single operations by name (for example {@code createMember}); a call of one
   *     waits for its slot however long that is (at most the limit's period)
   * @param sleeper how to wait
   * @param nanoClock the monotonic clock the per-operation limits count on
   */
  public CloudCalls(
      int maxAttempts,
      Duration baseBackoff,
      Duration maxBackoff,
      int callsPerSecond,
      Duration maxRateLimitWait,
      Map<String, OperationLimit> operationLimits,
      Sleeper sleeper,
      java.util.function.LongSupplier nanoClock) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.pacer = new OperationPacer(operationLimits, nanoClock);
    this.retry =
        Retry.of(
            "huaweicloud",
            RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(baseBackoff, 2.0, 0.5, maxBackoff))
                .retryOnException(t -> t instanceof CloudApiException c && c.retryable())
                .failAfterMaxAttempts(false)
                .build());
    this.rateLimiter =
        RateLimiter.of(
            "huaweicloud",
            RateLimiterConfig.custom()
                .limitForPeriod(callsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(maxRateLimitWait)
                .build());
  }

  /**
   * Runs a call that reads.
   *
   * @param operation the SDK operation name, for example {@code showLoadbalancer}
   * @param call the SDK call
   * @param <T> the result type
   * @return the call's result
   * @throws CloudApiException classified, after the retries the policy allows
   */
  public <T> T read(String operation, Supplier<T> call) {
    return run(Kind.READ, operation, call);
  }

  /**
   * Runs a call that writes.
   *
   * @param operation the SDK operation name, for example {@code createListener}
   * @param call the SDK call
   * @param <T> the result type
   * @return the call's result
   * @throws CloudApiException classified, after the retries the policy allows
   */
  public <T> T write(String operation, Supplier<T> call) {
    return run(Kind.WRITE, operation, call);
  }

  /**
   * Runs a call that creates something. No create call of the ELB, EIP and VPC APIs takes an idempotency token,
   * so one whose answer was lost (no answer, or a server error after the request was sent) may have happened:
   * it is not sent again but fails at once, and the caller observes again (finding by owner marker) before any
   * re-send. Only answers that say nothing was done (throttled, busy, or the request never left: the
   * client-side rate limit, a failed connect) are retried.
   *
   * @param operation the SDK operation name, for example {@code createListener}
   * @param call the SDK call
   * @param <T> the result type
   * @return the call's result
   * @throws CloudApiException classified; {@link ErrorClassifier#outcomeUnknown} tells a lost answer
   */
  public <T> T create(String operation, Supplier<T> call) {
    return run(Kind.WRITE, operation, call, true);
  }

  /**
   * Runs a call that reads one resource, answering empty when the cloud says it does not exist (by
   * {@link ErrorClassifier#isNotFound}, never by message) or answers nothing.
   *
   * @param operation the SDK operation name
   * @param call the SDK call
   * @param mapper turns the SDK object into ours
   * @param <S> the SDK result type
   * @param <R> our type
   * @return the mapped result, or empty when the resource does not exist
   * @throws CloudApiException any other error, classified
   */
  public <S, R> Optional<R> readIfExists(String operation, Supplier<@Nullable S> call, Function<S, R> mapper) {
    S s;
    try {
      s = read(operation, call);
    } catch (CloudApiException e) {
      if (ErrorClassifier.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
    return s == null ? Optional.empty() : Optional.of(mapper.apply(s));
  }

  /**
   * Runs a call that deletes; not found counts as already deleted.
   *
   * @param operation the SDK operation name
   * @param call the SDK call
   * @return true when it deleted something, false when the resource did not exist
   * @throws CloudApiException any other error, classified
   */
  public boolean deleteIfExists(String operation, Supplier<?> call) {
    try {
      write(operation, call);
      return true;
    } catch (CloudApiException e) {
      if (ErrorClassifier.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Runs a call.
   *
   * @param kind read or write
   * @param operation the SDK operation name
   * @param call the SDK call
   * @param <T> the result type
   * @return the call's result
   * @throws CloudApiException classified, after the retries the policy allows
   */
  public <T> T run(Kind kind, String operation, Supplier<T> call) {
    return run(kind, operation, call, false);
  }

  private <T> T run(Kind kind, String operation, Supplier<T> call, boolean creates) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(call, "call");
    (kind == Kind.READ ? reads : writes).increment();
    perOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
    Retry.AsyncContext<T> context = retry.asyncContext();
    for (int attempt = 1; ; attempt++) {
      CloudApiException error;
      try {
        acquirePermit(operation);
        attempts.increment();
        T result = call.get();
        context.onResult(result);
        context.onComplete();
        return result;
      } catch (RuntimeException e) {
        error = ErrorClassifier.classify(operation, e);
      }
      long delayMillis = creates && ErrorClassifier.outcomeUnknown(error) ? -1 : context.onError(error);
      if (delayMillis < 0) {
        failures.increment();
        LOG.debug("{} failed after {} attempt(s): {}", operation, attempt, error.getMessage());
        throw error;
      }
      retries.increment();
      LOG.debug("{} attempt {} failed, retrying in {} ms: {}", operation, attempt, delayMillis, error.getMessage());
      pause(operation, Duration.ofMillis(delayMillis), backoffNanos, error);
    }
  }

  private void acquirePermit(String operation) {
    // An operation with a documented limit of its own waits for its slot first, so that a long wait there
    // does not hold a permit of the global rate.
    Duration slot = pacer.reserve(operation);
    if (!slot.isZero()) {
      rateLimited.increment();
      pause(operation, slot, rateLimitNanos, null);
    }
    long waitNanos = rateLimiter.reservePermission(1);
    if (waitNanos < 0) {
      throw RequestNotPermitted.createRequestNotPermitted(rateLimiter);
    }
    if (waitNanos > 0) {
      rateLimited.increment();
      pause(operation, Duration.ofNanos(waitNanos), rateLimitNanos, null);
    }
  }

  private void pause(String operation, Duration d, LongAdder total, @Nullable CloudApiException cause) {
    total.add(d.toNanos());
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CloudApiException interrupted =
          new CloudApiException(
              operation,
              CloudApiException.NO_RESPONSE,
              null,
              null,
              true,
              "interrupted while waiting to call the cloud; the caller is shutting down",
              e);
      if (cause != null) {
        interrupted.addSuppressed(cause);
      }
      throw interrupted;
    }
  }

  /**
   * Returns the retry, for binding its metrics (for example Resilience4j's {@code TaggedRetryMetrics}).
   *
   * @return the retry named {@code huaweicloud}
   */
  public Retry retry() {
    return retry;
  }

  /**
   * Returns the rate limiter, for binding its metrics.
   *
   * @return the rate limiter named {@code huaweicloud}
   */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /**
   * Returns what this executor has done so far.
   *
   * @return a snapshot of the counters
   */
  public CallCounts counts() {
    Map<String, Long> ops = new TreeMap<>();
    perOperation.forEach((k, v) -> ops.put(k, v.sum()));
    return new CallCounts(
        reads.sum(),
        writes.sum(),
        attempts.sum(),
        retries.sum(),
        failures.sum(),
        rateLimited.sum(),
        Duration.ofNanos(rateLimitNanos.sum()),
        Duration.ofNanos(backoffNanos.sum()),
        ops);
  }
}
