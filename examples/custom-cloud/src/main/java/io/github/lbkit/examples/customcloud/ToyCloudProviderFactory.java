package io.github.lbkit.examples.customcloud;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.ProviderConfig;

/**
 * Registers the {@code toycloud} provider with {@link java.util.ServiceLoader}, through the file
 * {@code META-INF/services/io.github.lbkit.api.LoadBalancerProviderFactory}.
 *
 * <p>Select it with the setting (or system property) {@code lbkit.provider=toycloud}. It takes no other settings;
 * a real cloud would read its region, endpoint and credentials from the {@link ProviderConfig} here, and say
 * which key is missing when one is.
 */
public final class ToyCloudProviderFactory implements LoadBalancerProviderFactory {

  /** Creates the factory; {@link java.util.ServiceLoader} calls this, so it must be public and cheap. */
  public ToyCloudProviderFactory() {}

  @Override
  public String name() {
    return ToyCloudProvider.NAME;
  }

  /**
   * Creates a provider over a new, empty toy cloud: every provider gets a cloud of its own.
   *
   * @param config the settings; none are read
   * @return the provider
   */
  @Override
  public LoadBalancerProvider create(ProviderConfig config) {
    return new ToyCloudProvider(new ToyCloud());
  }
}
