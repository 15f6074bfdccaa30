package io.github.lbkit.api;

import java.util.Objects;

/**
 * Sticky sessions of a pool.
 *
 * @param type how sessions are recognised
 * @param timeoutMinutes how long a session sticks, in minutes
 */
public record SessionPersistence(Type type, int timeoutMinutes) {

  /**
   * Validates the timeout.
   *
   * @param type how sessions are recognised
   * @param timeoutMinutes how long a session sticks, in minutes
   */
  public SessionPersistence {
    Objects.requireNonNull(type, "type");
    if (timeoutMinutes < 1) {
      throw new IllegalArgumentException("timeoutMinutes must be positive: " + timeoutMinutes);
    }
  }

  /** How a session is recognised. */
  public enum Type {
    /** By client source IP. */
    SOURCE_IP,
    /** By a cookie the load balancer inserts. */
    HTTP_COOKIE
  }
}
