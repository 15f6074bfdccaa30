package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import java.util.Objects;

/**
 * A Huawei Cloud provider wired to a fresh {@link ElbEmulator} on 127.0.0.1, with the emulator's journal of
 * requests exposed as counts; for measuring what the provider's operations cost in cloud calls. Test code only:
 * published in the module's test jar for the benchmarks.
 */
public final class EmulatorHarness implements AutoCloseable {

  /** The VPC subnet (network) id the emulator knows and the provider is configured with. */
  public static final String SUBNET_ID = Emulated.VPC_SUBNET;

  /** The availability zone the emulator offers. */
  public static final String AVAILABILITY_ZONE = Emulated.AZ;

  /** The layer-4 flavor name the emulator offers for dedicated load balancers. */
  public static final String L4_FLAVOR = Emulated.L4_FLAVOR;

  /** The layer-7 flavor name the emulator offers for dedicated load balancers. */
  public static final String L7_FLAVOR = Emulated.L7_FLAVOR;

  /**
   * The cloud calls of one action, from the emulator's journal: reads are GETs, writes every other method.
   *
   * @param reads the GET requests
   * @param writes the other requests
   * @param requests every request as {@code METHOD path}, in order
   */
  public record Calls(long reads, long writes, List<String> requests) {

    // Copies the list.
    public Calls {
      requests = List.copyOf(requests);
    }

    /**
     * Returns all calls.
     *
     * @return reads plus writes
     */
    public long total() {
      return reads + writes;
    }
  }

  private final Emulated env;
  private final HuaweiCloudProvider provider;

  private EmulatorHarness() {
    // A high client-side rate limit: the emulator answers at once and the count, not the time, is measured.
    env = new Emulated(HuaweiCloudConfig.builder().rateLimitPerSecond(1000).subnetId(Emulated.VPC_SUBNET));
    provider = new HuaweiCloudProvider(env.config, env.clients, env.calls);
  }

  /**
   * Starts an emulator on 127.0.0.1 and builds a provider over it, configured with {@link #SUBNET_ID}.
   *
   * @return the pair; close it to stop the emulator
   */
  public static EmulatorHarness start() {
    return new EmulatorHarness();
  }

  /**
   * Returns the provider that talks to the emulator.
   *
   * @return the provider
   */
  public LoadBalancerProvider provider() {
    return provider;
  }

  /**
   * Sets the emulator's quotas of load balancers (per class) and EIPs, 50 each by default.
   *
   * @param quota the quota
   */
  public void quotas(int quota) {
    env.emulator.loadBalancerQuota(quota);
    env.emulator.publicIpQuota(quota);
  }

  /**
   * Returns a new provider on the same emulator, as after a restart: it shares nothing with {@link #provider()}
   * (no cache, its own executor).
   *
   * @return the provider
   */
  public LoadBalancerProvider restartedProvider() {
    return new HuaweiCloudProvider(env.config, env.clients, new CloudCalls(env.config, new FakeSleeper()));
  }

  /**
   * Runs an action and returns the calls it sent; the journal is cleared first.
   *
   * @param action what to measure
   * @return its calls
   */
  public Calls count(Runnable action) {
    Objects.requireNonNull(action, "action");
    env.emulator.clearRequests();
    action.run();
    List<ElbEmulator.Recorded> rs = env.emulator.requests();
    long reads = rs.stream().filter(r -> r.method().equals("GET")).count();
    return new Calls(reads, rs.size() - reads, rs.stream().map(r -> r.method() + " " + r.path()).toList());
  }

  /**
   * Returns how many resources (load balancers, listeners, pools, monitors, members, EIPs) exist in the emulator.
   *
   * @return the count
   */
  public int resources() {
    ElbEmulator e = env.emulator;
    return e.loadBalancers().size() + e.listeners().size() + e.pools().size() + e.monitors().size()
        + e.members().size() + e.publicIps().size();
  }

  /** Stops the emulator. */
  @Override
  public void close() {
    env.close();
  }
}
