package io.github.lbkit.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A keyed work queue with the semantics of client-go's rate-limited work queue: a key waits at most once
 * (de-duplication), is handed to one worker at a time (a key added while it is processed runs again after
 * {@link #done}), can be added after a delay, and backs off exponentially per key until {@link #forget}.
 *
 * <p>Each key carries a {@link Work} kind; when the same key is added twice before it runs, the larger kind
 * wins ({@link Work#FULL} over {@link Work#BACKENDS}).
 */
final class WorkQueue {

  /** What a queued key asks for. */
  enum Work {
    /** Only re-converge the backend members, if they changed. */
    BACKENDS,
    /** A full reconcile. */
    FULL
  }

  private final Object lock = new Object();
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final Map<String, Work> dirty = new HashMap<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final AtomicInteger delayed = new AtomicInteger();
  private final ScheduledExecutorService scheduler;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private boolean shutDown;

  WorkQueue(ScheduledExecutorService scheduler, Duration baseDelay, Duration maxDelay) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
    this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
  }

  /** A taken key and the work it asks for. */
  record Item(String key, Work work) {}

  /**
   * Adds a key now.
   *
   * @param key the key
   * @param work what it asks for
   */
  void add(String key, Work work) {
    synchronized (lock) {
      if (shutDown) {
        return;
      }
      Work prev = dirty.get(key);
      if (prev != null) {
        if (work.compareTo(prev) > 0) {
          dirty.put(key, work);
        }
        return;
      }
      dirty.put(key, work);
      if (!processing.contains(key)) {
        ready.addLast(key);
        lock.notify();
      }
    }
  }

  /**
   * Adds a key after a delay.
   *
   * @param key the key
   * @param work what it asks for
   * @param delay how long to wait; zero or negative adds now
   */
  void addAfter(String key, Work work, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key, work);
      return;
    }
    synchronized (lock) {
      if (shutDown) {
        return;
      }
    }
    delayed.incrementAndGet();
    try {
      scheduler.schedule(
          () -> {
            delayed.decrementAndGet();
            add(key, work);
          },
          delay.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      delayed.decrementAndGet(); // shutting down: the key is abandoned, as on shutdown
    }
  }

  /**
   * Adds a key after its per-key exponential backoff and counts one more failure for it.
   *
   * @param key the key
   * @return the delay applied
   */
  Duration addRateLimited(String key) {
    int n;
    synchronized (lock) {
      n = failures.merge(key, 1, Integer::sum) - 1;
    }
    Duration d = backoff(baseDelay, maxDelay, n);
    addAfter(key, Work.FULL, d);
    return d;
  }

  /**
   * Clears a key's failure count, after a success.
   *
   * @param key the key
   */
  void forget(String key) {
    synchronized (lock) {
      failures.remove(key);
    }
  }

  /**
   * Returns how many failures are counted for a key.
   *
   * @param key the key
   * @return the count
   */
  int failures(String key) {
    synchronized (lock) {
      return failures.getOrDefault(key, 0);
    }
  }

  /**
   * Takes the next key, waiting for one; marks it as being processed.
   *
   * @return the key, or null once the queue is shut down
   * @throws InterruptedException when interrupted while waiting
   */
  @Nullable Item take() throws InterruptedException {
    synchronized (lock) {
      while (ready.isEmpty() && !shutDown) {
        lock.wait();
      }
      if (shutDown) {
        return null;
      }
      String key = ready.removeFirst();
      Work work = Objects.requireNonNull(dirty.remove(key), "dirty entry of a ready key");
      processing.add(key);
      return new Item(key, work);
    }
  }

  /**
   * Marks a key as processed; when it was added again meanwhile, it becomes ready.
   *
   * @param key the key
   */
  void done(String key) {
    synchronized (lock) {
      processing.remove(key);
      if (dirty.containsKey(key) && !shutDown) {
        ready.addLast(key);
        lock.notify();
      }
    }
  }

  /** Stops handing out keys; waiting workers get null. Queued and delayed keys are abandoned. */
  void shutDown() {
    synchronized (lock) {
      shutDown = true;
      lock.notifyAll();
    }
  }

  /**
   * Returns the number of keys waiting to run (not counting delayed or running ones).
   *
   * @return the depth
   */
  int depth() {
    synchronized (lock) {
      return ready.size();
    }
  }

  /**
   * Whether nothing is waiting, running or delayed.
   *
   * @return true when idle
   */
  boolean idle() {
    synchronized (lock) {
      return ready.isEmpty() && processing.isEmpty() && dirty.isEmpty() && delayed.get() == 0;
    }
  }

  /**
   * Returns the exponential backoff after {@code failures} earlier failures: base, 2×base, 4×base, … capped.
   *
   * @param base the first delay
   * @param max the cap
   * @param failures the number of earlier failures, from 0
   * @return the delay
   */
  static Duration backoff(Duration base, Duration max, int failures) {
    if (failures >= 62) {
      return max;
    }
    long factor = 1L << Math.max(0, failures);
    long nanos = base.toNanos();
    if (nanos > 0 && factor > Long.MAX_VALUE / nanos) {
      return max;
    }
    Duration d = Duration.ofNanos(nanos * factor);
    return d.compareTo(max) > 0 ? max : d;
  }
}
