package io.github.lbkit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health monitor of one listener's pool.
 *
 * <p>A null optional field means "cloud default": the cloud picks the value, and whatever value it then reports
 * counts as converged (the planner never plans an update for it, see {@code Planner.healthCheckDiffers}). This is
 * the same meaning null has in {@link ListenerOptions}.
 *
 * @param type how backends are probed
 * @param delaySeconds seconds between probes
 * @param timeoutSeconds seconds a probe may take
 * @param maxRetries consecutive successes to mark a backend healthy
 * @param maxRetriesDown consecutive failures to mark it unhealthy, or null for the cloud's default
 * @param path the HTTP path, for HTTP and HTTPS probes, or null for the cloud's default
 * @param expectedCodes the HTTP status codes counted healthy (for example {@code 200-399}), or null for the cloud's default
 * @param monitorPort the port probed, or null for the member's own port
 */
public record HealthCheck(
    Type type,
    int delaySeconds,
    int timeoutSeconds,
    int maxRetries,
    @Nullable Integer maxRetriesDown,
    @Nullable String path,
    @Nullable String expectedCodes,
    @Nullable Integer monitorPort) {

  /**
   * Validates the numbers.
   *
   * @param type how backends are probed
   * @param delaySeconds seconds between probes
   * @param timeoutSeconds seconds a probe may take
   * @param maxRetries consecutive successes to mark a backend healthy
   * @param maxRetriesDown consecutive failures to mark it unhealthy, or null for the cloud's default
   * @param path the HTTP path, for HTTP and HTTPS probes, or null for the cloud's default
   * @param expectedCodes the HTTP status codes counted healthy (for example {@code 200-399}), or null for the cloud's default
   * @param monitorPort the port probed, or null for the member's own port
   */
  public HealthCheck {
    Objects.requireNonNull(type, "type");
    if (delaySeconds < 1 || timeoutSeconds < 1 || maxRetries < 1) {
      throw new IllegalArgumentException("delay, timeout and maxRetries must be positive");
    }
  }

  /** How a backend is probed. */
  public enum Type {
    /** A TCP connect. */
    TCP,
    /** A UDP probe. */
    UDP_CONNECT,
    /** An HTTP request. */
    HTTP,
    /** An HTTPS request. */
    HTTPS
  }
}
