package io.github.lbkit.huaweicloud;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.huaweicloud.internal.HuaweiCloudProvider;
import java.util.Objects;

/**
 * Creates the Huawei Cloud ELB provider, named {@value #NAME}; registered through {@code META-INF/services}.
 *
 * <p><b>What works:</b> the shared class ({@code kubernetes.io/elb.class: union}, ELB v2) end to end —
 * {@code ensure}, {@code updateBackends}, {@code delete} and {@code find} over the shared planner: auto-created
 * load balancers, private or public (an EIP created with the requested bandwidth and bound to the VIP, or the
 * user's EIP through {@code kubernetes.io/elb.custom-eip-id}, never deleted), attaching to an existing load
 * balancer ({@code kubernetes.io/elb.id}) without touching what is not the Service's, TCP/UDP/HTTP/HTTPS listeners
 * (HTTPS terminated with the given certificate, SNI, HTTP/2, X-Forwarded-Host), pools with algorithm and session
 * persistence, health monitors and node members. A converged Service costs reads only.
 *
 * <p>The dedicated class ({@code performance}, ELB v3) likewise, plus: availability zones and flavors by name,
 * the EIP created inline with the load balancer, an IPv6 VIP, tags, pod backends as IP members, member changes
 * through the batch calls, listener timeouts, X-Forwarded headers, transparent client IP, {@code
 * max_retries_down}, ACLs ({@code kubernetes.io/elb.acl-*}) and source ranges as an IP group the Service owns.
 * Pass-through on a dedicated load balancer gives a warning, and Services sharing one must agree on it.
 *
 * <p>What only the dedicated class serves is refused on the shared class with a clear message before any cloud
 * call.
 */
public final class HuaweiCloudProviderFactory implements LoadBalancerProviderFactory {

  /** The provider name. */
  public static final String NAME = HuaweiCloudProvider.NAME;

  /** The priority: above test doubles and generic providers, so that a real cloud on the classpath wins. */
  public static final int PRIORITY = 100;

  /** Creates the factory; cheap, as {@link java.util.ServiceLoader} requires. */
  public HuaweiCloudProviderFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /**
   * Creates a provider from {@code huaweicloud.*} settings; see {@link HuaweiCloudConfig#fromProviderConfig}.
   *
   * @param config the settings
   * @return the provider
   * @throws IllegalArgumentException naming the key when a setting is missing or invalid
   */
  @Override
  public LoadBalancerProvider create(ProviderConfig config) {
    return create(HuaweiCloudConfig.fromProviderConfig(Objects.requireNonNull(config, "config")));
  }

  /**
   * Creates a provider from a configuration built in code.
   *
   * @param config the settings
   * @return the provider
   */
  public static LoadBalancerProvider create(HuaweiCloudConfig config) {
    return new HuaweiCloudProvider(Objects.requireNonNull(config, "config"));
  }
}
