package io.github.lbkit.benchmarks;

import io.github.lbkit.fake.Call;
import io.github.lbkit.fake.FakeCloud;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;

/** Measures one phase: cloud calls, throttled answers, heap, and the time each Service took to converge. */
final class Meter {

  private static final String THROTTLED = "429 APIG.0308";

  private final FakeCloud cloud;
  private final int rateLimit;
  private final List<MemoryPoolMXBean> heap;
  private final long reads0;
  private final long writes0;
  private final int journal0;
  private final long t0;

  private Meter(FakeCloud cloud, int rateLimit) {
    this.cloud = cloud;
    this.rateLimit = rateLimit;
    System.gc();
    this.heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    this.reads0 = cloud.reads();
    this.writes0 = cloud.writes();
    this.journal0 = cloud.journal().size();
    this.t0 = System.nanoTime();
  }

  /**
   * Starts measuring a phase now.
   *
   * @param cloud the cloud whose calls are counted
   * @param rateLimit the cloud's API rate limit, 0 for none
   */
  static Meter start(FakeCloud cloud, int rateLimit) {
    return new Meter(cloud, rateLimit);
  }

  /** Returns the start of the phase, in {@link System#nanoTime()}. */
  long t0() {
    return t0;
  }

  /**
   * Ends the phase.
   *
   * @param name the phase
   * @param wallNanos its wall time
   * @param failed provider calls that failed
   * @param convergedNanos per Service, the time from the start until it converged; negative when it did not
   */
  ScaleHarness.PhaseResult finish(String name, long wallNanos, long failed, long[] convergedNanos) {
    long reads = cloud.reads() - reads0;
    long writes = cloud.writes() - writes0;
    List<Call> calls = cloud.journal();
    long throttled = calls.subList(journal0, calls.size()).stream().filter(c -> c.outcome().equals(THROTTLED))
        .count();
    long bound = rateLimit == 0 ? 0 : (reads + writes - throttled) * 1000 / rateLimit;
    long[] sorted = Arrays.stream(convergedNanos).map(v -> v < 0 ? Long.MAX_VALUE : v).sorted().toArray();
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new ScaleHarness.PhaseResult(name, wallNanos / 1_000_000, reads, writes, throttled, bound, failed,
        percentile(sorted, 50), percentile(sorted, 99), peak);
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    long v = sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    return v == Long.MAX_VALUE ? -1 : v / 1_000_000;
  }
}
