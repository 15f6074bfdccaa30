package io.github.lbkit.huaweicloud.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** IP address tests on literals: CIDR membership and private IPv4. Never resolves a name. Pure. */
final class Cidrs {

  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private Cidrs() {}

  /** Returns the bytes of an IP literal, or null when the text is not one. */
  static byte @Nullable [] bytes(@Nullable String literal) {
    if (literal == null || !LITERAL.matcher(literal).matches()
        || (!literal.contains(":") && !IPV4.matcher(literal).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether an IP literal lies in a CIDR of its own family; false for anything malformed. */
  static boolean contains(@Nullable String cidr, String address) {
    if (cidr == null) {
      return false;
    }
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return false;
    }
    byte[] net = bytes(cidr.substring(0, slash));
    byte[] a = bytes(address);
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (net == null || a == null || net.length != a.length || bits < 0 || bits > a.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[i / 8] & mask) != (net[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an address is an IPv4 literal. */
  static boolean isIpv4(String address) {
    byte[] b = bytes(address);
    return b != null && b.length == 4;
  }

  /** Whether an address is a private IPv4 address (RFC 1918), which v3 IP-as-backend members require. */
  static boolean isPrivateIpv4(String address) {
    return contains("10.0.0.0/8", address) || contains("172.16.0.0/12", address)
        || contains("192.168.0.0/16", address);
  }
}
