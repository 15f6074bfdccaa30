package io.github.lbkit.benchmarks;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.fake.FakeResources;
import io.github.lbkit.fake.Sleeper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Drives the fake provider over many Services, under per-call latency and an API rate limit, and reports what
 * each phase of a Service's life costs at scale.
 *
 * <p>The phases: create every Service, re-ensure every Service unchanged (a resync), add one node, remove one
 * node, delete every Service. Each Service's work in a phase is one task on a pool of workers, as a controller's
 * workers would run it; a call that fails is retried after a second, as a controller requeues it, and counted as
 * a failed reconcile. For each phase the harness prints the wall time, the reads and writes, the lower bound set by
 * the rate limit (successful calls divided by the limit) and the ratio to it, the throttled answers, the p50 and
 * p99 of the time each Service took to converge (from the start of the phase), and the peak heap. It writes the
 * same as JSON to {@code benchmarks/target/scale-harness.json} (or {@code --out}).
 *
 * <p>Run {@code java -cp benchmarks/target/benchmarks.jar io.github.lbkit.benchmarks.ScaleHarness --help} for the
 * options.
 */
public final class ScaleHarness {

  private static final int MAX_REQUEUES = 20;

  private final Options options;
  private final PrintStream out;
  private final CceServiceTranslator translator = new CceServiceTranslator(TranslatorOptions.of(Workloads.CLUSTER));
  private int leftOver = -1;

  /**
   * The harness's settings.
   *
   * @param services how many Services
   * @param nodes how many nodes, each a backend of every Service
   * @param ports how many ports each Service has
   * @param latencyMillis the latency of every cloud call
   * @param rateLimit the cloud's API rate limit, calls per second
   * @param workers how many Services are worked on at once
   * @param clientRate the provider's client-side rate limit, calls per second; 0 for none
   * @param controller true to drive the phases through the service controller on an embedded Kubernetes API
   * @param driftSeconds with {@code controller}: the drift period of a second controller that measures how long
   *     a new Service waits for its address while a drift pass runs, beside the same on an idle controller; 0 to
   *     skip that measurement
   * @param driftSnapshots with {@code driftSeconds}: whether the drift controller may answer its passes from the
   *     provider's bulk snapshots ({@code --no-drift-snapshots} turns them off, to compare)
   * @param seed the seed of the cloud
   * @param out where the JSON report goes
   */
  public record Options(
      int services,
      int nodes,
      int ports,
      int latencyMillis,
      int rateLimit,
      int workers,
      int clientRate,
      boolean controller,
      int driftSeconds,
      boolean driftSnapshots,
      long seed,
      Path out) {

    /** The default size: 1,000 Services over 50 nodes, 20 ms per call, 50 calls per second. */
    public static final Options DEFAULT =
        new Options(1000, 50, 1, 20, 50, 4, 50, false, 0, true, 1, defaultOut());

    /** The smoke-run size of {@code --quick}: 20 Services over 10 nodes. */
    public static final Options QUICK =
        new Options(20, 10, 1, 20, 50, 4, 50, false, 0, true, 1, defaultOut());

    private static Path defaultOut() {
      // From the repository root, next to the jar; from the module folder, its target.
      Path module = Path.of("benchmarks", "target");
      return (Files.isDirectory(module) ? module : Path.of("target")).resolve("scale-harness.json");
    }

    /**
     * Validates the sizes.
     *
     * @param services how many Services
     * @param nodes how many nodes, each a backend of every Service
     * @param ports how many ports each Service has
     * @param latencyMillis the latency of every cloud call
     * @param rateLimit the cloud's API rate limit, calls per second
     * @param workers how many Services are worked on at once
     * @param clientRate the provider's client-side rate limit, calls per second; 0 for none
     * @param controller true to drive the phases through the service controller on an embedded Kubernetes API
     * @param driftSeconds with {@code controller}: the drift period of the drift-pass measurement; 0 to skip it
     * @param driftSnapshots whether drift may use the provider's bulk snapshots
     * @param seed the seed of the cloud
     * @param out where the JSON report goes
     */
    public Options {
      Objects.requireNonNull(out, "out");
      if (services < 1 || nodes < 2 || ports < 1 || ports > 50 || latencyMillis < 0 || rateLimit < 0
          || workers < 1 || clientRate < 0 || driftSeconds < 0) {
        throw new IllegalArgumentException("scale harness: need services >= 1, nodes >= 2, ports 1-50,"
            + " latency >= 0, rate limits >= 0 (0 for none), workers >= 1 and drift seconds >= 0");
      }
    }

    /**
     * Parses the command line over the defaults.
     *
     * @param args {@code --quick}, {@code --controller} and {@code --no-drift-snapshots}, then {@code --services N --nodes N --ports N --latency-ms N --rate N
     *     --workers N --client-rate N --drift-seconds N --seed N --out FILE} in any order; {@code --rate} alone sets the client
     *     rate to the same value
     * @return the options
     */
    public static Options parse(String... args) {
      List<String> list = Arrays.asList(args);
      Options o = list.contains("--quick") ? QUICK : DEFAULT;
      int services = o.services;
      int nodes = o.nodes;
      int ports = o.ports;
      int latency = o.latencyMillis;
      int rate = o.rateLimit;
      int workers = o.workers;
      Integer clientRate = null;
      long seed = o.seed;
      int drift = o.driftSeconds;
      Path out = o.out;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--quick") || a.equals("--controller") || a.equals("--no-drift-snapshots")) {
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("scale harness: " + a + " needs a value; see --help");
        }
        String v = args[++i];
        try {
          switch (a) {
            case "--services" -> services = Integer.parseInt(v);
            case "--nodes" -> nodes = Integer.parseInt(v);
            case "--ports" -> ports = Integer.parseInt(v);
            case "--latency-ms" -> latency = Integer.parseInt(v);
            case "--rate" -> rate = Integer.parseInt(v);
            case "--workers" -> workers = Integer.parseInt(v);
            case "--client-rate" -> clientRate = Integer.parseInt(v);
            case "--seed" -> seed = Long.parseLong(v);
            case "--drift-seconds" -> drift = Integer.parseInt(v);
            case "--out" -> out = Path.of(v);
            default -> throw new IllegalArgumentException("scale harness: unknown option " + a + "; see --help");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("scale harness: " + a + " takes a number, got " + v, e);
        }
      }
      return new Options(services, nodes, ports, latency, rate, workers, clientRate == null ? rate : clientRate,
          list.contains("--controller"), drift, !list.contains("--no-drift-snapshots"), seed, out);
    }
  }

  /**
   * What one phase cost.
   *
   * @param phase the phase's name
   * @param wallMillis its wall time
   * @param reads read calls, throttled ones included
   * @param writes write calls, throttled ones included
   * @param throttled calls answered with 429
   * @param boundMillis the rate limit's lower bound: successful calls divided by the limit (0 without a limit)
   * @param failedReconciles provider calls that failed and were retried
   * @param p50Millis the median time a Service took to converge, from the start of the phase
   * @param p99Millis the 99th percentile of the same
   * @param peakHeapBytes the peak heap used during the phase
   */
  public record PhaseResult(
      String phase,
      long wallMillis,
      long reads,
      long writes,
      long throttled,
      long boundMillis,
      long failedReconciles,
      long p50Millis,
      long p99Millis,
      long peakHeapBytes) {

    /**
     * Returns the wall time divided by the rate limit's lower bound.
     *
     * @return the ratio, or 0 without a bound
     */
    public double ratio() {
      return boundMillis == 0 ? 0 : (double) wallMillis / boundMillis;
    }
  }

  /**
   * Creates a harness.
   *
   * @param options the settings
   * @param out where the table is printed
   */
  public ScaleHarness(Options options, PrintStream out) {
    this.options = Objects.requireNonNull(options, "options");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Runs the harness from the command line; exits 1 when a phase failed to converge or left resources behind.
   *
   * @param args see {@link Options#parse}
   * @throws IOException when the JSON report cannot be written
   */
  public static void main(String[] args) throws IOException {
    // The embedded API server of --controller logs every request through java.util.logging.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("usage: ScaleHarness [--quick] [--controller] [--services N] [--nodes N] [--ports N] [--latency-ms N]"
          + " [--rate CALLS_PER_SECOND] [--workers N] [--client-rate CALLS_PER_SECOND] [--drift-seconds N] [--no-drift-snapshots] [--seed N]"
          + " [--out FILE]");
      System.out.println("defaults: " + Options.DEFAULT);
      System.out.println("--quick:  " + Options.QUICK);
      return;
    }
    Options options = Options.parse(args);
    ScaleHarness harness = new ScaleHarness(options, System.out);
    List<PhaseResult> results = harness.run();
    harness.writeJson(results);
    boolean ok = results.stream().allMatch(r -> r.failedReconciles() == 0) && harness.leftOver == 0;
    System.exit(ok ? 0 : 1);
  }

  /**
   * Runs every phase.
   *
   * @return one result per phase, in order
   */
  public List<PhaseResult> run() {
    Options o = options;
    FakeCloud cloud = FakeCloud.builder()
        .seed(o.seed())
        .sleeper(Sleeper.REAL)
        .quotas(new FakeCloud.Quotas(o.services() + 10, Math.max(50, o.ports()), o.nodes() + 10, o.services() + 10))
        .build();
    cloud.faults().latency(Duration.ofMillis(o.latencyMillis())).rateLimit(o.rateLimit());
    FakeLoadBalancerProvider provider = FakeLoadBalancerProvider.builder(cloud)
        .sleeper(Sleeper.REAL)
        .jitterSeed(o.seed())
        .rateLimit(o.clientRate())
        .build();

    out.printf(Locale.ROOT, "lbkit scale harness: %d Services x %d nodes x %d ports, %d ms per call, %s,"
            + " %d workers, %s, %s, %d cores, Java %s%n%n", o.services(), o.nodes(), o.ports(), o.latencyMillis(),
        o.rateLimit() == 0 ? "no rate limit" : "API limit " + o.rateLimit() + " calls/s", o.workers(),
        o.clientRate() == 0 ? "no client-side limit" : "client-side limit " + o.clientRate() + " calls/s",
        o.controller() ? "through the service controller" : "through the provider",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    List<Service> services = new ArrayList<>();
    for (int i = 0; i < o.services(); i++) {
      services.add(Workloads.service(i, o.ports()));
    }
    List<Node> nodes = new ArrayList<>(Workloads.nodes(1, o.nodes()));
    Map<Integer, Map<String, String>> written = new HashMap<>();

    List<PhaseResult> results = new ArrayList<>();
    if (o.controller()) {
      results.addAll(new ControllerScale(o, out).run(cloud, provider, services, nodes));
      return finish(cloud, results);
    }
    ExecutorService pool = Executors.newFixedThreadPool(o.workers());
    try {
      results.add(phase("create-all", cloud, pool, o.services(), i -> {
        LoadBalancerResult r = provider.ensure(spec(services.get(i), nodes, written));
        synchronized (written) {
          written.put(i, r.annotations());
        }
      }));
      results.add(phase("no-op resync", cloud, pool, o.services(),
          i -> provider.ensure(spec(services.get(i), nodes, written))));
      nodes.add(Workloads.node(o.nodes() + 1));
      results.add(phase("node added", cloud, pool, o.services(),
          i -> provider.updateBackends(spec(services.get(i), nodes, written))));
      nodes.remove(0);
      results.add(phase("node removed", cloud, pool, o.services(),
          i -> provider.updateBackends(spec(services.get(i), nodes, written))));
      results.add(phase("delete-all", cloud, pool, o.services(), i -> {
        Service s = withWritten(services.get(i), written);
        provider.delete(translator.key(s), translator.hints(s));
      }));
    } finally {
      pool.shutdownNow();
    }
    return finish(cloud, results);
  }

  private List<PhaseResult> finish(FakeCloud cloud, List<PhaseResult> results) {
    List<FakeResources.Resource> left = cloud.inventory();
    leftOver = left.size();
    printTable(results);
    out.printf(Locale.ROOT, "%ncloud resources left after delete-all: %d%n", leftOver);
    return results;
  }

  private LoadBalancerSpec spec(Service s, List<Node> nodes, Map<Integer, Map<String, String>> written) {
    return translator.translate(withWritten(s, written), nodes, List.of());
  }

  private static Service withWritten(Service s, Map<Integer, Map<String, String>> written) {
    int index = Integer.parseInt(s.getMetadata().getName().substring("svc-".length()));
    Map<String, String> back;
    synchronized (written) {
      back = written.getOrDefault(index, Map.of());
    }
    if (back.isEmpty()) {
      return s;
    }
    Map<String, String> annotations = new LinkedHashMap<>(s.getMetadata().getAnnotations());
    annotations.putAll(back);
    Service copy = new io.fabric8.kubernetes.api.model.ServiceBuilder(s).editMetadata()
        .withAnnotations(annotations).endMetadata().build();
    return copy;
  }

  /** One Service's work in a phase. */
  @FunctionalInterface
  private interface Work {
    void run(int index);
  }

  private PhaseResult phase(String name, FakeCloud cloud, ExecutorService pool, int count, Work work) {
    Meter meter = Meter.start(cloud, options.rateLimit());
    long t0 = meter.t0();
    AtomicInteger failed = new AtomicInteger();
    long[] converged = new long[count];
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> {
        for (int attempt = 0; ; attempt++) {
          try {
            work.run(index);
            converged[index] = System.nanoTime() - t0;
            return;
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            if (attempt >= MAX_REQUEUES) {
              converged[index] = -1;
              out.println("  " + name + ": Service " + index + " gave up: " + e);
              return;
            }
            Sleeper.REAL.sleep(Duration.ofSeconds(1));
          }
        }
      }));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("scale harness: interrupted during " + name, e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("scale harness: " + name + " failed: " + e.getCause(), e.getCause());
      }
    }
    long wall = System.nanoTime() - t0;
    out.printf(Locale.ROOT, "  %-13s done in %.1f s%n", name, wall / 1e9);
    return meter.finish(name, wall, failed.get(), converged);
  }

  private void printTable(List<PhaseResult> results) {
    out.println();
    out.println("| phase | wall s | reads | writes | throttled | bound s | wall/bound | failed reconciles"
        + " | p50 s | p99 s | peak heap MiB |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (PhaseResult r : results) {
      out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %.1f | %.2f | %d | %.1f | %.1f | %d |%n", r.phase(),
          r.wallMillis() / 1e3, r.reads(), r.writes(), r.throttled(), r.boundMillis() / 1e3, r.ratio(),
          r.failedReconciles(), r.p50Millis() / 1e3, r.p99Millis() / 1e3, r.peakHeapBytes() >> 20);
    }
  }

  private void writeJson(List<PhaseResult> results) throws IOException {
    Options o = options;
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"settings\": {")
        .append(String.format(Locale.ROOT, "\"services\": %d, \"nodes\": %d, \"ports\": %d, \"latencyMillis\": %d,"
                + " \"rateLimit\": %d, \"workers\": %d, \"clientRate\": %d, \"seed\": %d, \"cores\": %d,"
                + " \"controller\": %b, \"java\": \"%s\"",
            o.services(), o.nodes(), o.ports(), o.latencyMillis(), o.rateLimit(), o.workers(), o.clientRate(),
            o.seed(), Runtime.getRuntime().availableProcessors(), o.controller(), System.getProperty("java.version")))
        .append("},\n  \"leftOver\": ").append(leftOver).append(",\n  \"phases\": [\n");
    json.append(results.stream().map(r -> String.format(Locale.ROOT,
        "    {\"phase\": \"%s\", \"wallMillis\": %d, \"reads\": %d, \"writes\": %d, \"throttled\": %d,"
            + " \"boundMillis\": %d, \"ratio\": %.3f, \"failedReconciles\": %d, \"p50Millis\": %d,"
            + " \"p99Millis\": %d, \"peakHeapBytes\": %d}",
        r.phase(), r.wallMillis(), r.reads(), r.writes(), r.throttled(), r.boundMillis(), r.ratio(),
        r.failedReconciles(), r.p50Millis(), r.p99Millis(), r.peakHeapBytes())).collect(Collectors.joining(",\n")));
    json.append("\n  ]\n}\n");
    Path file = o.out();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    out.println("JSON report: " + file.toAbsolutePath());
  }
}
