package io.github.lbkit.examples.targetgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the target-group provider adds to the kit: the shape of its cloud, written the way that cloud wants. */
class GroupCloudProviderTest {

  private static final HealthCheck CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);

  private final GroupCloud cloud = new GroupCloud();
  private final GroupCloudProvider provider = new GroupCloudProvider(cloud);

  /** Rule: a change of backends is one call that replaces the group's targets, whatever was added or removed. */
  @Test
  void aBackendChangeIsOneReplaceOfTheWholeSet() {
    LoadBalancerSpec spec = spec("swap", List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2")));
    provider.ensure(spec);
    String group = onlyGroup(spec).id();

    long before = cloud.writes();
    provider.updateBackends(spec.toBuilder()
        .backends(List.of(Backend.node("n2", "10.0.0.2"), Backend.node("n3", "10.0.0.3"))).build());
    assertThat(cloud.writes() - before).as("writes of one node added and one removed").isEqualTo(1);
    assertThat(onlyGroup(spec).id()).as("the same target group").isEqualTo(group);
    assertThat(onlyGroup(spec).targets()).containsExactlyInAnyOrder(
        new GroupCloud.Target("10.0.0.2", 30080), new GroupCloud.Target("10.0.0.3", 30080));
  }

  /** Rule: the health check is a field of the target group, and the listener is addressed by its name. */
  @Test
  void theHealthCheckLivesInTheGroupAndTheListenerHasAName() {
    LoadBalancerSpec spec = spec("shape", List.of(Backend.node("n1", "10.0.0.1")));
    String lb = provider.ensure(spec).status().loadBalancerId();
    GroupCloud.TargetGroup group = onlyGroup(spec);
    assertThat(group.healthCheck()).isEqualTo(CHECK);
    assertThat(cloud.listenersOf(lb)).singleElement().satisfies(l -> {
      assertThat(l.name()).isEqualTo("tcp-80");
      assertThat(l.targetGroupId()).isEqualTo(group.id());
    });
  }

  /**
   * Rule: a target group left unused by a crash between creating it and pointing the listener at it is deleted by
   * the next ensure, which gives the listener a group of its own: none leaks, none is doubled.
   */
  @Test
  void aGroupOrphanedByACrashIsDeletedByTheNextEnsure() {
    LoadBalancerSpec spec = spec("orphan", List.of(Backend.node("n1", "10.0.0.1")));
    cloud.crashAfterWrites(3); // load balancer, listener, target group: the crash comes before the listener forwards
    assertThatThrownBy(() -> provider.ensure(spec)).isInstanceOf(GroupCloud.Crash.class);
    cloud.clearFaults();
    String orphan = onlyGroup(spec).id();
    assertThat(cloud.inUse(orphan)).as("the orphan is used by a listener").isFalse();

    String lb = provider.ensure(spec).status().loadBalancerId();
    assertThat(cloud.exists(orphan)).as("the orphan exists").isFalse();
    GroupCloud.TargetGroup group = onlyGroup(spec);
    assertThat(cloud.listenersOf(lb)).singleElement()
        .satisfies(l -> assertThat(l.targetGroupId()).isEqualTo(group.id()));
    assertThat(group.targets()).containsExactly(new GroupCloud.Target("10.0.0.1", 30080));
  }

  /** Rule: options the cloud has no field for are refused before the first write. */
  @Test
  void optionsWithoutAFieldAreRefusedBeforeAnyWrite() {
    ServiceKey key = new ServiceKey("demo", "default", "refused", "uid-refused");
    LoadBalancerSpec spec = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("refused"))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80,
            new ListenerOptions(null, 30, null, null, List.of(), null, InsertHeaders.NONE, null), PoolSpec.DEFAULT,
            null))
        .build();
    assertThatThrownBy(() -> provider.ensure(spec)).isInstanceOf(InvalidServiceException.class)
        .hasMessageContaining("only an idle (keepalive) timeout");
    assertThat(cloud.writes()).as("writes before refusing").isZero();
  }

  /** Rule: ServiceLoader finds the provider by its name, and it serves a Service from create to delete. */
  @Test
  void theDiscoveredProviderServesAServiceEndToEnd() {
    try (LoadBalancerProvider found =
        LoadBalancerProviders.load(ProviderConfig.of(ProviderConfig.PROVIDER, GroupCloudProvider.NAME))) {
      assertThat(found).isInstanceOf(GroupCloudProvider.class);
      LoadBalancerSpec spec = spec("discovered", List.of(Backend.node("n1", "10.0.0.1")));
      LoadBalancerHints hints = LoadBalancerHints.fromAnnotations(found.ensure(spec).annotations());
      assertThat(found.find(spec.key(), hints)).isPresent();
      found.delete(spec.key(), hints);
      assertThat(found.find(spec.key(), LoadBalancerHints.NONE)).isEmpty();
    }
  }

  private GroupCloud.TargetGroup onlyGroup(LoadBalancerSpec spec) {
    List<GroupCloud.TargetGroup> groups = cloud.targetGroupsTagged(OwnerMarker.of(spec.key()).value());
    assertThat(groups).as("the Service's target groups").hasSize(1);
    return groups.get(0);
  }

  private static LoadBalancerSpec spec(String name, List<Backend> backends) {
    ServiceKey key = new ServiceKey("demo", "default", name, "uid-" + name);
    ListenerSpec l = ListenerSpec.tcp(80, 30080);
    return LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner(name))
        .listener(new ListenerSpec(l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), l.options(),
            l.pool(), CHECK))
        .backends(backends)
        .build();
  }
}
