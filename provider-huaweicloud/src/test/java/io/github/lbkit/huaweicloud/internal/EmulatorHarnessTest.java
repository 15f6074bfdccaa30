package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness the benchmarks count cloud calls with: its counts come from the emulator's journal. */
class EmulatorHarnessTest {

  private static final ServiceKey KEY = new ServiceKey("c1", "default", "harness", "uid-harness");

  @Test
  void countsReadsAndWritesOfEachActionAndSeesResourcesComeAndGo() {
    LoadBalancerSpec spec = LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.inner("harness"))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, ListenerOptions.NONE, PoolSpec.DEFAULT, null))
        .backends(List.of(Backend.node("node-1", "192.168.0.11"), Backend.node("node-2", "192.168.0.12")))
        .build();
    try (EmulatorHarness h = EmulatorHarness.start()) {
      assertThat(h.resources()).isZero();

      EmulatorHarness.Calls create = h.count(() -> h.provider().ensure(spec));

      // Load balancer, listener, pool, two members; no monitor, no EIP.
      assertThat(create.writes()).isEqualTo(5);
      assertThat(create.reads()).isPositive();
      assertThat(create.total()).isEqualTo(create.requests().size());
      assertThat(create.requests()).filteredOn(r -> r.startsWith("GET ")).hasSize((int) create.reads());
      assertThat(h.resources()).isEqualTo(5);
      EmulatorHarness.Calls noOp = h.count(() -> h.provider().ensure(spec));
      assertThat(noOp.writes()).as("the journal is cleared before each count").isZero();

      h.provider().delete(KEY, LoadBalancerHints.NONE);
      assertThat(h.resources()).isZero();
    }
  }
}
