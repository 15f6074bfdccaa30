package io.github.lbkit.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a Service's load balancer comes from: an existing one named by {@code kubernetes.io/elb.id}, or one
 * created for the Service from {@code kubernetes.io/elb.autocreate}.
 */
public sealed interface Attachment {

  /**
   * Attach to a load balancer that already exists. lbkit only manages this Service's listeners on it, and
   * never deletes the load balancer itself.
   *
   * @param loadBalancerId the load balancer's id
   */
  record Existing(String loadBalancerId) implements Attachment {
    /**
     * Validates the id.
     *
     * @param loadBalancerId the load balancer's id
     */
    public Existing {
      ServiceKey.requireText(loadBalancerId, "loadBalancerId");
    }
  }

  /**
   * Create a load balancer for this Service (and a public address when public); both are deleted with the
   * Service. Only settings every cloud has live here; a cloud's own settings (for Huawei Cloud the EIP's
   * bandwidth and type, zones, flavors, the neutron subnets of the VIP) travel in
   * {@link LoadBalancerSpec#cloudOptions()}.
   *
   * <p>The VIP subnet is not here: the generic choice of subnet is {@link LoadBalancerSpec#subnetId()}; a cloud
   * that addresses the VIP's subnet by another kind of id takes it as one of its options.
   *
   * @param name the load balancer's name
   * @param type public (with a public address, such as an EIP) or inner
   * @param vipAddress a fixed VIP address, or null for any
   * @param settingsDigest a digest of every setting the load balancer was created from, computed by the front end
   *     that read them (see {@link #digestOf(Map)}), or null to use the digest of this record's own settings
   */
  record AutoCreate(String name, AddressType type, @Nullable String vipAddress, @Nullable String settingsDigest)
      implements Attachment {

    /**
     * Validates the parts.
     *
     * @param name the load balancer's name
     * @param type public (with a public address, such as an EIP) or inner
     * @param vipAddress a fixed VIP address, or null for any
     * @param settingsDigest a digest of every setting the load balancer was created from, or null to use the
     *     digest of this record's own settings
     */
    public AutoCreate {
      ServiceKey.requireText(name, "name");
      Objects.requireNonNull(type, "type");
    }

    /**
     * Creates the settings with the digest of these parts alone.
     *
     * @param name the load balancer's name
     * @param type public (with a public address) or inner
     * @param vipAddress a fixed VIP address, or null for any
     */
    public AutoCreate(String name, AddressType type, @Nullable String vipAddress) {
      this(name, type, vipAddress, null);
    }

    /**
     * Returns a digest of every setting, to detect a change of {@code kubernetes.io/elb.autocreate} after
     * creation: {@link #settingsDigest()} when the front end gave one, otherwise the digest of name, type and
     * VIP address. Unset settings do not contribute, so a later lbkit version that adds one keeps old digests.
     *
     * @return 16 hex digits
     */
    public String digest() {
      if (settingsDigest != null) {
        return settingsDigest;
      }
      Map<String, @Nullable String> parts = new LinkedHashMap<>();
      parts.put("name", name);
      parts.put("type", type.name());
      parts.put("vip_address", vipAddress);
      return digestOf(parts);
    }

    /**
     * Digests settings given in a fixed order; null values are skipped, so adding a setting later keeps the
     * digests of values that do not use it.
     *
     * @param parts the settings, by name, in the front end's canonical order
     * @return 16 hex digits
     */
    public static String digestOf(Map<String, @Nullable String> parts) {
      StringBuilder sb = new StringBuilder();
      parts.forEach(
          (k, v) -> {
            if (v != null) {
              sb.append(k).append('=').append(v).append('\n');
            }
          });
      try {
        byte[] hash =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(hash, 0, 8);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }

    /**
     * An inner (private) load balancer with every optional setting left to the provider.
     *
     * @param name the load balancer's name
     * @return the attachment
     */
    public static AutoCreate inner(String name) {
      return new AutoCreate(name, AddressType.INNER, null);
    }

    /**
     * A public load balancer with every optional setting left to the provider (a cloud's own settings of the
     * public address, such as an EIP's bandwidth, go in {@link LoadBalancerSpec#cloudOptions()}).
     *
     * @param name the load balancer's name
     * @return the attachment
     */
    public static AutoCreate publicAddress(String name) {
      return new AutoCreate(name, AddressType.PUBLIC, null);
    }
  }

  /** Whether an auto-created load balancer gets a public address (an EIP) or only a private VIP. */
  enum AddressType {
    /** With an EIP bound to the VIP. */
    PUBLIC,
    /** Private VIP only. */
    INNER
  }
}
