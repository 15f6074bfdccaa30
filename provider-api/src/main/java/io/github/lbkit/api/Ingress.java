package io.github.lbkit.api;

import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code status.loadBalancer.ingress}: an address at which the load balancer is reached.
 *
 * @param ip the IP address, or {@code null} when only a hostname is reported
 * @param hostname the hostname, or {@code null}
 * @param ipMode how in-cluster traffic to {@code ip} is treated; only meaningful with an {@code ip}
 */
public record Ingress(@Nullable String ip, @Nullable String hostname, IpMode ipMode) {

  /**
   * Validates that at least one of ip and hostname is present.
   *
   * @param ip the IP address, or {@code null} when only a hostname is reported
   * @param hostname the hostname, or {@code null}
   * @param ipMode how in-cluster traffic to {@code ip} is treated; only meaningful with an {@code ip}
   */
  public Ingress {
    if ((ip == null || ip.isBlank()) && (hostname == null || hostname.isBlank())) {
      throw new IllegalArgumentException("an ingress needs an ip or a hostname");
    }
    java.util.Objects.requireNonNull(ipMode, "ipMode");
  }

  /**
   * An entry with an IP address.
   *
   * @param ip the address
   * @param ipMode how kube-proxy treats it
   * @return the entry
   */
  public static Ingress ip(String ip, IpMode ipMode) {
    return new Ingress(ip, null, ipMode);
  }
}
