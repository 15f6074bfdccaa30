package io.github.lbkit.api;

/**
 * Creates a {@link LoadBalancerProvider}; the {@link java.util.ServiceLoader} service through which providers
 * are found. Register an implementation in
 * {@code META-INF/services/io.github.lbkit.api.LoadBalancerProviderFactory} (and with {@code provides} in a
 * {@code module-info.java}). Implementations need a public no-argument constructor and must be cheap to
 * construct: {@link #create} does the work.
 */
public interface LoadBalancerProviderFactory {

  /**
   * Returns the name users select the provider by, for example {@code huaweicloud}.
   *
   * @return a short lower-case name, unique among providers
   */
  String name();

  /**
   * Returns the priority used when no provider is named: the highest wins. Test doubles use a negative
   * priority so that a real cloud on the classpath wins.
   *
   * @return the priority; 0 by default
   */
  default int priority() {
    return 0;
  }

  /**
   * Creates a provider.
   *
   * @param config the settings
   * @return the provider
   * @throws IllegalArgumentException naming the setting when the configuration is incomplete or invalid
   */
  LoadBalancerProvider create(ProviderConfig config);
}
