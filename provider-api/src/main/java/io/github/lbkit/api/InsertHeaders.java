package io.github.lbkit.api;

import org.jspecify.annotations.Nullable;

/**
 * The {@code X-Forwarded-*} headers an HTTP or HTTPS listener inserts. A null value means "not set on the
 * Service": the provider leaves whatever the listener has (CCE keeps the setting when the annotation is
 * removed).
 *
 * @param xForwardedHost insert {@code X-Forwarded-Host}
 * @param xForwardedPort insert {@code X-Forwarded-Port}
 * @param xForwardedForPort insert {@code X-Forwarded-For-Port}
 */
public record InsertHeaders(
    @Nullable Boolean xForwardedHost, @Nullable Boolean xForwardedPort, @Nullable Boolean xForwardedForPort) {

  /** Nothing set. */
  public static final InsertHeaders NONE = new InsertHeaders(null, null, null);
}
