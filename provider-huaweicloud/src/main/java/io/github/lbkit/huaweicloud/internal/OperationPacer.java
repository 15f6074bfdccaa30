package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.huaweicloud.OperationLimit;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Spaces the calls of operations with a documented limit of their own ({@link OperationLimit}): every call
 * reserves a time slot such that no window of the limit's period (plus a 2% margin for network delay) holds more
 * than its calls, and waits for it.
 * Slots are handed out in order, so callers never need to try again; thread-safe.
 */
final class OperationPacer {

  private final Map<String, Window> windows = new HashMap<>();
  private final LongSupplier nanoClock;

  /**
   * Creates a pacer.
   *
   * @param limits the limits by operation name
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
   */
  OperationPacer(Map<String, OperationLimit> limits, LongSupplier nanoClock) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    limits.forEach((op, l) -> windows.put(op, new Window(l)));
  }

  /**
   * Reserves the next slot for one call of an operation.
   *
   * @param operation the operation name
   * @return how long to wait before the call; zero when it may go now or the operation has no limit
   */
  Duration reserve(String operation) {
    Window w = windows.get(operation);
    return w == null ? Duration.ZERO : w.reserve(nanoClock);
  }

  /** The last {@code calls} slots of one operation, oldest first in a ring. */
  private static final class Window {
    private final long periodNanos;
    private final long[] slots;
    private int next;
    private int used;

    Window(OperationLimit limit) {
      // The cloud counts a call when it arrives, which is later than our slot by a network delay that varies from
      // call to call: a margin of 2% of the period (1.2 s a minute) keeps a late first call from making an early
      // later one the limit's extra call.
      this.periodNanos = limit.period().toNanos() + limit.period().toNanos() / 50;
      this.slots = new long[limit.calls()];
    }

    synchronized Duration reserve(LongSupplier clock) {
      long now = clock.getAsLong(); // read under the lock, so slots are handed out in time order
      long slot = now;
      if (used == slots.length) {
        // The slot `calls` reservations ago must have left the window before this one enters it.
        slot = Math.max(now, slots[next] + periodNanos);
      } else {
        used++;
      }
      slots[next] = slot;
      next = (next + 1) % slots.length;
      return Duration.ofNanos(slot - now);
    }
  }
}
