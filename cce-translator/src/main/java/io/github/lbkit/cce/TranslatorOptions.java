package io.github.lbkit.cce;

import io.github.lbkit.api.BackendMode;
import java.util.Objects;

/**
 * Settings of a {@link CceServiceTranslator}.
 *
 * @param clusterName the cluster's name, unique among the clusters sharing one cloud account; it goes into
 *     every {@link io.github.lbkit.api.ServiceKey}
 * @param dedicatedBackendMode what dedicated load balancers forward to: {@link BackendMode#NODES} on standard
 *     clusters (the default), {@link BackendMode#PODS} on Turbo-style clusters where pods have VPC addresses
 */
public record TranslatorOptions(String clusterName, BackendMode dedicatedBackendMode) {

  /**
   * Validates the cluster name.
   *
   * @param clusterName the cluster's name, unique among the clusters sharing one cloud account; it goes into
   *     every {@link io.github.lbkit.api.ServiceKey}
   * @param dedicatedBackendMode what dedicated load balancers forward to: {@link BackendMode#NODES} on standard
   *     clusters (the default), {@link BackendMode#PODS} on Turbo-style clusters where pods have VPC addresses
   */
  public TranslatorOptions {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(dedicatedBackendMode, "dedicatedBackendMode");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
  }

  /**
   * Options for a standard cluster: dedicated load balancers forward to nodes.
   *
   * @param clusterName the cluster's name
   * @return the options
   */
  public static TranslatorOptions of(String clusterName) {
    return new TranslatorOptions(clusterName, BackendMode.NODES);
  }

  /**
   * Returns a copy with another backend mode for dedicated load balancers.
   *
   * @param mode {@link BackendMode#PODS} for Turbo-style clusters
   * @return the new options
   */
  public TranslatorOptions withDedicatedBackendMode(BackendMode mode) {
    return new TranslatorOptions(clusterName, mode);
  }
}
