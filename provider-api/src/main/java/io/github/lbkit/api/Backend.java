package io.github.lbkit.api;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One backend target: a node (reached on the listener's node port) or a pod (reached on its own port).
 *
 * @param address the IP address members are created with
 * @param nodeName the node's name, or for a pod the node it runs on (null when unknown)
 * @param ports for a pod: its port numbers by Service port name ({@code ""} for an unnamed port); empty for a
 *     node
 */
public record Backend(String address, @Nullable String nodeName, Map<String, Integer> ports) {

  /**
   * Copies the map.
   *
   * @param address the IP address members are created with
   * @param nodeName the node's name, or for a pod the node it runs on (null when unknown)
   * @param ports for a pod: its port numbers by Service port name ({@code ""} for an unnamed port); empty for a
   *     node
   */
  public Backend {
    ServiceKey.requireText(address, "address");
    ports = Map.copyOf(ports);
  }

  /**
   * A node backend.
   *
   * @param nodeName the node's name
   * @param address its internal IP
   * @return the backend
   */
  public static Backend node(String nodeName, String address) {
    return new Backend(address, Objects.requireNonNull(nodeName, "nodeName"), Map.of());
  }
}
