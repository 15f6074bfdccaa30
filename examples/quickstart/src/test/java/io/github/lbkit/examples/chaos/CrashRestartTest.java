package io.github.lbkit.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.github.lbkit.api.LoadBalancerException;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.Fault;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.fake.FakeResources;
import io.github.lbkit.fake.SimulatedCrashException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at every mutating call of create, update and delete, then a restart with a new provider over the same
 * cloud: the operation converges, with no duplicate load balancer and nothing leaked.
 */
class CrashRestartTest {

  private static final Service BEFORE = Chaos.service("shop", "web", "uid-web");
  private static final List<Node> NODES_BEFORE = Chaos.nodes(3);
  private static final Service AFTER = updated();
  private static final List<Node> NODES_AFTER = List.of(Chaos.node("n2", "10.0.0.2"), Chaos.node("n3", "10.0.0.3"),
      Chaos.node("n4", "10.0.0.4"), Chaos.node("n5", "10.0.0.5"));

  /** One operation of a Service's life, from the state it starts in. */
  enum Op {
    CREATE, UPDATE, DELETE
  }

  static Stream<Arguments> operations() {
    return Stream.of(Arguments.of(Op.CREATE), Arguments.of(Op.UPDATE), Arguments.of(Op.DELETE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void aCrashAtEveryWriteThenARestartConvergesWithoutDuplicatesOrLeaks(Op op) {
    int writes = cleanWrites(op);
    assertThat(writes).as("writes of a clean %s", op).isGreaterThan(2);
    for (int k = 1; k <= writes; k++) {
      String at = op + ", crash at write " + k + " of " + writes;
      FakeCloud cloud = FakeCloud.create(7);
      Map<String, String> written = prepare(op, cloud);

      cloud.faults().crashAfterWrites(k);
      FakeLoadBalancerProvider crashing = FakeLoadBalancerProvider.over(cloud);
      assertThatThrownBy(() -> run(op, crashing, written)).as(at).isInstanceOf(SimulatedCrashException.class);
      assertThat(Chaos.duplicateOwners(cloud)).as(at).isEmpty();

      // The restart: a new process, a new provider; what the crashed one wrote back to the Service is lost. The
      // cloud is still flaky: one call in five fails with a transient fault, and the caller retries as a
      // controller would.
      cloud.faults().reseed(k).errorRate(0.2, Fault.THROTTLED, Fault.SERVER_ERROR, Fault.TIMEOUT, Fault.BUSY);
      FakeLoadBalancerProvider restarted = FakeLoadBalancerProvider.over(cloud);
      retrying(at, () -> run(op, restarted, written));
      assertThat(Chaos.duplicateOwners(cloud)).as(at).isEmpty();
      cloud.faults().clear();
      if (op == Op.DELETE) {
        assertThat(cloud.inventory()).as(at + ": leaked").isEmpty();
        continue;
      }
      // Converged: the next ensure writes nothing, the one load balancer has what the spec says.
      LoadBalancerSpec spec = spec(op == Op.CREATE ? BEFORE : AFTER, op == Op.CREATE ? NODES_BEFORE : NODES_AFTER,
          written);
      long before = cloud.writes();
      LoadBalancerResult result = restarted.ensure(spec);
      assertThat(cloud.writes()).as(at + ": converged").isEqualTo(before);
      List<FakeResources.Tree> trees = cloud.snapshot();
      assertThat(trees).as(at).hasSize(1);
      assertThat(result.status().loadBalancerId()).as(at).isEqualTo(trees.get(0).loadBalancer().id());
      assertThat(trees.get(0).listeners()).as(at).hasSize(spec.listeners().size());
      assertThat(trees.get(0).members()).as(at).hasSize(spec.listeners().size() * spec.backends().size());
      // And deleting it leaves nothing behind.
      restarted.delete(spec.key(), spec.hints());
      assertThat(cloud.inventory()).as(at + ": leaked").isEmpty();
    }
  }

  private static void retrying(String what, Runnable call) {
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        return;
      } catch (LoadBalancerException e) {
        if (!e.retryable() || attempt >= 50) {
          throw new AssertionError(what + ": gave up after " + attempt + " attempts", e);
        }
      }
    }
  }

  /** Counts the writes of the operation without a crash. */
  private static int cleanWrites(Op op) {
    FakeCloud cloud = FakeCloud.create(7);
    Map<String, String> written = prepare(op, cloud);
    long before = cloud.writes();
    run(op, FakeLoadBalancerProvider.over(cloud), written);
    return (int) (cloud.writes() - before);
  }

  /** Brings the cloud to the state the operation starts from; returns what ensure wrote back. */
  private static Map<String, String> prepare(Op op, FakeCloud cloud) {
    Map<String, String> written = new LinkedHashMap<>();
    if (op != Op.CREATE) {
      written.putAll(FakeLoadBalancerProvider.over(cloud).ensure(spec(BEFORE, NODES_BEFORE, written)).annotations());
    }
    return written;
  }

  private static void run(Op op, FakeLoadBalancerProvider provider, Map<String, String> written) {
    BiConsumer<Service, List<Node>> ensure = (s, n) -> provider.ensure(spec(s, n, written));
    switch (op) {
      case CREATE -> ensure.accept(BEFORE, NODES_BEFORE);
      case UPDATE -> ensure.accept(AFTER, NODES_AFTER);
      case DELETE -> {
        Service s = withWritten(BEFORE, written);
        provider.delete(Chaos.TRANSLATOR.key(s), Chaos.TRANSLATOR.hints(s));
      }
    }
  }

  private static LoadBalancerSpec spec(Service s, List<Node> nodes, Map<String, String> written) {
    return Chaos.TRANSLATOR.translate(withWritten(s, written), nodes, List.of());
  }

  private static Service withWritten(Service s, Map<String, String> written) {
    Service copy = new io.fabric8.kubernetes.api.model.ServiceBuilder(s).build();
    Map<String, String> annotations = new LinkedHashMap<>(s.getMetadata().getAnnotations());
    annotations.putAll(written);
    copy.getMetadata().setAnnotations(annotations);
    return copy;
  }

  /** The Service changed in place: another algorithm, a health check option, a third port. */
  private static Service updated() {
    Service s = new io.fabric8.kubernetes.api.model.ServiceBuilder(Chaos.service("shop", "web", "uid-web"))
        .editSpec()
        .addNewPort().withName("dns").withProtocol("UDP").withPort(53)
        .withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(5353)).withNodePort(30053).endPort()
        .endSpec()
        .build();
    s.getMetadata().getAnnotations().put(CceAnnotations.ELB_LB_ALGORITHM, "LEAST_CONNECTIONS");
    s.getMetadata().getAnnotations().put(CceAnnotations.ELB_HEALTH_CHECK_OPTION,
        "{\"delay\":7,\"timeout\":4,\"max_retries\":2}");
    return s;
  }
}
