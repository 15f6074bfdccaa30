package io.github.lbkit.fake;

import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviderFactory;
import io.github.lbkit.api.ProviderConfig;

/**
 * Registers the {@code fake} provider with {@link java.util.ServiceLoader}. Its priority is negative, so that a
 * real provider on the classpath wins unless {@code lbkit.provider=fake} is set.
 *
 * <p>Configuration: {@value #SEED} (a long, default 0) seeds the new cloud's ids, addresses and faults.
 */
public final class FakeLoadBalancerProviderFactory implements LoadBalancerProviderFactory {

  /** The configuration key of the seed. */
  public static final String SEED = "lbkit.fake.seed";

  /** The factory's priority: below every real provider. */
  public static final int PRIORITY = -100;

  /** Creates the factory; called by {@link java.util.ServiceLoader}. */
  public FakeLoadBalancerProviderFactory() {}

  @Override
  public String name() {
    return FakeLoadBalancerProvider.NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public LoadBalancerProvider create(ProviderConfig config) {
    String seed = config.get(SEED, "0");
    long parsed;
    try {
      parsed = Long.parseLong(seed.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "create fake provider: " + SEED + " must be a whole number, got '" + seed + "'; fix the configuration", e);
    }
    return FakeLoadBalancerProvider.builder(FakeCloud.create(parsed)).jitterSeed(parsed).build();
  }
}
