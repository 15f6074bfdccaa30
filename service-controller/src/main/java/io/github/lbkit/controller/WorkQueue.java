package io.github.lbkit.controller;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
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
 *
 * <p>Each waiting key also has a {@link Priority}: what a user did (a Service added, changed or deleted, and its
 * retries) goes before node and endpoint changes, which go before drift repair, so that a new Service never
 * waits behind a drift pass over every Service. No kind of work starves: a class passed over
 * {@link #FAIRNESS} times in a row while it has keys waiting gets the next turn, so every key's wait is bounded
 * by its place in its own class.
 */
final class WorkQueue {

  /** What a queued key asks for. */
  enum Work {
    /** Only re-converge the backend members, if they changed. */
    BACKENDS,
    /** A full reconcile. */
    FULL
  }

  /** Who asked for a key's work, in the order classes are served. */
  enum Priority {
    /** A user's change to a Service (added, changed, deleted) and the retries of its reconcile. */
    USER,
    /** Node and endpoint changes. */
    BACKENDS,
    /** Drift repair and periodic resync. */
    DRIFT
  }

  /** How many turns in a row a class with waiting keys may be passed over before it is served. */
  static final int FAIRNESS = 8;

  private final Object lock = new Object();
  private final Map<Priority, LinkedHashSet<String>> ready = new EnumMap<>(Priority.class);
  private final int[] passedOver = new int[Priority.values().length];
  private final Map<String, Work> dirty = new HashMap<>();
  private final Map<String, Priority> priorities = new HashMap<>();
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
    for (Priority p : Priority.values()) {
      ready.put(p, new LinkedHashSet<>());
    }
  }

  /** The priority a kind of work has when the caller does not say: full reconciles are a user's. */
  private static Priority priorityOf(Work work) {
    return work == Work.FULL ? Priority.USER : Priority.BACKENDS;
  }

  /** A taken key, the work it asks for and the priority it was served at. */
  record Item(String key, Work work, Priority priority) {
    Item(String key, Work work) {
      this(key, work, priorityOf(work));
    }
  }

  /**
   * Adds a key now, at the priority of its kind of work ({@link Work#FULL}: a user's; {@link Work#BACKENDS}:
   * node and endpoint changes).
   *
   * @param key the key
   * @param work what it asks for
   */
  void add(String key, Work work) {
    add(key, work, priorityOf(work));
  }

  /**
   * Adds a key now. A key already waiting keeps its place in line unless it is raised to a higher priority.
   *
   * @param key the key
   * @param work what it asks for
   * @param priority who asks
   */
  void add(String key, Work work, Priority priority) {
    synchronized (lock) {
      if (shutDown) {
        return;
      }
      Work prev = dirty.get(key);
      if (prev != null) {
        if (work.compareTo(prev) > 0) {
          dirty.put(key, work);
        }
        Priority was = priorities.get(key);
        if (was != null && priority.compareTo(was) < 0) {
          priorities.put(key, priority);
          if (ready.get(was).remove(key)) {
            ready.get(priority).add(key);
          }
        }
        return;
      }
      dirty.put(key, work);
      priorities.put(key, priority);
      if (!processing.contains(key)) {
        ready.get(priority).add(key);
        lock.notify();
      }
    }
  }

  /**
   * Adds a key after a delay, at the priority of its kind of work.
   *
   * @param key the key
   * @param work what it asks for
   * @param delay how long to wait; zero or negative adds now
   */
  void addAfter(String key, Work work, Duration delay) {
    addAfter(key, work, delay, priorityOf(work));
  }

  /**
   * Adds a key after a delay. A {@link Priority#DRIFT} key waiting for its time does not keep the queue from
   * being {@link #idle()}: drift is scheduled all the time.
   *
   * @param key the key
   * @param work what it asks for
   * @param delay how long to wait; zero or negative adds now
   * @param priority who asks
   */
  void addAfter(String key, Work work, Duration delay, Priority priority) {
    if (delay.isZero() || delay.isNegative()) {
      add(key, work, priority);
      return;
    }
    synchronized (lock) {
      if (shutDown) {
        return;
      }
    }
    boolean counted = priority != Priority.DRIFT;
    if (counted) {
      delayed.incrementAndGet();
    }
    try {
      scheduler.schedule(
          () -> {
            if (counted) {
              delayed.decrementAndGet();
            }
            add(key, work, priority);
          },
          delay.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      if (counted) {
        delayed.decrementAndGet(); // shutting down: the key is abandoned, as on shutdown
      }
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
      while (readyCount() == 0 && !shutDown) {
        lock.wait();
      }
      if (shutDown) {
        return null;
      }
      Priority turn = nextTurn();
      Iterator<String> it = ready.get(turn).iterator();
      String key = it.next();
      it.remove();
      Work work = Objects.requireNonNull(dirty.remove(key), "dirty entry of a ready key");
      priorities.remove(key);
      processing.add(key);
      return new Item(key, work, turn);
    }
  }

  /**
   * The class served next: the highest with keys waiting, unless a lower one with keys waiting has been passed
   * over {@link #FAIRNESS} times in a row (the lowest such class first). Counts the classes passed over.
   */
  private Priority nextTurn() {
    Priority turn = null;
    for (Priority p : Priority.values()) {
      if (!ready.get(p).isEmpty()) {
        turn = p;
        break;
      }
    }
    Priority[] all = Priority.values();
    for (int i = all.length - 1; i >= 0; i--) {
      if (!ready.get(all[i]).isEmpty() && passedOver[all[i].ordinal()] >= FAIRNESS) {
        turn = all[i];
        break;
      }
    }
    Objects.requireNonNull(turn, "a ready key");
    for (Priority p : all) {
      if (p == turn || ready.get(p).isEmpty()) {
        passedOver[p.ordinal()] = 0;
      } else {
        passedOver[p.ordinal()]++;
      }
    }
    return turn;
  }

  private int readyCount() {
    int n = 0;
    for (LinkedHashSet<String> r : ready.values()) {
      n += r.size();
    }
    return n;
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
        ready.get(priorities.getOrDefault(key, Priority.USER)).add(key);
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
      return readyCount();
    }
  }

  /**
   * Whether nothing is waiting, running or delayed.
   *
   * @return true when idle
   */
  boolean idle() {
    synchronized (lock) {
      return readyCount() == 0 && processing.isEmpty() && dirty.isEmpty() && delayed.get() == 0;
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
