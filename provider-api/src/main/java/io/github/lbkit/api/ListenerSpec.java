package io.github.lbkit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One listener: a Service port as the load balancer serves it, with its pool and health check.
 *
 * <p>A listener is identified on the load balancer by {@link #protocol()} and {@link #port()}; at most one
 * listener per protocol and port may exist on a load balancer.
 *
 * @param portName the Service port's name ({@code ""} when the Service has a single unnamed port)
 * @param protocol the listener protocol
 * @param port the port the load balancer listens on ({@code spec.ports[].port})
 * @param nodePort the node port backends listen on, or 0 when the Service allocates none
 * @param targetPort the numeric target port, or 0 when the Service names it (then pods' ports are used)
 * @param options timeouts, certificates and headers
 * @param pool the pool's algorithm and sticky sessions
 * @param healthCheck the health monitor, or null when health checks are off
 */
public record ListenerSpec(
    String portName,
    Protocol protocol,
    int port,
    int nodePort,
    int targetPort,
    ListenerOptions options,
    PoolSpec pool,
    @Nullable HealthCheck healthCheck) {

  /**
   * Validates ports.
   *
   * @param portName the Service port's name ({@code ""} when the Service has a single unnamed port)
   * @param protocol the listener protocol
   * @param port the port the load balancer listens on ({@code spec.ports[].port})
   * @param nodePort the node port backends listen on, or 0 when the Service allocates none
   * @param targetPort the numeric target port, or 0 when the Service names it (then pods' ports are used)
   * @param options timeouts, certificates and headers
   * @param pool the pool's algorithm and sticky sessions
   * @param healthCheck the health monitor, or null when health checks are off
   */
  public ListenerSpec {
    Objects.requireNonNull(portName, "portName");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(pool, "pool");
    checkPort(port, "port", false);
    checkPort(nodePort, "nodePort", true);
    checkPort(targetPort, "targetPort", true);
  }

  /**
   * A TCP listener with default options, handy in tests and examples.
   *
   * @param port the listener port
   * @param nodePort the node port
   * @return the listener
   */
  public static ListenerSpec tcp(int port, int nodePort) {
    return new ListenerSpec("", Protocol.TCP, port, nodePort, port, ListenerOptions.NONE, PoolSpec.DEFAULT, null);
  }

  /**
   * Returns the identity of this listener on the load balancer, for example {@code TCP:80}.
   *
   * @return protocol and port
   */
  public String id() {
    return protocol + ":" + port;
  }

  private static void checkPort(int value, String what, boolean zeroAllowed) {
    if (value < (zeroAllowed ? 0 : 1) || value > 65535) {
      throw new IllegalArgumentException(what + " out of range: " + value);
    }
  }
}
