package io.github.lbkit.api;

/** An IP family of the Service ({@code spec.ipFamilies}). */
public enum IpFamily {
  /** IPv4. */
  IPV4,
  /** IPv6. */
  IPV6
}
