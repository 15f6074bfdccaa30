package io.github.lbkit.api;

/**
 * One member a listener's pool should have: an address and a port.
 *
 * @param address the IP address
 * @param port the port
 */
public record MemberTarget(String address, int port) implements Comparable<MemberTarget> {

  /**
   * Validates address and port.
   *
   * @param address the IP address
   * @param port the port
   */
  public MemberTarget {
    ServiceKey.requireText(address, "address");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("member port out of range: " + port);
    }
  }

  @Override
  public int compareTo(MemberTarget o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : Integer.compare(port, o.port);
  }

  @Override
  public String toString() {
    return address + ":" + port;
  }
}
