package io.github.lbkit.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Finds {@link LoadBalancerProviderFactory} implementations through {@link ServiceLoader} and creates the
 * chosen provider.
 *
 * <p>Choice: the provider named by the {@value ProviderConfig#PROVIDER} setting, else by the system property of
 * the same name, else the factory with the highest {@link LoadBalancerProviderFactory#priority()} (a tie is
 * reported as a warning and broken by name). A factory that fails to load or to answer is skipped and
 * reported, and does not hide the others. When nothing usable is found, the error says which artifact to add.
 */
public final class LoadBalancerProviders {

  private static final System.Logger LOG = System.getLogger(LoadBalancerProviders.class.getName());

  private final List<LoadBalancerProviderFactory> factories;
  private final List<String> problems;

  private LoadBalancerProviders(List<LoadBalancerProviderFactory> factories, List<String> problems) {
    this.factories = List.copyOf(factories);
    this.problems = List.copyOf(problems);
  }

  /**
   * Discovers factories with the thread's context class loader (or this class's loader when none is set).
   *
   * @return the discovered factories
   */
  public static LoadBalancerProviders discover() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return discover(cl != null ? cl : LoadBalancerProviders.class.getClassLoader());
  }

  /**
   * Discovers factories visible to a class loader.
   *
   * @param classLoader the loader to search
   * @return the discovered factories
   */
  public static LoadBalancerProviders discover(ClassLoader classLoader) {
    Objects.requireNonNull(classLoader, "classLoader");
    List<LoadBalancerProviderFactory> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Iterator<LoadBalancerProviderFactory> it =
        ServiceLoader.load(LoadBalancerProviderFactory.class, classLoader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        LoadBalancerProviderFactory f = it.next();
        String name = f.name();
        f.priority();
        if (name == null || name.isBlank()) {
          problems.add(f.getClass().getName() + " has no name; skipped");
          continue;
        }
        if (found.stream().anyMatch(g -> g.name().equals(name))) {
          problems.add("two providers named '" + name + "'; kept " + findByName(found, name).getClass().getName()
              + ", skipped " + f.getClass().getName());
          continue;
        }
        found.add(f);
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        // A provider that fails to load must not hide the others: report it and go on.
        String problem = "a provider failed to load and was skipped: " + e;
        problems.add(problem);
        LOG.log(System.Logger.Level.WARNING, problem, e);
      }
    }
    found.sort(Comparator.comparing(LoadBalancerProviderFactory::name));
    return new LoadBalancerProviders(found, problems);
  }

  /**
   * Returns the usable factories, sorted by name.
   *
   * @return the factories
   */
  public List<LoadBalancerProviderFactory> factories() {
    return factories;
  }

  /**
   * Returns what went wrong during discovery: providers that failed to load or were duplicates.
   *
   * @return the problems, empty when discovery was clean
   */
  public List<String> problems() {
    return problems;
  }

  /**
   * Returns the factory with a name.
   *
   * @param name the name
   * @return the factory, or empty
   */
  public Optional<LoadBalancerProviderFactory> byName(String name) {
    return Optional.ofNullable(findByName(factories, name));
  }

  /**
   * Chooses the factory for a configuration: by the {@value ProviderConfig#PROVIDER} setting or system
   * property, else by priority.
   *
   * @param config the configuration
   * @return the factory
   * @throws IllegalStateException with an actionable message when none fits
   */
  public LoadBalancerProviderFactory choose(ProviderConfig config) {
    String wanted = config.get(ProviderConfig.PROVIDER).orElse(System.getProperty(ProviderConfig.PROVIDER));
    if (wanted != null && !wanted.isBlank()) {
      LoadBalancerProviderFactory f = findByName(factories, wanted.trim());
      if (f == null) {
        throw new IllegalStateException(
            "choose provider: no provider named '" + wanted.trim() + "' on the classpath; found "
                + (factories.isEmpty() ? "none" : names()) + ". " + hint(wanted.trim()) + problemsSuffix());
      }
      return f;
    }
    if (factories.isEmpty()) {
      throw new IllegalStateException(
          "choose provider: no LoadBalancerProvider found on the classpath. " + hint(null) + problemsSuffix());
    }
    List<LoadBalancerProviderFactory> byPriority = new ArrayList<>(factories);
    byPriority.sort(
        Comparator.comparingInt(LoadBalancerProviderFactory::priority).reversed()
            .thenComparing(LoadBalancerProviderFactory::name));
    LoadBalancerProviderFactory best = byPriority.get(0);
    List<String> tied =
        byPriority.stream().filter(f -> f.priority() == best.priority()).map(LoadBalancerProviderFactory::name)
            .collect(Collectors.toList());
    if (tied.size() > 1) {
      LOG.log(
          System.Logger.Level.WARNING,
          "providers " + tied + " share priority " + best.priority() + "; chose '" + best.name()
              + "' by name. Set " + ProviderConfig.PROVIDER + " to choose explicitly.");
    }
    return best;
  }

  /**
   * Chooses a factory with {@link #choose} and creates its provider.
   *
   * @param config the configuration, passed to the factory
   * @return the provider
   */
  public LoadBalancerProvider create(ProviderConfig config) {
    return choose(config).create(config);
  }

  /**
   * Discovers factories with the context class loader and creates the chosen provider: the one-line entry.
   *
   * @param config the configuration
   * @return the provider
   */
  public static LoadBalancerProvider load(ProviderConfig config) {
    return discover().create(config);
  }

  private String names() {
    return factories.stream().map(LoadBalancerProviderFactory::name).collect(Collectors.joining(", "));
  }

  private String problemsSuffix() {
    return problems.isEmpty() ? "" : " Discovery problems: " + String.join("; ", problems) + ".";
  }

  private static String hint(@Nullable String wanted) {
    String artifact =
        wanted == null
            ? null
            : switch (wanted.toLowerCase(Locale.ROOT)) {
              case "fake" -> "io.github.lbkit:lbkit-provider-fake";
              case "huaweicloud" -> "io.github.lbkit:lbkit-provider-huaweicloud";
              default -> null;
            };
    if (artifact != null) {
      return "Add the dependency " + artifact + " to the classpath.";
    }
    return "Add a provider to the classpath: io.github.lbkit:lbkit-provider-huaweicloud for Huawei Cloud, or"
        + " io.github.lbkit:lbkit-provider-fake for tests; a custom provider registers its"
        + " LoadBalancerProviderFactory in META-INF/services/" + LoadBalancerProviderFactory.class.getName() + ".";
  }

  private static @Nullable LoadBalancerProviderFactory findByName(
      List<LoadBalancerProviderFactory> list, String name) {
    for (LoadBalancerProviderFactory f : list) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
