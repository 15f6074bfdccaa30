package io.github.lbkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

  @Test
  void callsInABurstAreSpacedByTheInterval() {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    List<Duration> waits = new ArrayList<>();
    Pacer pacer = new Pacer(10, waits::add, now::get);

    for (int i = 0; i < 4; i++) {
      pacer.acquire();
    }

    // The first call goes at once; the others wait for their slot, 100 ms apart.
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
  }

  @Test
  void aCallerThatComesLateDoesNotWaitAndEarnsNoBurst() {
    AtomicLong now = new AtomicLong(0);
    List<Duration> waits = new ArrayList<>();
    Pacer pacer = new Pacer(10, waits::add, now::get);
    pacer.acquire();

    now.addAndGet(Duration.ofSeconds(5).toNanos());
    pacer.acquire();
    pacer.acquire();

    assertThat(waits).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void noLimitNeverWaits() {
    List<Duration> waits = new ArrayList<>();
    Pacer pacer = new Pacer(0, waits::add, () -> 0L);
    for (int i = 0; i < 100; i++) {
      pacer.acquire();
    }
    assertThat(waits).isEmpty();
  }
}
