package io.github.lbkit.cce;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Small parsing helpers shared by the annotation readers. */
final class Texts {

  /** Cloud resource ids: UUIDs, 32-hex ids and similar. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** Load balancer and bandwidth names. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private Texts() {}

  /** Parses a decimal int, or null when the text is not one. */
  static @Nullable Integer parseInt(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-')) {
      return null;
    }
    try {
      return Integer.valueOf(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Splits a comma-separated list, trimming items; an empty item is kept as "" for the caller to report. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",", -1)) {
      out.add(s.trim());
    }
    return out;
  }

  static boolean isIpv4(String s) {
    return IPV4.matcher(s).matches();
  }

  static boolean isIpv6(String s) {
    if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
      return false;
    }
    try {
      // A literal containing ':' is parsed, never looked up.
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Whether a text is an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/64. */
  static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash <= 0 || slash != s.lastIndexOf('/')) {
      return false;
    }
    String ip = s.substring(0, slash);
    Integer bits = parseInt(s.substring(slash + 1));
    if (bits == null || bits < 0 || s.substring(slash + 1).startsWith("-")) {
      return false;
    }
    if (isIpv4(ip)) {
      return bits <= 32;
    }
    return isIpv6(ip) && bits <= 128;
  }
}
