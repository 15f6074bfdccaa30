package io.github.lbkit.api.plan;

import io.github.lbkit.api.HealthCheck;
import java.util.Objects;

/**
 * A health monitor as the cloud reports it.
 *
 * @param id the cloud's monitor id
 * @param settings its settings, in the spec's terms
 */
public record ObservedMonitor(String id, HealthCheck settings) {

  /**
   * Validates that both parts are present.
   *
   * @param id the cloud's monitor id
   * @param settings its settings, in the spec's terms
   */
  public ObservedMonitor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(settings, "settings");
  }
}
