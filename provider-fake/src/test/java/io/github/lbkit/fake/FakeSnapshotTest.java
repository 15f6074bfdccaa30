package io.github.lbkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.fake.FakeResources.Member;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bulk observation: one snapshot answers for every Service whether an ensure would write. */
class FakeSnapshotTest {

  private static LoadBalancerSpec spec(int i) {
    ServiceKey key = new ServiceKey("c1", "default", "web-" + i, "uid-" + i);
    return LoadBalancerSpec.builder(key, Attachment.AutoCreate.publicAddress("web-" + i))
        .cloudOptions(FakeProviderTest.BW_OPTIONS)
        .listener(ListenerSpec.tcp(80, 30080))
        .backends(List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2")))
        .build();
  }

  @Test
  void convergedServicesAreAnsweredFromAFewPagedReadsWithoutWrites() {
    FakeCloud cloud = FakeCloud.builder().seed(1).quotas(new FakeCloud.Quotas(2000, 50, 500, 2000)).build();
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    int n = FakeLoadBalancerProvider.BULK_PAGE_SIZE + 20; // two pages
    List<LoadBalancerResult> ensured = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ensured.add(p.ensure(spec(i)));
    }
    long reads = cloud.reads();
    long writes = cloud.writes();

    CloudSnapshot snapshot = p.snapshot().orElseThrow();
    for (int i = 0; i < n; i++) {
      assertThat(snapshot.converged(spec(i)))
          .as("Service %d is converged and the snapshot gives what ensure gave", i)
          .contains(ensured.get(i));
    }

    assertThat(cloud.writes()).as("a snapshot never writes").isEqualTo(writes);
    assertThat(cloud.reads() - reads)
        .as("two pages of load balancer trees and one list of EIPs, whatever the number of Services")
        .isEqualTo(3);
  }

  @Test
  void driftMissingServicesAndChangedSpecsAreNotConverged() {
    FakeCloud cloud = FakeCloud.create(2);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    p.ensure(spec(1));
    p.ensure(spec(2));
    // Someone removes a member of Service 2 by hand: drift.
    Member m = cloud.snapshot().get(1).members().get(0);
    cloud.deleteMember(m.poolId(), m.id());

    CloudSnapshot snapshot = p.snapshot().orElseThrow();

    assertThat(snapshot.converged(spec(1))).as("untouched Service").isPresent();
    assertThat(snapshot.converged(spec(2))).as("a member removed by hand").isEmpty();
    assertThat(snapshot.converged(spec(3))).as("a Service with no load balancer yet").isEmpty();
    assertThat(snapshot.converged(spec(1).toBuilder().listener(ListenerSpec.tcp(443, 30443)).build()))
        .as("a Service whose spec asks for one more listener").isEmpty();
    assertThat(snapshot.converged(
            LoadBalancerSpec.builder(spec(4).key(), new Attachment.Existing("no-such-lb")).build()))
        .as("a Service naming a load balancer that does not exist: the snapshot cannot tell, ensure will say why")
        .isEmpty();

    // The ensure the caller then runs repairs the drift; a new snapshot sees it converged.
    long writes = cloud.writes();
    p.ensure(spec(2));
    assertThat(cloud.writes() - writes).as("the member put back").isEqualTo(1);
    assertThat(p.snapshot().orElseThrow().converged(spec(2))).isPresent();
  }

  @Test
  void aSnapshotIsAsOfTheTimeItWasTaken() {
    FakeCloud cloud = FakeCloud.create(3);
    FakeLoadBalancerProvider p = FakeLoadBalancerProvider.over(cloud);
    p.ensure(spec(1));
    CloudSnapshot snapshot = p.snapshot().orElseThrow();
    Member m = cloud.snapshot().get(0).members().get(0);
    cloud.deleteMember(m.poolId(), m.id());

    long reads = cloud.reads();
    assertThat(snapshot.converged(spec(1)))
        .as("drift after the snapshot is found by the next one, not by a call from this one").isPresent();
    assertThat(cloud.reads()).as("answers come from memory").isEqualTo(reads);
  }
}
