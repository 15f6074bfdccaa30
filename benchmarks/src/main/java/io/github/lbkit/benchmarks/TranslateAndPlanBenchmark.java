package io.github.lbkit.benchmarks;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.Planner;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one reconcile costs in CPU before any cloud call: translating a Service with 10 ports over 500 nodes,
 * planning its load balancer from nothing, and planning it once it is converged (the no-op every resync does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslateAndPlanBenchmark {

  /** The number of Service ports. */
  @Param("10")
  public int ports;

  /** The number of nodes, every one a backend. */
  @Param("500")
  public int nodes;

  private final CceServiceTranslator translator =
      new CceServiceTranslator(TranslatorOptions.of(Workloads.CLUSTER));
  private Service service = Workloads.service(0, 1);
  private List<Node> nodeList = List.of();
  private LoadBalancerSpec spec = translator.translate(service, Workloads.nodes(0, 1), List.of());
  private Optional<ObservedLoadBalancer> converged = Optional.empty();

  /** Creates the benchmark state; JMH sets the parameters, then calls {@link #setUp()}. */
  public TranslateAndPlanBenchmark() {}

  /** Builds the Service, the nodes, the spec and a converged load balancer through the fake provider. */
  @Setup(Level.Trial)
  public void setUp() {
    service = Workloads.service(1, ports);
    nodeList = Workloads.nodes(1, nodes);
    spec = translator.translate(service, nodeList, List.<EndpointSlice>of());
    FakeCloud cloud = FakeCloud.builder()
        .quotas(new FakeCloud.Quotas(10, Math.max(50, ports), Math.max(500, nodes), 10))
        .build();
    FakeLoadBalancerProvider.over(cloud).ensure(spec);
    converged = Optional.of(Workloads.observed(cloud.snapshot().get(0)));
    if (!Planner.plan(spec, converged).isEmpty()) {
      throw new IllegalStateException("benchmark setup: the converged load balancer still plans operations");
    }
  }

  /**
   * Translates the Service.
   *
   * @return the spec
   */
  @Benchmark
  public LoadBalancerSpec translate() {
    return translator.translate(service, nodeList, List.of());
  }

  /**
   * Plans the load balancer from nothing.
   *
   * @return the plan
   */
  @Benchmark
  public Plan planFromEmpty() {
    return Planner.plan(spec, Optional.empty());
  }

  /**
   * Plans the converged load balancer: nothing to do.
   *
   * @return the empty plan
   */
  @Benchmark
  public Plan planNoOp() {
    return Planner.plan(spec, converged);
  }
}
