package io.github.lbkit.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The fault injection of one {@link FakeCloud}: scripted failures, seeded error rates, latency, an API rate limit
 * and a crash hook. Every decision draws from a random generator seeded from the cloud's seed, so a run replays.
 *
 * <p>Order of checks on each call: the rate limit (above N calls in the current second of the cloud's clock the
 * call answers {@link Fault#THROTTLED}), then scripted failures for the operation, then error rates.
 */
public final class FaultInjector {

  private final Object lock;
  private final Random random;
  private final Map<CloudOperation, Deque<Fault>> scripted = new EnumMap<>(CloudOperation.class);
  private final List<Rate> rates = new ArrayList<>();
  private Duration latency = Duration.ZERO;
  private int rateLimit;
  private long windowSecond = Long.MIN_VALUE;
  private int windowCalls;
  private int crashCountdown;

  private record Rate(@Nullable CloudOperation op, double rate, List<Fault> faults) {}

  FaultInjector(Object lock, Random random) {
    this.lock = lock;
    this.random = random;
  }

  /**
   * Makes the next calls of an operation fail, one fault per call, in order.
   *
   * @param op the operation
   * @param faults the faults, in order
   * @return this injector
   */
  public FaultInjector script(CloudOperation op, Fault... faults) {
    Objects.requireNonNull(op, "op");
    synchronized (lock) {
      Deque<Fault> q = scripted.computeIfAbsent(op, o -> new ArrayDeque<>());
      for (Fault f : faults) {
        q.add(Objects.requireNonNull(f, "fault"));
      }
    }
    return this;
  }

  /**
   * Makes calls of one operation fail at random with the given rate, drawing the fault among those given.
   *
   * @param op the operation
   * @param rate the probability of failure of each call, 0 to 1
   * @param faults the faults to draw from; at least one
   * @return this injector
   */
  public FaultInjector errorRate(CloudOperation op, double rate, Fault... faults) {
    Objects.requireNonNull(op, "op");
    return addRate(op, rate, faults);
  }

  /**
   * Makes every call fail at random with the given rate, drawing the fault among those given.
   *
   * @param rate the probability of failure of each call, 0 to 1
   * @param faults the faults to draw from; at least one
   * @return this injector
   */
  public FaultInjector errorRate(double rate, Fault... faults) {
    return addRate(null, rate, faults);
  }

  private FaultInjector addRate(@Nullable CloudOperation op, double rate, Fault... faults) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("fault injection: error rate must be within 0..1, got " + rate);
    }
    if (faults.length == 0) {
      throw new IllegalArgumentException("fault injection: name at least one fault to draw from");
    }
    synchronized (lock) {
      rates.add(new Rate(op, rate, List.of(faults)));
    }
    return this;
  }

  /**
   * Adds latency to every call, through the cloud's {@link Sleeper}.
   *
   * @param v the latency per call; zero for none
   * @return this injector
   */
  public FaultInjector latency(Duration v) {
    Objects.requireNonNull(v, "latency");
    if (v.isNegative()) {
      throw new IllegalArgumentException("fault injection: latency must not be negative, got " + v);
    }
    synchronized (lock) {
      this.latency = v;
    }
    return this;
  }

  /**
   * Answers {@link Fault#THROTTLED} to every call above N per second of the cloud's clock.
   *
   * @param callsPerSecond the limit; 0 for none
   * @return this injector
   */
  public FaultInjector rateLimit(int callsPerSecond) {
    if (callsPerSecond < 0) {
      throw new IllegalArgumentException("fault injection: rate limit must not be negative, got " + callsPerSecond);
    }
    synchronized (lock) {
      this.rateLimit = callsPerSecond;
      this.windowCalls = 0;
    }
    return this;
  }

  /**
   * Arms the crash hook: the k-th successful write from now is applied, then the call throws
   * {@link SimulatedCrashException}. The hook fires once.
   *
   * @param k how many writes to let through, the last of them crashing; at least 1
   * @return this injector
   */
  public FaultInjector crashAfterWrites(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("fault injection: crash after at least one write, got " + k);
    }
    synchronized (lock) {
      this.crashCountdown = k;
    }
    return this;
  }

  /**
   * Restarts the random draws of error rates from a new seed, so that a test can pick its fault sequence.
   *
   * @param seed the seed
   * @return this injector
   */
  public FaultInjector reseed(long seed) {
    synchronized (lock) {
      random.setSeed(seed);
    }
    return this;
  }

  /**
   * Removes every fault, latency, rate limit and the crash hook.
   *
   * @return this injector
   */
  public FaultInjector clear() {
    synchronized (lock) {
      scripted.clear();
      rates.clear();
      latency = Duration.ZERO;
      rateLimit = 0;
      crashCountdown = 0;
    }
    return this;
  }

  Duration latency() {
    synchronized (lock) {
      return latency;
    }
  }

  /** Decides the fault of one call; called under the cloud's lock. */
  @Nullable Fault decide(CloudOperation op, Instant now) {
    if (rateLimit > 0) {
      long second = now.getEpochSecond();
      if (second != windowSecond) {
        windowSecond = second;
        windowCalls = 0;
      }
      if (++windowCalls > rateLimit) {
        return Fault.THROTTLED;
      }
    }
    Deque<Fault> q = scripted.get(op);
    if (q != null && !q.isEmpty()) {
      return q.poll();
    }
    for (Rate r : rates) {
      if (r.op() == null || r.op() == op) {
        if (random.nextDouble() < r.rate()) {
          return r.faults().get(random.nextInt(r.faults().size()));
        }
      }
    }
    return null;
  }

  /** Counts one applied write down; true when the crash hook fires. Called under the cloud's lock. */
  boolean crashNow() {
    if (crashCountdown > 0) {
      crashCountdown--;
      return crashCountdown == 0;
    }
    return false;
  }
}
