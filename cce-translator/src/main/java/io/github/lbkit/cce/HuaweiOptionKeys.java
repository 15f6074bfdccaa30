package io.github.lbkit.cce;

/**
 * The {@code huaweicloud.*} cloud option keys the translator writes from CCE annotations. The Huawei Cloud provider
 * reads the same keys (the strings are the contract; neither module depends on the other). An absent key means the
 * provider's default.
 */
final class HuaweiOptionKeys {

  /** The EIP bandwidth's name ({@code elb.autocreate} {@code bandwidth_name}). */
  static final String BANDWIDTH_NAME = "huaweicloud.bandwidth.name";

  /** The EIP bandwidth's billing, {@code bandwidth} or {@code traffic} ({@code bandwidth_chargemode}). */
  static final String BANDWIDTH_CHARGE_MODE = "huaweicloud.bandwidth.chargemode";

  /** The EIP bandwidth's size in Mbit/s ({@code bandwidth_size}). */
  static final String BANDWIDTH_SIZE = "huaweicloud.bandwidth.size";

  /** The EIP bandwidth's share type, {@code PER} or {@code WHOLE} ({@code bandwidth_sharetype}). */
  static final String BANDWIDTH_SHARE_TYPE = "huaweicloud.bandwidth.sharetype";

  /** The EIP type, for example {@code 5_bgp} ({@code eip_type}). */
  static final String EIP_TYPE = "huaweicloud.eip.type";

  /** Comma-separated availability zones of a dedicated load balancer ({@code available_zone}). */
  static final String AVAILABILITY_ZONES = "huaweicloud.availability-zones";

  /** The L4 flavor name of a dedicated load balancer ({@code l4_flavor_name}). */
  static final String L4_FLAVOR_NAME = "huaweicloud.l4-flavor-name";

  /** The L7 flavor name of a dedicated load balancer ({@code l7_flavor_name}). */
  static final String L7_FLAVOR_NAME = "huaweicloud.l7-flavor-name";

  /** The neutron IPv4 subnet id of the VIP ({@code vip_subnet_cidr_id}). */
  static final String VIP_SUBNET_CIDR_ID = "huaweicloud.vip-subnet-cidr-id";

  /** The IPv6 network id of the VIP of a dedicated load balancer ({@code ipv6_vip_virsubnet_id}). */
  static final String IPV6_VIP_VIRSUBNET_ID = "huaweicloud.ipv6-vip-virsubnet-id";

  /** Comma-separated backend-plane network ids of a dedicated load balancer ({@code elb_virsubnet_ids}). */
  static final String ELB_VIRSUBNET_IDS = "huaweicloud.elb-virsubnet-ids";

  /** The enterprise project of created resources ({@code kubernetes.io/elb.enterpriseID}). */
  static final String ENTERPRISE_PROJECT_ID = "huaweicloud.enterprise-project-id";

  private HuaweiOptionKeys() {}
}
