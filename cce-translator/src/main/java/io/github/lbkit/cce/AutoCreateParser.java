package io.github.lbkit.cce;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Attachment.AddressType;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.LoadBalancerClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code kubernetes.io/elb.autocreate} into an {@link Attachment.AutoCreate} and the Huawei Cloud
 * settings it holds, which travel as {@code huaweicloud.*} {@link CloudOptions} (see {@link HuaweiOptionKeys}).
 */
final class AutoCreateParser {

  /**
   * What the annotation holds.
   *
   * @param attachment the generic settings
   * @param options the Huawei Cloud settings, as {@code huaweicloud.*} options
   */
  record Parsed(Attachment.AutoCreate attachment, CloudOptions options) {}

  private static final String KEY = CceAnnotations.ELB_AUTOCREATE;
  private static final int MAX_NAME = 64;
  private static final Pattern FLAVOR = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
  private static final List<String> EIP_TYPES = List.of("5_bgp", "5_sbgp", "5_telcom", "5_union");
  private static final List<String> PUBLIC_ONLY =
      List.of("bandwidth_name", "bandwidth_chargemode", "bandwidth_size", "bandwidth_sharetype", "eip_type");
  private static final List<String> DEDICATED_ONLY =
      List.of("available_zone", "l4_flavor_name", "l7_flavor_name", "ipv6_vip_virsubnet_id", "elb_virsubnet_ids");
  private static final Set<String> KNOWN =
      Set.copyOf(CceAnnotations.require(KEY).fields().stream().map(JsonFieldDef::name).toList());

  private AutoCreateParser() {}

  /** The name of an auto-created load balancer when the JSON sets none. */
  static String defaultName(String uid) {
    return truncate("cce-lb-" + uid);
  }

  /** The attachment used when neither {@code elb.id} nor {@code elb.autocreate} is set. */
  static Parsed defaults(String uid) {
    return new Parsed(Attachment.AutoCreate.inner(defaultName(uid)), CloudOptions.NONE);
  }

  /**
   * Parses the JSON value.
   *
   * @return the attachment, or null after reporting at least one problem
   */
  static @Nullable Parsed parse(String text, LoadBalancerClass cls, String uid, Problems problems) {
    int before = problems.size();
    JsonNode node = JsonValues.parse(KEY, text, false, problems);
    if (node == null) {
      return null;
    }
    JsonValues.Fields f = new JsonValues.Fields(KEY, "", node, KNOWN, problems);

    AddressType type = AddressType.INNER;
    String typeText = f.string("type");
    if (typeText != null) {
      switch (typeText) {
        case "public" -> type = AddressType.PUBLIC;
        case "inner" -> type = AddressType.INNER;
        default -> f.problem("type", typeText, "must be public or inner");
      }
    }
    String name = name(f, "name", defaultName(uid));
    String bandwidthName = name(f, "bandwidth_name", truncate("cce-bandwidth-" + uid));
    String chargeMode =
        word(f, "bandwidth_chargemode", Map.of("bandwidth", "bandwidth", "traffic", "traffic"),
            "must be bandwidth or traffic");
    Integer size = f.integer("bandwidth_size", 1, 2000, "Mbit/s");
    String shareType = word(f, "bandwidth_sharetype", Map.of("PER", "PER"), "must be PER");
    String eipType = f.string("eip_type");
    if (eipType != null && !EIP_TYPES.contains(eipType)) {
      f.problem("eip_type", eipType, "must be one of " + String.join(", ", EIP_TYPES));
    }

    if (type == AddressType.PUBLIC) {
      for (String required : List.of("bandwidth_chargemode", "bandwidth_size", "bandwidth_sharetype", "eip_type")) {
        if (!f.has(required)) {
          f.problem(required, null, "is required when type is public");
        }
      }
    } else {
      for (String field : PUBLIC_ONLY) {
        if (f.has(field)) {
          f.problem(field, null, "applies only when type is public; remove it or set \"type\":\"public\"");
        }
      }
    }

    List<String> zones = f.strings("available_zone");
    String l4 = flavor(f, "l4_flavor_name");
    String l7 = flavor(f, "l7_flavor_name");
    String vipSubnet = id(f, "vip_subnet_cidr_id");
    String ipv6Subnet = id(f, "ipv6_vip_virsubnet_id");
    List<String> backendSubnets = f.strings("elb_virsubnet_ids");
    if (backendSubnets != null) {
      for (String s : backendSubnets) {
        if (!Texts.ID.matcher(s).matches()) {
          f.problem("elb_virsubnet_ids", s, "must hold ids of 1-64 letters, digits, '-' or '_'");
        }
      }
    }
    String vipAddress = f.string("vip_address");
    if (vipAddress != null && !Texts.isIpv4(vipAddress)) {
      f.problem("vip_address", vipAddress, "must be an IPv4 address");
    }

    if (cls == LoadBalancerClass.SHARED) {
      for (String field : DEDICATED_ONLY) {
        if (f.has(field)) {
          f.problem(field, null,
              "applies only to dedicated load balancers; set " + CceAnnotations.ELB_CLASS + ": performance or remove it");
        }
      }
    } else if (!f.has("available_zone") || (zones != null && zones.isEmpty())) {
      f.problem("available_zone", null, "is required for dedicated load balancers: a non-empty array of zone codes");
    }

    if (problems.size() > before) {
      return null;
    }
    boolean bandwidth = type == AddressType.PUBLIC && chargeMode != null && size != null && shareType != null;
    Map<String, String> o = new LinkedHashMap<>();
    if (bandwidth) {
      o.put(HuaweiOptionKeys.BANDWIDTH_NAME, bandwidthName);
      o.put(HuaweiOptionKeys.BANDWIDTH_CHARGE_MODE, chargeMode);
      o.put(HuaweiOptionKeys.BANDWIDTH_SIZE, Integer.toString(size));
      o.put(HuaweiOptionKeys.BANDWIDTH_SHARE_TYPE, shareType);
    }
    putIf(o, HuaweiOptionKeys.EIP_TYPE, type == AddressType.PUBLIC ? eipType : null);
    putIf(o, HuaweiOptionKeys.AVAILABILITY_ZONES, zones == null || zones.isEmpty() ? null : String.join(",", zones));
    putIf(o, HuaweiOptionKeys.L4_FLAVOR_NAME, l4);
    putIf(o, HuaweiOptionKeys.L7_FLAVOR_NAME, l7);
    putIf(o, HuaweiOptionKeys.VIP_SUBNET_CIDR_ID, vipSubnet);
    putIf(o, HuaweiOptionKeys.IPV6_VIP_VIRSUBNET_ID, ipv6Subnet);
    putIf(o, HuaweiOptionKeys.ELB_VIRSUBNET_IDS,
        backendSubnets == null || backendSubnets.isEmpty() ? null : String.join(",", backendSubnets));

    // The digest covers every field in the order of earlier versions, so Services created by them keep theirs.
    Map<String, @Nullable String> parts = new LinkedHashMap<>();
    parts.put("name", name);
    parts.put("type", type.name());
    if (bandwidth) {
      parts.put("bandwidth_name", bandwidthName);
      parts.put("bandwidth_chargemode", chargeMode.toUpperCase(Locale.ROOT));
      parts.put("bandwidth_size", Integer.toString(size));
      parts.put("bandwidth_sharetype", shareType);
    }
    parts.put("eip_type", type == AddressType.PUBLIC ? eipType : null);
    parts.put("available_zone", zones == null || zones.isEmpty() ? null : String.join(" ", zones));
    parts.put("l4_flavor_name", l4);
    parts.put("l7_flavor_name", l7);
    parts.put("vip_subnet_cidr_id", vipSubnet);
    parts.put("ipv6_vip_virsubnet_id", ipv6Subnet);
    parts.put("elb_virsubnet_ids",
        backendSubnets == null || backendSubnets.isEmpty() ? null : String.join(" ", backendSubnets));
    parts.put("vip_address", vipAddress);
    return new Parsed(
        new Attachment.AutoCreate(name, type, vipAddress, Attachment.AutoCreate.digestOf(parts)),
        CloudOptions.of(o));
  }

  private static void putIf(Map<String, String> o, String key, @Nullable String value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  private static String name(JsonValues.Fields f, String field, String fallback) {
    String v = f.string(field);
    if (v == null) {
      return fallback;
    }
    if (!Texts.NAME.matcher(v).matches()) {
      f.problem(field, v, "must be 1-64 characters of letters, digits, '_', '.' and '-'");
      return fallback;
    }
    return v;
  }

  private static <E> @Nullable E word(JsonValues.Fields f, String field, Map<String, E> allowed, String rule) {
    String v = f.string(field);
    if (v == null) {
      return null;
    }
    E e = allowed.get(v);
    if (e == null) {
      f.problem(field, v, rule);
    }
    return e;
  }

  private static @Nullable String flavor(JsonValues.Fields f, String field) {
    String v = f.string(field);
    if (v != null && !FLAVOR.matcher(v).matches()) {
      f.problem(field, v, "must be a flavor name such as L4_flavor.elb.s1.small");
      return null;
    }
    return v;
  }

  private static @Nullable String id(JsonValues.Fields f, String field) {
    String v = f.string(field);
    if (v != null && !Texts.ID.matcher(v).matches()) {
      f.problem(field, v, "must be an id of 1-64 letters, digits, '-' or '_'");
      return null;
    }
    return v;
  }

  private static String truncate(String s) {
    return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
  }
}
