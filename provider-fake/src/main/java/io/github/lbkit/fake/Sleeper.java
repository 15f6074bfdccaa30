package io.github.lbkit.fake;

import java.time.Duration;

/** Waits for a duration; injectable so that tests never really sleep. */
@FunctionalInterface
public interface Sleeper {

  /** A sleeper that returns at once. */
  Sleeper NONE = d -> {};

  /** A sleeper that really sleeps, restoring the interrupt flag when interrupted. */
  Sleeper REAL =
      d -> {
        try {
          Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  /**
   * Waits.
   *
   * @param duration how long
   */
  void sleep(Duration duration);
}
