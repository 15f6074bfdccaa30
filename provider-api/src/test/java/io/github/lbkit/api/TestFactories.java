package io.github.lbkit.api;

import java.util.Optional;

/** Provider factories registered for the discovery tests in the test {@code META-INF/services} file. */
final class TestFactories {

  private TestFactories() {}

  /** A provider that only knows its name. */
  record NamedProvider(String name) implements LoadBalancerProvider {
    @Override
    public Capabilities capabilities() {
      return Capabilities.of();
    }

    @Override
    public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
      return Optional.empty();
    }

    @Override
    public LoadBalancerResult ensure(LoadBalancerSpec spec) {
      throw new UnsupportedOperationException("test provider");
    }

    @Override
    public void updateBackends(LoadBalancerSpec spec) {
      throw new UnsupportedOperationException("test provider");
    }

    @Override
    public void delete(ServiceKey key, LoadBalancerHints hints) {}
  }

  abstract static class Base implements LoadBalancerProviderFactory {
    private final String name;
    private final int priority;

    Base(String name, int priority) {
      this.name = name;
      this.priority = priority;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public LoadBalancerProvider create(ProviderConfig config) {
      return new NamedProvider(name);
    }
  }

  /** Priority 5. */
  public static final class Alpha extends Base {
    /** Creates the factory. */
    public Alpha() {
      super("alpha", 5);
    }
  }

  /** Priority 10. */
  public static final class Beta extends Base {
    /** Creates the factory. */
    public Beta() {
      super("beta", 10);
    }
  }

  /** Priority 10, like beta. */
  public static final class Gamma extends Base {
    /** Creates the factory. */
    public Gamma() {
      super("gamma", 10);
    }
  }

  /** Fails to construct. */
  public static final class Broken extends Base {
    /** Always throws. */
    public Broken() {
      super("broken", 100);
      throw new IllegalStateException("broken on purpose");
    }
  }
}
