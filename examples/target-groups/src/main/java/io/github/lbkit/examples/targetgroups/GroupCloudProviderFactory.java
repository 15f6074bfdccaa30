package io.github.lbkit.examples.targetgroups;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.ProviderConfig;

/**
 * Registers the {@code groupcloud} provider with {@link java.util.ServiceLoader}, through the file
 * {@code META-INF/services/io.github.lbkit.api.LoadBalancerProviderFactory}.
 *
 * <p>Select it with the setting (or system property) {@code lbkit.provider=groupcloud}. It takes no other
 * settings; a real cloud would read its region, endpoint and credentials from the {@link ProviderConfig} here.
 */
public final class GroupCloudProviderFactory implements LoadBalancerProviderFactory {

  /** Creates the factory; {@link java.util.ServiceLoader} calls this, so it must be public and cheap. */
  public GroupCloudProviderFactory() {}

  @Override
  public String name() {
    return GroupCloudProvider.NAME;
  }

  /**
   * Creates a provider over a new, empty target-group cloud: every provider gets a cloud of its own.
   *
   * @param config the settings; none are read
   * @return the provider
   */
  @Override
  public LoadBalancerProvider create(ProviderConfig config) {
    return new GroupCloudProvider(new GroupCloud());
  }
}
