package io.github.lbkit.huaweicloud;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.huaweicloud.internal.HuaweiCloudProvider;
import java.util.Objects;

/**
 * Creates the Huawei Cloud ELB provider, named {@value #NAME}; registered through {@code META-INF/services}.
 *
 * <p><b>Status:</b> this version ships the provider's foundation — configuration, SDK clients, error
 * classification, retry with backoff under a rate limit, and typed ELB/EIP/VPC calls. The provider's {@code
 * ensure}, {@code updateBackends}, {@code delete} and {@code find} are <b>not yet implemented</b> and throw
 * {@link UnsupportedOperationException}; {@code name()} and {@code capabilities()} are real.
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
