package io.github.lbkit.huaweicloud.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that records what it was asked to wait and returns at once. */
final class FakeSleeper implements Sleeper {

  private final List<Duration> sleeps = new ArrayList<>();
  private long sleptNanos;

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    if (!duration.isNegative()) {
      sleptNanos += duration.toNanos();
    }
  }

  /**
   * A clock that runs with real time plus every wait this sleeper was asked for, as if it had slept: for code
   * whose limits count on a clock.
   */
  long nanoTime() {
    synchronized (this) {
      return System.nanoTime() + sleptNanos;
    }
  }

  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
