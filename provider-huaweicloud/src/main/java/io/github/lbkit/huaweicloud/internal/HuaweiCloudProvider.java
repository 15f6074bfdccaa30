package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The Huawei Cloud provider. <b>Not yet implemented:</b> {@link #ensure}, {@link #updateBackends}, {@link
 * #delete} and {@link #find} throw {@link UnsupportedOperationException}. What exists is the layer they will
 * orchestrate: the SDK clients, {@link CloudCalls} (retry, rate limit, counting), {@link ErrorClassifier} and
 * the typed APIs {@link SharedElbApi}, {@link EipApi} and {@link VpcApi}.
 */
public final class HuaweiCloudProvider implements LoadBalancerProvider {

  /** The provider name. */
  public static final String NAME = "huaweicloud";

  /**
   * The features Huawei Cloud ELB offers and this provider is built to serve. Not offered: Kubernetes source
   * ranges (the ELB ACL is an IP group, asked for through {@code elb.acl-id}) and IPv6 VIPs.
   */
  static final Capabilities CAPABILITIES =
      Capabilities.of(
          Feature.SHARED_CLASS,
          Feature.DEDICATED_CLASS,
          Feature.EXISTING_LOAD_BALANCER,
          Feature.PUBLIC_ADDRESS,
          Feature.UDP,
          Feature.MIXED_PROTOCOL,
          Feature.LAYER7,
          Feature.SNI,
          Feature.HTTP2,
          Feature.POD_BACKENDS,
          Feature.ACL,
          Feature.TAGS,
          Feature.SESSION_PERSISTENCE,
          Feature.CUSTOM_EIP,
          Feature.TRANSPARENT_CLIENT_IP,
          Feature.PASS_THROUGH);

  private final HuaweiCloudConfig config;
  private final CloudCalls calls;
  private final SharedElbApi sharedElb;
  private final EipApi eip;
  private final VpcApi vpc;

  /**
   * Creates the provider and its SDK clients; makes no network call.
   *
   * @param config the settings
   */
  public HuaweiCloudProvider(HuaweiCloudConfig config) {
    this(config, HuaweiCloudClients.create(config), new CloudCalls(config, Sleeper.SYSTEM));
  }

  /**
   * Creates the provider over given clients and executor.
   *
   * @param config the settings
   * @param clients the SDK clients
   * @param calls the executor
   */
  public HuaweiCloudProvider(HuaweiCloudConfig config, HuaweiCloudClients clients, CloudCalls calls) {
    this.config = Objects.requireNonNull(config, "config");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.sharedElb = new SharedElbApi(clients.elbV2(), calls);
    this.eip = new EipApi(clients.eipV2(), clients.eipV3(), calls);
    this.vpc = new VpcApi(clients.vpcV2(), calls);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Returns the settings.
   *
   * @return the configuration
   */
  public HuaweiCloudConfig config() {
    return config;
  }

  /**
   * Returns the executor, whose counters tell how many calls were made.
   *
   * @return the executor
   */
  public CloudCalls calls() {
    return calls;
  }

  /**
   * Returns the shared ELB API.
   *
   * @return the API
   */
  public SharedElbApi sharedElb() {
    return sharedElb;
  }

  /**
   * Returns the EIP API.
   *
   * @return the API
   */
  public EipApi eip() {
    return eip;
  }

  /**
   * Returns the VPC API.
   *
   * @return the API
   */
  public VpcApi vpc() {
    return vpc;
  }

  /**
   * Not yet implemented.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    throw notYet("find");
  }

  /**
   * Not yet implemented.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    throw notYet("ensure");
  }

  /**
   * Not yet implemented.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    throw notYet("updateBackends");
  }

  /**
   * Not yet implemented.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    throw notYet("delete");
  }

  private static UnsupportedOperationException notYet(String operation) {
    return new UnsupportedOperationException(
        operation
            + ": not yet implemented in the huaweicloud provider of this version; only its API layer exists. "
            + "Use another provider (for example fake) until a version with the huaweicloud provider logic");
  }

  @Override
  public String toString() {
    return "HuaweiCloudProvider{" + config + '}';
  }
}
