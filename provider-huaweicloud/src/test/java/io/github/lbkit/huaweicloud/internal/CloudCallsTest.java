package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import io.github.lbkit.api.CloudApiException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Retry, backoff, rate limit and counting of {@link CloudCalls}, with scripted SDK answers and no real sleep. */
class CloudCallsTest {

  private final FakeSleeper sleeper = new FakeSleeper();

  private CloudCalls calls(int maxAttempts, int perSecond, Duration maxWait) {
    return new CloudCalls(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(2), perSecond, maxWait, sleeper);
  }

  /** Answers with the scripted failures in order, then with "ok"; counts the attempts. */
  private static final class Script implements Supplier<String> {
    private final Deque<RuntimeException> failures;
    int attempts;

    Script(RuntimeException... failures) {
      this.failures = new ArrayDeque<>(List.of(failures));
    }

    @Override
    public String get() {
      attempts++;
      RuntimeException next = failures.poll();
      if (next != null) {
        throw next;
      }
      return "ok";
    }
  }

  @Test
  void a503ThenA429AreRetriedWithGrowingJitteredBackoffAndTheThirdAttemptSucceeds() {
    CloudCalls calls = calls(5, 1000, Duration.ofSeconds(1));
    Script script =
        new Script(
            new ServerResponseException(503, null, "unavailable", "r1"),
            new ClientRequestException(429, "APIG.0308", "The throttling threshold has been reached", "r2"));

    assertThat(calls.read("listListeners", script)).isEqualTo("ok");

    assertThat(script.attempts).isEqualTo(3);
    List<Duration> sleeps = sleeper.sleeps();
    assertThat(sleeps).hasSize(2);
    // Base 100 ms doubling, with 50% jitter: [50, 150] ms, then [100, 300] ms.
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
    CallCounts counts = calls.counts();
    assertThat(counts.reads()).isEqualTo(1);
    assertThat(counts.attempts()).isEqualTo(3);
    assertThat(counts.retries()).isEqualTo(2);
    assertThat(counts.failures()).isZero();
    assertThat(counts.backoffWait()).isEqualTo(sleeps.get(0).plus(sleeps.get(1)));
    assertThat(calls.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
  }

  @Test
  void aDataConflictIsNotRetried() {
    CloudCalls calls = calls(5, 1000, Duration.ofSeconds(1));
    Script script = new Script(new ClientRequestException(409, "ELB.8907", "already has a listener", "r1"));

    assertThatThrownBy(() -> calls.write("createListener", script)).isInstanceOf(CloudApiException.class);
    assertThat(script.attempts).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aCreateWhoseAnswerMayHaveBeenLostIsNotSentAgain() {
    CloudCalls calls = calls(5, 1000, Duration.ofSeconds(1));
    for (RuntimeException lost : List.of(new ServerResponseException(503, null, "unavailable", "r1"),
        new com.huaweicloud.sdk.core.exception.CallTimeoutException("DefaultHttpClient RequestTimeout"),
        new com.huaweicloud.sdk.core.exception.ConnectionException("connection reset"))) {
      Script script = new Script(lost);
      assertThatThrownBy(() -> calls.create("createListener", script))
          .isInstanceOfSatisfying(CloudApiException.class, e -> assertThat(ErrorClassifier.outcomeUnknown(e)).isTrue());
      assertThat(script.attempts).as("attempts after %s", lost).isEqualTo(1);
    }
  }

  @Test
  void aCreateThatSurelyDidNothingIsRetried() {
    CloudCalls calls = calls(5, 1000, Duration.ofSeconds(1));
    Script script = new Script(new ClientRequestException(429, "APIG.0308", "throttled", "r1"),
        new ClientRequestException(409, "VPC.0512", "resource busy", "r2"),
        new com.huaweicloud.sdk.core.exception.ConnectionTimeoutException("connect timed out"));

    assertThat(calls.create("createPublicip", script)).isEqualTo("ok");
    assertThat(script.attempts).isEqualTo(4);
  }

  @Test
  void aBusyConflictIsRetried() {
    CloudCalls calls = calls(5, 1000, Duration.ofSeconds(1));
    Script script = new Script(new ClientRequestException(409, "VPC.0512", "resource busy", "r1"));

    assertThat(calls.write("updatePublicip", script)).isEqualTo("ok");
    assertThat(script.attempts).isEqualTo(2);
  }

  @Test
  void aNotFoundIsNotRetried() {
    CloudCalls calls = calls(5, 1000, Duration.ofSeconds(1));
    Script script = new Script(new ClientRequestException(404, "ELB.8904", "Pool p could not be found", "r1"));

    assertThatThrownBy(() -> calls.read("showPool", script))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo("ELB.8904");
              assertThat(e.requestId()).isEqualTo("r1");
            });
    assertThat(script.attempts).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
    assertThat(calls.counts().failures()).isEqualTo(1);
  }

  @Test
  void retryableFailuresGiveUpAfterMaxAttemptsWithTheLastError() {
    CloudCalls calls = calls(3, 1000, Duration.ofSeconds(1));
    Script script =
        new Script(
            new ServerResponseException(500, "ELB.8906", "internal", "r1"),
            new ServerResponseException(502, null, "bad gateway", "r2"),
            new ServerResponseException(503, null, "unavailable", "r3"),
            new ServerResponseException(503, null, "never reached", "r4"));

    assertThatThrownBy(() -> calls.write("createListener", script))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.requestId()).isEqualTo("r3");
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).startsWith("createListener: ");
            });
    assertThat(script.attempts).isEqualTo(3);
    assertThat(sleeper.sleeps()).hasSize(2);
  }

  @Test
  void backoffNeverExceedsTheMaximum() {
    CloudCalls calls = new CloudCalls(8, Duration.ofMillis(500), Duration.ofSeconds(1), 1000, Duration.ZERO, sleeper);
    List<RuntimeException> failures = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      failures.add(new ServerResponseException(503, null, "unavailable", "r" + i));
    }
    Script script = new Script(failures.toArray(new RuntimeException[0]));

    assertThat(calls.read("showLoadbalancer", script)).isEqualTo("ok");
    assertThat(sleeper.sleeps()).hasSize(7).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
  }

  @Test
  void callsBeyondTheRateLimitWaitForAPermit() {
    CloudCalls calls = calls(1, 1, Duration.ofSeconds(30));

    for (int i = 0; i < 5; i++) {
      calls.read("showLoadbalancer", () -> "ok");
    }

    // One permit per second: of five calls made within a second, at most two find a permit at once.
    CallCounts counts = calls.counts();
    assertThat(counts.rateLimited()).isGreaterThanOrEqualTo(3);
    assertThat(counts.rateLimitWait()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(sleeper.sleeps()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(d -> assertThat(d).isPositive());
    assertThat(counts.attempts()).isEqualTo(5);
  }

  @Test
  void aCallThatWouldWaitTooLongForAPermitFailsAsRetryable() {
    CloudCalls calls = calls(1, 1, Duration.ZERO);
    List<CloudApiException> failures = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      try {
        calls.read("showLoadbalancer", () -> "ok");
      } catch (CloudApiException e) {
        failures.add(e);
      }
    }

    assertThat(failures)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.httpStatus()).isEqualTo(CloudApiException.NO_RESPONSE);
              assertThat(e.getMessage()).contains("rate limit");
            });
  }

  @Test
  void countsSeparateReadsWritesAndOperations() {
    CloudCalls calls = calls(1, 1000, Duration.ofSeconds(1));

    calls.read("showLoadbalancer", () -> "a");
    calls.read("showLoadbalancer", () -> "b");
    calls.write("createListener", () -> "c");

    CallCounts counts = calls.counts();
    assertThat(counts.reads()).isEqualTo(2);
    assertThat(counts.writes()).isEqualTo(1);
    assertThat(counts.calls()).isEqualTo(3);
    assertThat(counts.of("showLoadbalancer")).isEqualTo(2);
    assertThat(counts.of("createListener")).isEqualTo(1);
    assertThat(counts.of("deleteListener")).isZero();
  }
}
