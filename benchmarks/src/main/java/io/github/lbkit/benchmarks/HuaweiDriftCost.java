package io.github.lbkit.benchmarks;

import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.internal.EmulatorHarness;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a drift pass over converged Services costs the Huawei Cloud provider, in cloud calls counted at its
 * ELB/EIP/VPC emulator, for both classes together: N shared and N dedicated Services (2 ports, 3 nodes each).
 *
 * <p>A pass is what the service controller does for each Service of a drift pass, driven here directly on the
 * provider (no Kubernetes API): without snapshots, one {@code ensure} per Service; with snapshots, one
 * {@code snapshot()} for the pass, then {@code converged(spec)} per Service and an {@code ensure} only where the
 * snapshot does not show it converged. Rows: the pass without snapshots; the first pass with snapshots on the
 * provider that created the Services; the first and the second pass on a restarted provider (which has never
 * observed the shared Services' members: v2 has no project-wide member list, so its first pass ensures them).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.lbkit.benchmarks.HuaweiDriftCost [N]}
 * (default 200).
 */
public final class HuaweiDriftCost {

  private HuaweiDriftCost() {}

  /** The calls of one drift pass. */
  private record Pass(long reads, long writes, int ensured) {}

  /**
   * Creates the Services, then measures the passes and prints a table.
   *
   * @param args the number of Services of each class (optional)
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintStream out = System.out;
    try (EmulatorHarness h = EmulatorHarness.start()) {
      h.quotas(2 * n + 10);
      LoadBalancerProvider provider = h.provider();
      List<LoadBalancerSpec> services = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (LoadBalancerClass c : List.of(LoadBalancerClass.SHARED, LoadBalancerClass.DEDICATED)) {
          ServiceKey key = new ServiceKey("bench", "default", c.name().toLowerCase(Locale.ROOT) + "-" + i,
              "uid-" + c.name() + "-" + i);
          LoadBalancerSpec spec = HuaweiCallCounts.spec(c, key, 2, HuaweiCallCounts.nodes(3));
          LoadBalancerResult r = provider.ensure(spec);
          services.add(spec.toBuilder().hints(LoadBalancerHints.fromAnnotations(r.annotations())).build());
        }
      }
      out.printf(Locale.ROOT, "Drift pass over %d converged Services (%d shared + %d dedicated, 2 ports, 3 nodes)%n",
          services.size(), n, n);
      out.println("| pass | reads | writes | Services ensured | reads per Service |");
      out.println("|---|---|---|---|---|");
      row(out, "without snapshots (ensure each)", pass(h, provider, services, false), services.size());
      row(out, "snapshot, same provider", pass(h, provider, services, true), services.size());
      LoadBalancerProvider restarted = h.restartedProvider();
      row(out, "snapshot, restarted provider, 1st pass", pass(h, restarted, services, true), services.size());
      row(out, "snapshot, restarted provider, 2nd pass", pass(h, restarted, services, true), services.size());
    }
  }

  private static Pass pass(EmulatorHarness h, LoadBalancerProvider provider, List<LoadBalancerSpec> services,
      boolean snapshots) {
    int[] ensured = {0};
    EmulatorHarness.Calls calls = h.count(() -> {
      CloudSnapshot snapshot = snapshots ? provider.snapshot().orElse(null) : null;
      for (LoadBalancerSpec s : services) {
        if (snapshot == null || snapshot.converged(s).isEmpty()) {
          provider.ensure(s);
          ensured[0]++;
        }
      }
    });
    return new Pass(calls.reads(), calls.writes(), ensured[0]);
  }

  private static void row(PrintStream out, String label, Pass p, int services) {
    out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f |%n", label, p.reads(), p.writes(), p.ensured(),
        (double) p.reads() / services);
  }
}
