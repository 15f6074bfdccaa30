package io.github.lbkit.api.plan;

import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.Protocol;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A listener as the cloud reports it, with its default pool.
 *
 * @param id the cloud's listener id
 * @param protocol the front-end protocol
 * @param port the front-end port
 * @param owner the owner marker text found on the listener (description or tag), or null when it has none
 * @param options the listener options as observed; null fields mean the cloud did not report them
 * @param pool the default pool, or null when there is none
 */
public record ObservedListener(
    String id,
    Protocol protocol,
    int port,
    @Nullable String owner,
    ListenerOptions options,
    @Nullable ObservedPool pool) {

  /**
   * Validates that the required parts are present.
   *
   * @param id the cloud's listener id
   * @param protocol the front-end protocol
   * @param port the front-end port
   * @param owner the owner marker text found on the listener (description or tag), or null when it has none
   * @param options the listener options as observed; null fields mean the cloud did not report them
   * @param pool the default pool, or null when there is none
   */
  public ObservedListener {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(options, "options");
  }

  /**
   * Returns the listener's key, the same as {@link io.github.lbkit.api.ListenerSpec#id()}.
   *
   * @return {@code PROTOCOL:port}
   */
  public String key() {
    return protocol + ":" + port;
  }
}
