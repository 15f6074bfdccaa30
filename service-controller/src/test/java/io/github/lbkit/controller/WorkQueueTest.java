package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkQueueTest {

  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("test"));
  final WorkQueue queue = new WorkQueue(scheduler, Duration.ofSeconds(5), Duration.ofSeconds(300));

  @AfterEach
  void stop() {
    queue.shutDown();
    scheduler.shutdownNow();
  }

  static Stream<Arguments> backoffs() {
    return Stream.of(
        Arguments.of("first failure waits the base", 0, Duration.ofSeconds(5)),
        Arguments.of("second failure doubles", 1, Duration.ofSeconds(10)),
        Arguments.of("fifth failure", 4, Duration.ofSeconds(80)),
        Arguments.of("seventh failure is capped", 6, Duration.ofSeconds(300)),
        Arguments.of("huge counts stay capped", 1000, Duration.ofSeconds(300)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backoffs")
  void backoffDoublesUpToTheCap(String name, int failures, Duration expected) {
    assertThat(WorkQueue.backoff(Duration.ofSeconds(5), Duration.ofSeconds(300), failures)).isEqualTo(expected);
  }

  @Test
  void addedKeysAreDeduplicated() throws InterruptedException {
    queue.add("a", WorkQueue.Work.FULL);
    queue.add("a", WorkQueue.Work.FULL);
    queue.add("b", WorkQueue.Work.FULL);

    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.take().key()).isEqualTo("a");
    assertThat(queue.take().key()).isEqualTo("b");
  }

  @Test
  void fullWorkWinsOverBackendWork() throws InterruptedException {
    queue.add("a", WorkQueue.Work.BACKENDS);
    queue.add("a", WorkQueue.Work.FULL);
    queue.add("a", WorkQueue.Work.BACKENDS);

    assertThat(queue.take()).isEqualTo(new WorkQueue.Item("a", WorkQueue.Work.FULL));
  }

  @Test
  void aKeyAddedWhileProcessingWaitsUntilDone() throws InterruptedException {
    queue.add("a", WorkQueue.Work.FULL);
    WorkQueue.Item item = queue.take();
    queue.add("a", WorkQueue.Work.FULL);

    assertThat(queue.depth()).isZero(); // not handed to a second worker
    queue.done(item.key());

    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.take().key()).isEqualTo("a");
  }

  @Test
  void rateLimitedAddsBackOffPerKeyUntilForgotten() {
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(5));
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(10));
    assertThat(queue.addRateLimited("b")).isEqualTo(Duration.ofSeconds(5));
    assertThat(queue.failures("a")).isEqualTo(2);
    assertThat(queue.idle()).isFalse(); // delayed keys count

    queue.forget("a");

    assertThat(queue.failures("a")).isZero();
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void delayedAddsArrive() throws InterruptedException {
    queue.addAfter("a", WorkQueue.Work.FULL, Duration.ofMillis(20));

    assertThat(queue.take().key()).isEqualTo("a"); // take waits for it
  }

  @Test
  void shutDownReleasesWaitingWorkers() throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        assertThat(queue.take()).isNull();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();

    queue.shutDown();
    t.join(5000);

    assertThat(t.isAlive()).isFalse();
    queue.add("a", WorkQueue.Work.FULL);
    assertThat(queue.depth()).isZero();
  }

  @Test
  void aUsersChangeGoesBeforeAWholeDriftPass() throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      queue.add("drift-" + i, WorkQueue.Work.FULL, WorkQueue.Priority.DRIFT);
    }
    queue.add("nodes", WorkQueue.Work.BACKENDS);
    queue.add("new", WorkQueue.Work.FULL);

    assertThat(queue.take().key()).isEqualTo("new");
    assertThat(queue.take().key()).isEqualTo("nodes");
    assertThat(queue.take().key()).isEqualTo("drift-0");
  }

  @Test
  void aKeyWaitingForDriftIsRaisedWhenAUserChangesIt() throws InterruptedException {
    queue.add("a", WorkQueue.Work.FULL, WorkQueue.Priority.DRIFT);
    queue.add("b", WorkQueue.Work.FULL, WorkQueue.Priority.DRIFT);
    queue.add("b", WorkQueue.Work.FULL, WorkQueue.Priority.USER);
    queue.add("a", WorkQueue.Work.FULL, WorkQueue.Priority.DRIFT);

    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.take().key()).isEqualTo("b");
    assertThat(queue.take().key()).isEqualTo("a");
  }

  @Test
  void noKindOfWorkStarves() throws InterruptedException {
    queue.add("drift", WorkQueue.Work.FULL, WorkQueue.Priority.DRIFT);
    queue.add("backends", WorkQueue.Work.BACKENDS);
    int drift = -1;
    int backends = -1;
    // Users keep adding work faster than it is done; the lower classes still get their turns.
    for (int turn = 0; turn < 3 * (WorkQueue.FAIRNESS + 1) && (drift < 0 || backends < 0); turn++) {
      queue.add("user-" + turn, WorkQueue.Work.FULL);
      queue.add("user-more-" + turn, WorkQueue.Work.FULL);
      WorkQueue.Item item = queue.take();
      queue.done(item.key());
      if (item.key().equals("drift")) {
        drift = turn;
      } else if (item.key().equals("backends")) {
        backends = turn;
      }
    }
    // Each starving class waits at most FAIRNESS turns, plus one for the other starving class served first.
    assertThat(backends).isBetween(0, WorkQueue.FAIRNESS + 1);
    assertThat(drift).isBetween(0, WorkQueue.FAIRNESS + 1);
  }

  @Test
  void scheduledDriftDoesNotKeepTheQueueBusy() {
    queue.addAfter("a", WorkQueue.Work.FULL, Duration.ofHours(1), WorkQueue.Priority.DRIFT);
    assertThat(queue.idle()).isTrue();
    queue.addAfter("b", WorkQueue.Work.FULL, Duration.ofHours(1));
    assertThat(queue.idle()).isFalse();
  }

  @Test
  void aDriftPassIsSpreadEvenlyOverItsPeriod() {
    assertThat(Reconciler.driftOffsets(4, Duration.ofMinutes(10)))
        .containsExactly(Duration.ZERO, Duration.ofSeconds(150), Duration.ofSeconds(300), Duration.ofSeconds(450));
    assertThat(Reconciler.driftOffsets(0, Duration.ofMinutes(10))).isEmpty();
  }
}
