package io.github.lbkit.fake;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces a client's calls evenly so that it stays under an API rate limit, waiting through a {@link Sleeper}: the
 * client-side rate limiter a real provider puts in front of its cloud API. Thread-safe; each caller reserves the
 * next free slot and waits for it outside the lock.
 */
final class Pacer {

  private final long intervalNanos;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  private long next;

  /**
   * Creates a pacer.
   *
   * @param callsPerSecond the rate to stay under; 0 for no pacing
   * @param sleeper how to wait
   */
  Pacer(int callsPerSecond, Sleeper sleeper) {
    this(callsPerSecond, sleeper, System::nanoTime);
  }

  /**
   * Creates a pacer over a time source.
   *
   * @param callsPerSecond the rate to stay under; 0 for no pacing
   * @param sleeper how to wait
   * @param nanoTime the monotonic time in nanoseconds
   */
  Pacer(int callsPerSecond, Sleeper sleeper, LongSupplier nanoTime) {
    this.intervalNanos = callsPerSecond == 0 ? 0 : 1_000_000_000L / callsPerSecond;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
    this.next = nanoTime.getAsLong();
  }

  /** Waits for the next free slot. */
  void acquire() {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long slot = Math.max(now, next);
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
  }
}
