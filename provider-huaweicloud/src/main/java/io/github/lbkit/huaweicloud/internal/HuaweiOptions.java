package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Huawei Cloud settings of one Service, parsed from the {@code huaweicloud.*} keys of
 * {@link LoadBalancerSpec#cloudOptions()} (the CCE translator writes them from {@code kubernetes.io/elb.autocreate}
 * and {@code kubernetes.io/elb.enterpriseID}). An absent key is the provider's default: the cloud's, or for an
 * EIP's bandwidth the ones named below.
 *
 * @param bandwidthName the EIP bandwidth's name, or null for {@link #DEFAULT_BANDWIDTH_NAME}
 * @param chargeMode {@code bandwidth} or {@code traffic}, or null for {@code bandwidth}
 * @param bandwidthSize the bandwidth in Mbit/s; required for a public load balancer lbkit creates an EIP for
 * @param shareType {@code PER} or {@code WHOLE}, or null for {@code PER}
 * @param eipType the EIP type, or null for {@code 5_bgp}
 * @param availabilityZones the zones of a dedicated load balancer
 * @param l4FlavorName the L4 flavor name, or null
 * @param l7FlavorName the L7 flavor name, or null
 * @param vipSubnetCidrId the neutron IPv4 subnet of the VIP, or null for the Service's subnet
 * @param ipv6VipVirsubnetId the IPv6 network of the VIP, or null
 * @param elbVirsubnetIds the backend-plane network ids
 * @param enterpriseProjectId the enterprise project of created resources, or null for the default
 */
record HuaweiOptions(
    @Nullable String bandwidthName,
    @Nullable String chargeMode,
    @Nullable Integer bandwidthSize,
    @Nullable String shareType,
    @Nullable String eipType,
    List<String> availabilityZones,
    @Nullable String l4FlavorName,
    @Nullable String l7FlavorName,
    @Nullable String vipSubnetCidrId,
    @Nullable String ipv6VipVirsubnetId,
    List<String> elbVirsubnetIds,
    @Nullable String enterpriseProjectId) {

  static final String BANDWIDTH_NAME = "huaweicloud.bandwidth.name";
  static final String BANDWIDTH_CHARGE_MODE = "huaweicloud.bandwidth.chargemode";
  static final String BANDWIDTH_SIZE = "huaweicloud.bandwidth.size";
  static final String BANDWIDTH_SHARE_TYPE = "huaweicloud.bandwidth.sharetype";
  static final String EIP_TYPE = "huaweicloud.eip.type";
  static final String AVAILABILITY_ZONES = "huaweicloud.availability-zones";
  static final String L4_FLAVOR_NAME = "huaweicloud.l4-flavor-name";
  static final String L7_FLAVOR_NAME = "huaweicloud.l7-flavor-name";
  static final String VIP_SUBNET_CIDR_ID = "huaweicloud.vip-subnet-cidr-id";
  static final String IPV6_VIP_VIRSUBNET_ID = "huaweicloud.ipv6-vip-virsubnet-id";
  static final String ELB_VIRSUBNET_IDS = "huaweicloud.elb-virsubnet-ids";
  static final String ENTERPRISE_PROJECT_ID = "huaweicloud.enterprise-project-id";

  /** The bandwidth name of an EIP when none is given. */
  static final String DEFAULT_BANDWIDTH_NAME = "cce-bandwidth";

  private static final String AUTOCREATE = "kubernetes.io/elb.autocreate";
  private static final Set<String> KNOWN = Set.of(BANDWIDTH_NAME, BANDWIDTH_CHARGE_MODE, BANDWIDTH_SIZE,
      BANDWIDTH_SHARE_TYPE, EIP_TYPE, AVAILABILITY_ZONES, L4_FLAVOR_NAME, L7_FLAVOR_NAME, VIP_SUBNET_CIDR_ID,
      IPV6_VIP_VIRSUBNET_ID, ELB_VIRSUBNET_IDS, ENTERPRISE_PROJECT_ID);

  /** Copies the lists. */
  HuaweiOptions {
    availabilityZones = List.copyOf(availabilityZones);
    elbVirsubnetIds = List.copyOf(elbVirsubnetIds);
  }

  /**
   * Parses the spec's {@code huaweicloud.*} options.
   *
   * @throws InvalidServiceException naming the annotation the option comes from, when a value is malformed or a
   *     key unknown
   */
  static HuaweiOptions of(LoadBalancerSpec spec) {
    Map<String, String> o = spec.cloudOptions().namespace("huaweicloud");
    List<Problem> problems = new ArrayList<>();
    for (String k : o.keySet()) {
      if (!KNOWN.contains(k)) {
        problems.add(new Problem(k, o.get(k), "ensure: unknown Huawei Cloud option; known are "
            + KNOWN.stream().sorted().toList()));
      }
    }
    Integer size = null;
    String sizeText = o.get(BANDWIDTH_SIZE);
    if (sizeText != null) {
      try {
        size = Integer.parseInt(sizeText);
      } catch (NumberFormatException e) {
        size = 0;
      }
      if (size < 1) {
        problems.add(new Problem(AUTOCREATE, sizeText,
            "ensure: bandwidth_size (" + BANDWIDTH_SIZE + ") must be a positive number of Mbit/s"));
      }
    }
    oneOf(o, BANDWIDTH_CHARGE_MODE, "bandwidth_chargemode", List.of("bandwidth", "traffic"), problems);
    oneOf(o, BANDWIDTH_SHARE_TYPE, "bandwidth_sharetype", List.of("PER", "WHOLE"), problems);
    if (!problems.isEmpty()) {
      throw new InvalidServiceException(spec.key().namespacedName(), problems);
    }
    return new HuaweiOptions(o.get(BANDWIDTH_NAME), o.get(BANDWIDTH_CHARGE_MODE), size, o.get(BANDWIDTH_SHARE_TYPE),
        o.get(EIP_TYPE), list(o.get(AVAILABILITY_ZONES)), o.get(L4_FLAVOR_NAME), o.get(L7_FLAVOR_NAME),
        o.get(VIP_SUBNET_CIDR_ID), o.get(IPV6_VIP_VIRSUBNET_ID), list(o.get(ELB_VIRSUBNET_IDS)),
        o.get(ENTERPRISE_PROJECT_ID));
  }

  /** The options of a spec, or none (every default) on a delete, which has no spec. */
  static HuaweiOptions ofNullable(@Nullable LoadBalancerSpec spec) {
    return spec == null
        ? new HuaweiOptions(null, null, null, null, null, List.of(), null, null, null, null, List.of(), null)
        : of(spec);
  }

  /**
   * Checks, before any call, what the provider needs of a Service that gets an EIP created: its bandwidth size.
   *
   * @return the problem, or null
   */
  static @Nullable Problem checkPublic(LoadBalancerSpec spec, HuaweiOptions options) {
    if (spec.customEipId() == null && spec.attachment() instanceof Attachment.AutoCreate a
        && a.type() == Attachment.AddressType.PUBLIC && options.bandwidthSize() == null) {
      return new Problem(AUTOCREATE, null, "ensure: a public load balancer needs an EIP bandwidth size; set"
          + " \"bandwidth_size\" in " + AUTOCREATE + " (cloud option " + BANDWIDTH_SIZE + ")");
    }
    return null;
  }

  /** The EIP's bandwidth name. */
  String bandwidthNameOrDefault() {
    return bandwidthName == null ? DEFAULT_BANDWIDTH_NAME : bandwidthName;
  }

  /** The EIP's bandwidth charge mode, as the API takes it. */
  String chargeModeOrDefault() {
    return chargeMode == null ? "bandwidth" : chargeMode;
  }

  /** The EIP's bandwidth share type, as the API takes it. */
  String shareTypeOrDefault() {
    return shareType == null ? "PER" : shareType;
  }

  /** The EIP type. */
  String eipTypeOrDefault() {
    return eipType == null ? "5_bgp" : eipType;
  }

  /** The bandwidth size, which {@link #checkPublic} has required before any call. */
  int bandwidthSizeRequired() {
    if (bandwidthSize == null) {
      throw new IllegalStateException("a public load balancer needs " + BANDWIDTH_SIZE);
    }
    return bandwidthSize;
  }

  private static void oneOf(Map<String, String> o, String key, String field, List<String> allowed,
      List<Problem> problems) {
    String v = o.get(key);
    if (v != null && !allowed.contains(v)) {
      problems.add(new Problem(AUTOCREATE, v,
          "ensure: " + field + " (" + key + ") must be one of " + String.join(", ", allowed)));
    }
  }

  private static List<String> list(@Nullable String v) {
    return v == null || v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).toList();
  }
}
