package io.github.lbkit.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The features a provider supports. The controller checks a spec against them with {@link #check} before any
 * cloud call, so that a Service asking for something the cloud cannot do gets a clear event instead of a
 * half-built load balancer.
 *
 * @param features the supported features
 */
public record Capabilities(Set<Feature> features) {

  /**
   * Copies the set.
   *
   * @param features the supported features
   */
  public Capabilities {
    features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
  }

  /**
   * Capabilities with the given features.
   *
   * @param features the features
   * @return the capabilities
   */
  public static Capabilities of(Feature... features) {
    return new Capabilities(features.length == 0 ? Set.of() : EnumSet.copyOf(List.of(features)));
  }

  /**
   * Capabilities with every feature.
   *
   * @return the capabilities
   */
  public static Capabilities all() {
    return new Capabilities(EnumSet.allOf(Feature.class));
  }

  /**
   * Whether a feature is supported.
   *
   * @param feature the feature
   * @return true when supported
   */
  public boolean supports(Feature feature) {
    return features.contains(feature);
  }

  /**
   * Checks that every feature a spec needs is supported.
   *
   * @param spec the spec
   * @param providerName the provider's name, for the message
   * @throws InvalidServiceException listing each missing feature with the key that asks for it
   */
  public void check(LoadBalancerSpec spec, String providerName) {
    List<Problem> problems = new ArrayList<>();
    for (Feature f : spec.requiredFeatures()) {
      if (!supports(f)) {
        problems.add(
            new Problem(f.key(), null, "asks for " + f + ", which provider " + providerName + " does not support"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
  }
}
