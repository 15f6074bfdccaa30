package io.github.lbkit.api;

import java.util.Objects;

/**
 * Something the user should know that did not stop the load balancer from converging, for example a
 * pass-through constraint of the cloud. The controller turns each one into a Warning event.
 *
 * @param reason a short CamelCase reason, as in Kubernetes events
 * @param message what happened and what to do about it
 */
public record ProviderWarning(String reason, String message) {

  /**
   * Validates that both parts are present.
   *
   * @param reason a short CamelCase reason, as in Kubernetes events
   * @param message what happened and what to do about it
   */
  public ProviderWarning {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
