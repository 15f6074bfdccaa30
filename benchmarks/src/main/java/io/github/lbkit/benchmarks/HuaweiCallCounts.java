package io.github.lbkit.benchmarks;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.internal.EmulatorHarness;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Counts the cloud calls of the Huawei Cloud provider per operation, against the provider's ELB/EIP/VPC emulator
 * on 127.0.0.1, and sets each count beside the least the API allows.
 *
 * <p>For both classes (shared "union", ELB v2 with a separate EIP; dedicated "performance", ELB v3 with the EIP
 * inline), 1 and 3 TCP ports, 3 and 50 nodes, it runs one public Service through: create, a no-op ensure, one node
 * added ({@code updateBackends}), one node removed ({@code updateBackends}), delete. Each operation after the
 * create carries the annotations the create wrote back, as a controller's would. Every size runs on a fresh
 * emulator and provider, warmed by one throwaway Service so that the provider's once-only lookups (the subnet
 * mapping, and the flavors on the dedicated class) are not counted. Reads are GET requests; writes are every
 * other request.
 *
 * <p>The minimum for {@code P} ports and {@code N} nodes, in writes (W) and reads (R):
 *
 * <ul>
 *   <li>shared create: W = 3 (load balancer, EIP, bind) + P × (listener + pool + monitor + N members, one call
 *       each: v2 has no batch); R = 1 (no load balancer carries the Service's marker yet).
 *   <li>dedicated create: W = 1 (load balancer with its EIP inline) + P × (listener + pool + monitor + 1 batch-add);
 *       R = 1.
 *   <li>no-op ensure: W = 0. R is one read per kind a full comparison needs: shared 6 (load balancer, listeners,
 *       pools, the status tree for every pool's members, health monitors, the EIP on the VIP port); dedicated 5
 *       (load balancer with its EIPs inline, listeners, pools, health monitors, the status tree for every pool's members).
 *   <li>one node added or removed ({@code updateBackends}): W = P (shared: one member call per pool; dedicated: one
 *       batch call per pool). R = 3 on both classes (load balancer, the Service's listeners by their marker, the
 *       status tree with every pool's members).
 *   <li>delete, in reverse order: shared W = P × (N members + monitor + pool + listener) + 3 (unbind the EIP,
 *       delete it, delete the load balancer); dedicated W = P × (1 batch-delete + monitor + pool + listener) + 2
 *       (load balancer, its EIP). R: shared 4 (load balancer, listeners, status tree, EIP on the VIP port);
 *       dedicated 3 (load balancer with its EIPs inline, listeners, status tree with the pools, monitors
 *       and members).
 * </ul>
 *
 * <p>Output: a markdown table on standard output and the same as JSON in
 * {@code benchmarks/target/huawei-call-counts.json} (or the file given as an argument); {@code --requests} also
 * prints every request of every operation. Exits 1 when a delete left a resource behind.
 */
public final class HuaweiCallCounts {

  private static final HealthCheck TCP_CHECK = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
  private static final List<Integer> PORTS = List.of(1, 3);
  private static final List<Integer> NODES = List.of(3, 50);

  /** The operations measured, in the order they run. */
  enum Operation {
    CREATE("create (public)"),
    NO_OP("no-op ensure"),
    NODE_ADDED("one node added (updateBackends)"),
    NODE_REMOVED("one node removed (updateBackends)"),
    DELETE("delete");

    final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  /** A count beside its minimum. */
  record Row(
      LoadBalancerClass lbClass, int ports, int nodes, Operation operation,
      long reads, long writes, long minReads, long minWrites, List<String> requests) {

    long total() {
      return reads + writes;
    }

    long minTotal() {
      return minReads + minWrites;
    }
  }

  private HuaweiCallCounts() {}

  /**
   * Runs every case, prints the table and writes the JSON report.
   *
   * @param args an optional path for the JSON report
   * @throws IOException when the report cannot be written
   */
  public static void main(String[] args) throws IOException {
    boolean showRequests = List.of(args).contains("--requests");
    List<String> files = List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
    Path out = files.isEmpty() ? defaultOut() : Path.of(files.get(0));
    // The SDK logs every request at INFO; only warnings here, unless asked otherwise.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintStream stdout = System.out;
    List<Row> rows = new ArrayList<>();
    boolean clean = true;
    for (LoadBalancerClass lbClass : List.of(LoadBalancerClass.SHARED, LoadBalancerClass.DEDICATED)) {
      for (int ports : PORTS) {
        for (int nodes : NODES) {
          clean &= measure(lbClass, ports, nodes, rows);
        }
      }
    }
    if (showRequests) {
      for (Row r : rows) {
        stdout.printf(Locale.ROOT, "%s, %d ports, %d nodes, %s:%n", className(r.lbClass()), r.ports(), r.nodes(),
            r.operation().label);
        r.requests().forEach(q -> stdout.println("  " + q));
      }
      stdout.println();
    }
    stdout.print(table(rows));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json(rows), StandardCharsets.UTF_8);
    stdout.println();
    stdout.println("JSON report: " + out.toAbsolutePath());
    if (!clean) {
      stdout.println("A delete left resources in the emulator.");
      System.exit(1);
    }
  }

  private static Path defaultOut() {
    // From the repository root, next to the jar; from the module folder, its target.
    Path module = Path.of("benchmarks", "target");
    return (Files.isDirectory(module) ? module : Path.of("target")).resolve("huawei-call-counts.json");
  }

  /** Measures one size on a fresh emulator; returns whether the delete left nothing behind. */
  private static boolean measure(LoadBalancerClass lbClass, int ports, int nodes, List<Row> rows) {
    try (EmulatorHarness h = EmulatorHarness.start()) {
      LoadBalancerProvider provider = h.provider();
      // Warm the provider's once-only lookups with a throwaway Service.
      ServiceKey warm = new ServiceKey("bench", "default", "warm-up", "uid-warm-up");
      provider.ensure(spec(lbClass, warm, 1, nodes(1)));
      provider.delete(warm, LoadBalancerHints.NONE);

      ServiceKey key = new ServiceKey("bench", "default", "web", "uid-web");
      LoadBalancerSpec spec = spec(lbClass, key, ports, nodes(nodes));
      LoadBalancerResult[] created = new LoadBalancerResult[1];
      add(rows, lbClass, ports, nodes, Operation.CREATE, h.count(() -> created[0] = provider.ensure(spec)));
      LoadBalancerHints hints = LoadBalancerHints.fromAnnotations(created[0].annotations());
      LoadBalancerSpec converged = spec.toBuilder().hints(hints).build();
      add(rows, lbClass, ports, nodes, Operation.NO_OP, h.count(() -> provider.ensure(converged)));
      List<Backend> more = new ArrayList<>(nodes(nodes));
      more.add(Backend.node("node-new", "192.168.0.250"));
      add(rows, lbClass, ports, nodes, Operation.NODE_ADDED,
          h.count(() -> provider.updateBackends(converged.toBuilder().backends(more).build())));
      List<Backend> fewer = more.subList(1, more.size());
      add(rows, lbClass, ports, nodes, Operation.NODE_REMOVED,
          h.count(() -> provider.updateBackends(converged.toBuilder().backends(fewer).build())));
      add(rows, lbClass, ports, nodes, Operation.DELETE, h.count(() -> provider.delete(key, hints)));
      return h.resources() == 0;
    }
  }

  private static void add(List<Row> rows, LoadBalancerClass lbClass, int ports, int nodes, Operation operation,
      EmulatorHarness.Calls calls) {
    long[] min = minimum(lbClass, ports, nodes, operation);
    rows.add(new Row(
        lbClass, ports, nodes, operation, calls.reads(), calls.writes(), min[0], min[1], calls.requests()));
  }

  /**
   * The least the API allows for one operation, as {@code {reads, writes}}; see the class comment for the reasons.
   */
  static long[] minimum(LoadBalancerClass lbClass, int ports, int nodes, Operation operation) {
    boolean shared = lbClass == LoadBalancerClass.SHARED;
    return switch (operation) {
      case CREATE -> shared
          ? new long[] {1, 3 + (long) ports * (3 + nodes)}
          : new long[] {1, 1 + (long) ports * (3 + 1)};
      case NO_OP -> new long[] {shared ? 6 : 5, 0};
      case NODE_ADDED, NODE_REMOVED -> new long[] {3, ports};
      case DELETE -> shared
          ? new long[] {4, (long) ports * (nodes + 3) + 3}
          : new long[] {3, (long) ports * (1 + 3) + 2};
    };
  }

  static LoadBalancerSpec spec(LoadBalancerClass lbClass, ServiceKey key, int ports, List<Backend> nodes) {
    List<ListenerSpec> listeners = new ArrayList<>();
    for (int i = 0; i < ports; i++) {
      listeners.add(new ListenerSpec("", Protocol.TCP, 80 + i, 30080 + i, 80 + i, ListenerOptions.NONE,
          PoolSpec.DEFAULT, TCP_CHECK));
    }
    LoadBalancerSpec.Builder b = LoadBalancerSpec.builder(key, Attachment.AutoCreate.publicAddress("lb-" + key.name()))
        .cloudOption("huaweicloud.bandwidth.name", "bw-" + key.name())
        .cloudOption("huaweicloud.bandwidth.chargemode", "traffic")
        .cloudOption("huaweicloud.bandwidth.size", "10")
        .cloudOption("huaweicloud.bandwidth.sharetype", "PER")
        .cloudOption("huaweicloud.eip.type", "5_bgp");
    if (lbClass == LoadBalancerClass.DEDICATED) {
      b.cloudOption("huaweicloud.availability-zones", EmulatorHarness.AVAILABILITY_ZONE)
          .cloudOption("huaweicloud.l4-flavor-name", EmulatorHarness.L4_FLAVOR)
          .cloudOption("huaweicloud.l7-flavor-name", EmulatorHarness.L7_FLAVOR);
    }
    return b.loadBalancerClass(lbClass).listeners(listeners).backends(nodes).build();
  }

  static List<Backend> nodes(int n) {
    List<Backend> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(Backend.node("node-" + i, "192.168.0." + i));
    }
    return out;
  }

  private static String className(LoadBalancerClass c) {
    return c == LoadBalancerClass.SHARED ? "shared" : "dedicated";
  }

  static String table(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append("| class | ports | nodes | operation | reads | writes | total | min reads | min writes | min total |\n");
    s.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      s.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %d | %d | %d | %d |%n",
          className(r.lbClass()), r.ports(), r.nodes(), r.operation().label, r.reads(), r.writes(), r.total(),
          r.minReads(), r.minWrites(), r.minTotal()));
    }
    return s.toString();
  }

  private static String json(List<Row> rows) {
    return "{\n  \"readsAre\": \"GET requests\",\n  \"rows\": [\n" + rows.stream().map(r -> String.format(Locale.ROOT,
            "    {\"class\": \"%s\", \"ports\": %d, \"nodes\": %d, \"operation\": \"%s\", \"reads\": %d, "
                + "\"writes\": %d, \"total\": %d, \"minReads\": %d, \"minWrites\": %d, \"minTotal\": %d}",
            className(r.lbClass()), r.ports(), r.nodes(), r.operation().name().toLowerCase(Locale.ROOT), r.reads(),
            r.writes(), r.total(), r.minReads(), r.minWrites(), r.minTotal()))
        .collect(Collectors.joining(",\n")) + "\n  ]\n}\n";
  }
}
