package io.github.lbkit.cce;

import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.github.lbkit.api.AclSpec;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.IpFamily;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.TrafficPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Service-wide settings: traffic policy, source ranges, IP families, pass-through, access control
 * and tags.
 */
final class ServiceSettings {

  private static final int MAX_TAGS = 20;
  private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{N}_.:/@-]{1,36}");
  private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{N}_.:/@-]{0,43}");
  private static final List<String> OPEN = List.of("0.0.0.0/0", "::/0");

  private ServiceSettings() {}

  static TrafficPolicy trafficPolicy(ServiceSpec spec, Problems problems) {
    String v = spec.getExternalTrafficPolicy();
    if (v == null || v.equals("Cluster")) {
      return TrafficPolicy.CLUSTER;
    }
    if (v.equals("Local")) {
      return TrafficPolicy.LOCAL;
    }
    problems.add("spec.externalTrafficPolicy", v, "must be Cluster or Local");
    return TrafficPolicy.CLUSTER;
  }

  /**
   * Returns the allowed client CIDRs: {@code spec.loadBalancerSourceRanges} when set, else the beta annotation;
   * empty when everyone may connect.
   */
  static List<String> sourceRanges(ServiceSpec spec, AnnotationValues av) {
    List<String> out = new ArrayList<>();
    List<String> field = spec.getLoadBalancerSourceRanges();
    if (field != null && !field.isEmpty()) {
      for (int i = 0; i < field.size(); i++) {
        String cidr = field.get(i) == null ? "" : field.get(i).trim();
        if (!Texts.isCidr(cidr)) {
          av.problems().add("spec.loadBalancerSourceRanges[" + i + "]", cidr,
              "must be an IPv4 or IPv6 CIDR such as 10.0.0.0/8");
        } else if (!out.contains(cidr)) {
          out.add(cidr);
        }
      }
    } else {
      String text = av.text(CceAnnotations.SOURCE_RANGES);
      if (text != null) {
        for (String cidr : Texts.split(text)) {
          if (!Texts.isCidr(cidr)) {
            av.problems().add(CceAnnotations.SOURCE_RANGES, text,
                "must be comma-separated IPv4 or IPv6 CIDRs such as 10.0.0.0/8; '" + cidr + "' is not one");
          } else if (!out.contains(cidr)) {
            out.add(cidr);
          }
        }
      }
    }
    return OPEN.containsAll(out) ? List.of() : out;
  }

  static List<IpFamily> ipFamilies(ServiceSpec spec, Problems problems) {
    List<String> families = spec.getIpFamilies();
    if (families == null || families.isEmpty()) {
      return List.of(IpFamily.IPV4);
    }
    List<IpFamily> out = new ArrayList<>();
    for (int i = 0; i < families.size(); i++) {
      String f = families.get(i);
      if ("IPv4".equals(f)) {
        out.add(IpFamily.IPV4);
      } else if ("IPv6".equals(f)) {
        out.add(IpFamily.IPV6);
      } else {
        problems.add("spec.ipFamilies[" + i + "]", f, "must be IPv4 or IPv6");
      }
    }
    return out.isEmpty() ? List.of(IpFamily.IPV4) : out;
  }

  static PassThrough passThrough(AnnotationValues av, TrafficPolicy policy) {
    String key = CceAnnotations.ELB_PASS_THROUGH;
    String v = av.text(key);
    if (v == null) {
      return PassThrough.OFF;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "false":
        return PassThrough.OFF;
      case "true":
        return policy == TrafficPolicy.LOCAL ? PassThrough.ONLY_LOCAL : PassThrough.ON;
      case "onlylocal":
        if (policy == TrafficPolicy.LOCAL) {
          return PassThrough.ONLY_LOCAL;
        }
        av.problems().add(key, v,
            "onlyLocal needs externalTrafficPolicy: Local; use true (it becomes onlyLocal with Local)");
        return PassThrough.OFF;
      default:
        av.problems().add(key, v, "must be true, false or onlyLocal");
        return PassThrough.OFF;
    }
  }

  static @Nullable AclSpec acl(AnnotationValues av, LoadBalancerClass cls) {
    Problems problems = av.problems();
    List<String> ids = av.ids(CceAnnotations.ELB_ACL_ID, 5);
    Boolean enabled =
        av.oneOf(CceAnnotations.ELB_ACL_STATUS, AnnotationValues.words(
            Map.entry("on", Boolean.TRUE), Map.entry("true", Boolean.TRUE),
            Map.entry("off", Boolean.FALSE), Map.entry("false", Boolean.FALSE)));
    AclSpec.Type type =
        av.oneOf(CceAnnotations.ELB_ACL_TYPE, AnnotationValues.words(
            Map.entry("white", AclSpec.Type.WHITE), Map.entry("black", AclSpec.Type.BLACK)));
    boolean idPresent = av.isPresent(CceAnnotations.ELB_ACL_ID);
    for (String key : List.of(CceAnnotations.ELB_ACL_STATUS, CceAnnotations.ELB_ACL_TYPE)) {
      if (av.isSet(key) && !idPresent) {
        problems.add(key, av.text(key), "needs " + CceAnnotations.ELB_ACL_ID + "; set it or remove this");
      }
    }
    if (idPresent && cls == LoadBalancerClass.SHARED) {
      problems.add(CceAnnotations.ELB_ACL_ID, av.text(CceAnnotations.ELB_ACL_ID),
          "applies only to dedicated load balancers; set " + CceAnnotations.ELB_CLASS + ": performance or remove it");
      return null;
    }
    if (ids == null) {
      return null;
    }
    return new AclSpec(ids, enabled == null || enabled, type == null ? AclSpec.Type.WHITE : type);
  }

  static Map<String, String> tags(AnnotationValues av, @Nullable Attachment attachment) {
    String key = CceAnnotations.ELB_TAGS;
    Map<String, String> out = new LinkedHashMap<>();
    String v = av.text(key);
    if (v == null) {
      return out;
    }
    if (attachment instanceof Attachment.Existing) {
      av.problems().add(key, v, "applies only to auto-created load balancers; tag an existing one in the cloud"
          + " console, or remove it");
      return Map.of();
    }
    for (String pair : Texts.split(v)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq).trim();
      String val = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (eq < 0 || !TAG_KEY.matcher(k).matches() || !TAG_VALUE.matcher(val).matches()) {
        av.problems().add(key, v, "must be k1=v1,k2=v2 with keys of 1-36 and values of 0-43 letters, digits or"
            + " _.:/@-; '" + pair + "' is not one");
        return Map.of();
      }
      if (out.put(k, val) != null) {
        av.problems().add(key, v, "names tag key '" + k + "' twice");
        return Map.of();
      }
    }
    if (out.size() > MAX_TAGS) {
      av.problems().add(key, v, "must hold at most " + MAX_TAGS + " tags, got " + out.size());
      return Map.of();
    }
    return out;
  }
}
