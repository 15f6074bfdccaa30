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
 * @param adoption whether a Service that CCE's own controller served ({@code kubernetes.io/elb.autocreate} with
 *     the {@code kubernetes.io/elb.id} and {@code kubernetes.io/elb.eip-id} CCE wrote back, and no lbkit creation
 *     record) asks to take its load balancer over ({@link io.github.lbkit.api.Adoption}); and whether a new
 *     auto-created Service first looks for an unmarked load balancer of its name. Off by default: such a
 *     Service is refused, with a message saying how to turn adoption on
 */
public record TranslatorOptions(String clusterName, BackendMode dedicatedBackendMode, boolean adoption) {

  /**
   * Validates the cluster name.
   *
   * @param clusterName the cluster's name, unique among the clusters sharing one cloud account; it goes into
   *     every {@link io.github.lbkit.api.ServiceKey}
   * @param dedicatedBackendMode what dedicated load balancers forward to: {@link BackendMode#NODES} on standard
   *     clusters (the default), {@link BackendMode#PODS} on Turbo-style clusters where pods have VPC addresses
   * @param adoption whether Services CCE's controller served ask to take their load balancers over
   */
  public TranslatorOptions {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(dedicatedBackendMode, "dedicatedBackendMode");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
  }

  /**
   * Creates options without adoption.
   *
   * @param clusterName the cluster's name
   * @param dedicatedBackendMode what dedicated load balancers forward to
   */
  public TranslatorOptions(String clusterName, BackendMode dedicatedBackendMode) {
    this(clusterName, dedicatedBackendMode, false);
  }

  /**
   * Returns options with the cluster name and the defaults: node backends, no adoption.
   *
   * @param clusterName the cluster's name
   * @return the options
   */
  public static TranslatorOptions of(String clusterName) {
    return new TranslatorOptions(clusterName, BackendMode.NODES, false);
  }

  /**
   * Returns a copy with another dedicated backend mode.
   *
   * @param mode the mode
   * @return the copy
   */
  public TranslatorOptions withDedicatedBackendMode(BackendMode mode) {
    return new TranslatorOptions(clusterName, mode, adoption);
  }

  /**
   * Returns a copy with adoption turned on or off.
   *
   * @param on true to take over load balancers CCE's controller created
   * @return the copy
   */
  public TranslatorOptions withAdoption(boolean on) {
    return new TranslatorOptions(clusterName, dedicatedBackendMode, on);
  }
}
