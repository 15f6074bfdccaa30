package io.github.lbkit.api;

import java.util.List;
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
   * Create a load balancer for this Service (and an EIP when public); both are deleted with the Service.
   *
   * @param name the load balancer's name
   * @param type public (with an EIP) or inner
   * @param bandwidth the EIP's bandwidth; present exactly when {@code type} is public
   * @param eipType the EIP type, for example {@code 5_bgp}; present exactly when public
   * @param availabilityZones availability zones (dedicated only)
   * @param l4FlavorName L4 flavor name (dedicated only)
   * @param l7FlavorName L7 flavor name (dedicated only)
   * @param vipSubnetCidrId the IPv4 neutron subnet id of the VIP, or null for the provider's default
   * @param ipv6VipVirsubnetId the IPv6 network id of the VIP (dedicated only)
   * @param elbVirsubnetIds backend-plane network ids, that is VPC subnet ids (dedicated only)
   * @param vipAddress a fixed VIP address, or null for any
   */
  record AutoCreate(
      String name,
      AddressType type,
      @Nullable Bandwidth bandwidth,
      @Nullable String eipType,
      List<String> availabilityZones,
      @Nullable String l4FlavorName,
      @Nullable String l7FlavorName,
      @Nullable String vipSubnetCidrId,
      @Nullable String ipv6VipVirsubnetId,
      List<String> elbVirsubnetIds,
      @Nullable String vipAddress)
      implements Attachment {

    /**
     * Validates consistency of public and inner settings and copies the lists.
     *
     * @param name the load balancer's name
     * @param type public (with an EIP) or inner
     * @param bandwidth the EIP's bandwidth; present exactly when {@code type} is public
     * @param eipType the EIP type, for example {@code 5_bgp}; present exactly when public
     * @param availabilityZones availability zones (dedicated only)
     * @param l4FlavorName L4 flavor name (dedicated only)
     * @param l7FlavorName L7 flavor name (dedicated only)
     * @param vipSubnetCidrId the IPv4 neutron subnet id of the VIP, or null for the provider's default
     * @param ipv6VipVirsubnetId the IPv6 network id of the VIP (dedicated only)
     * @param elbVirsubnetIds backend-plane network ids, that is VPC subnet ids (dedicated only)
     * @param vipAddress a fixed VIP address, or null for any
     */
    public AutoCreate {
      ServiceKey.requireText(name, "name");
      Objects.requireNonNull(type, "type");
      availabilityZones = List.copyOf(availabilityZones);
      elbVirsubnetIds = List.copyOf(elbVirsubnetIds);
      if (type == AddressType.PUBLIC && (bandwidth == null || eipType == null)) {
        throw new IllegalArgumentException("a public load balancer needs a bandwidth and an eip type");
      }
    }

    /**
     * Returns a digest of every setting, to detect a change of {@code kubernetes.io/elb.autocreate} after
     * creation. Unset settings do not contribute, so a later lbkit version that adds one keeps old digests.
     *
     * @return 16 hex digits
     */
    public String digest() {
      StringBuilder sb = new StringBuilder();
      part(sb, "name", name);
      part(sb, "type", type.name());
      if (bandwidth != null) {
        part(sb, "bandwidth_name", bandwidth.name());
        part(sb, "bandwidth_chargemode", bandwidth.chargeMode().name());
        part(sb, "bandwidth_size", Integer.toString(bandwidth.sizeMbit()));
        part(sb, "bandwidth_sharetype", bandwidth.shareType().name());
      }
      part(sb, "eip_type", eipType);
      part(sb, "available_zone", availabilityZones.isEmpty() ? null : String.join(" ", availabilityZones));
      part(sb, "l4_flavor_name", l4FlavorName);
      part(sb, "l7_flavor_name", l7FlavorName);
      part(sb, "vip_subnet_cidr_id", vipSubnetCidrId);
      part(sb, "ipv6_vip_virsubnet_id", ipv6VipVirsubnetId);
      part(sb, "elb_virsubnet_ids", elbVirsubnetIds.isEmpty() ? null : String.join(" ", elbVirsubnetIds));
      part(sb, "vip_address", vipAddress);
      try {
        byte[] hash =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(hash, 0, 8);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }

    private static void part(StringBuilder sb, String k, @Nullable String v) {
      if (v != null) {
        sb.append(k).append('=').append(v).append('\n');
      }
    }

    /**
     * An inner (private) load balancer with every optional setting left to the provider.
     *
     * @param name the load balancer's name
     * @return the attachment
     */
    public static AutoCreate inner(String name) {
      return new AutoCreate(name, AddressType.INNER, null, null, List.of(), null, null, null, null, List.of(), null);
    }

    /**
     * A public load balancer with an EIP of the given bandwidth and every other setting left to the provider.
     *
     * @param name the load balancer's name
     * @param bandwidth the EIP's bandwidth
     * @param eipType the EIP type, for example {@code 5_bgp}
     * @return the attachment
     */
    public static AutoCreate publicWith(String name, Bandwidth bandwidth, String eipType) {
      return new AutoCreate(
          name, AddressType.PUBLIC, bandwidth, eipType, List.of(), null, null, null, null, List.of(), null);
    }
  }

  /** Whether an auto-created load balancer gets a public address (an EIP) or only a private VIP. */
  enum AddressType {
    /** With an EIP bound to the VIP. */
    PUBLIC,
    /** Private VIP only. */
    INNER
  }

  /**
   * The bandwidth of an auto-created EIP.
   *
   * @param name the bandwidth's name
   * @param chargeMode {@code bandwidth} or {@code traffic}
   * @param sizeMbit the size in Mbit/s
   * @param shareType {@code PER} (dedicated) or {@code WHOLE} (shared)
   */
  record Bandwidth(String name, ChargeMode chargeMode, int sizeMbit, ShareType shareType) {
    /**
     * Validates the size.
     *
     * @param name the bandwidth's name
     * @param chargeMode {@code bandwidth} or {@code traffic}
     * @param sizeMbit the size in Mbit/s
     * @param shareType {@code PER} (dedicated) or {@code WHOLE} (shared)
     */
    public Bandwidth {
      ServiceKey.requireText(name, "name");
      Objects.requireNonNull(chargeMode, "chargeMode");
      Objects.requireNonNull(shareType, "shareType");
      if (sizeMbit < 1) {
        throw new IllegalArgumentException("bandwidth size must be positive: " + sizeMbit);
      }
    }
  }

  /** How an EIP's bandwidth is billed. */
  enum ChargeMode {
    /** By bandwidth. */
    BANDWIDTH,
    /** By traffic. */
    TRAFFIC
  }

  /** Whether an EIP's bandwidth is its own or shared. */
  enum ShareType {
    /** Dedicated bandwidth. */
    PER,
    /** Shared bandwidth. */
    WHOLE
  }
}
