package io.github.lbkit.fake;

import io.github.lbkit.api.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Probes members the way a health monitor does, on demand: a member's last result is reused until the
 * monitor's delay has passed, then probed again (TCP connect, or an HTTP GET expecting 2xx/3xx or the
 * configured codes). Without a monitor every member counts as healthy, as on a real load balancer.
 */
final class HealthTracker {

  private record Result(boolean healthy, Instant at) {}

  private final Supplier<@Nullable HealthCheck> check;
  private final Clock clock;
  private final Map<InetSocketAddress, Result> results = new ConcurrentHashMap<>();

  HealthTracker(Supplier<@Nullable HealthCheck> check, Clock clock) {
    this.check = Objects.requireNonNull(check, "check");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  boolean healthy(InetSocketAddress member) {
    HealthCheck hc = check.get();
    if (hc == null) {
      return true;
    }
    Instant now = clock.instant();
    Result last = results.get(member);
    if (last != null && Duration.between(last.at(), now).getSeconds() < hc.delaySeconds()) {
      return last.healthy();
    }
    boolean ok = probe(member, hc);
    results.put(member, new Result(ok, now));
    return ok;
  }

  static boolean probe(InetSocketAddress member, HealthCheck hc) {
    InetSocketAddress target =
        hc.monitorPort() != null ? new InetSocketAddress(member.getAddress(), hc.monitorPort()) : member;
    int timeoutMs = (int) Math.min(Duration.ofSeconds(hc.timeoutSeconds()).toMillis(), 2_000);
    try (Socket s = new Socket()) {
      s.connect(target, timeoutMs);
      if (hc.type() != HealthCheck.Type.HTTP) {
        return true;
      }
      s.setSoTimeout(timeoutMs);
      String path = hc.path() == null ? "/" : hc.path();
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.0\r\nHost: " + target.getHostString() + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      String statusLine = new String(head, StandardCharsets.US_ASCII);
      if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12) {
        return false;
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      return expected(status, hc.expectedCodes());
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  static boolean expected(int status, @Nullable String codes) {
    if (codes == null || codes.isBlank()) {
      return status >= 200 && status < 400;
    }
    for (String part : codes.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      try {
        if (dash > 0) {
          int lo = Integer.parseInt(p.substring(0, dash).trim());
          int hi = Integer.parseInt(p.substring(dash + 1).trim());
          if (status >= lo && status <= hi) {
            return true;
          }
        } else if (!p.isEmpty() && Integer.parseInt(p) == status) {
          return true;
        }
      } catch (NumberFormatException e) {
        // an unreadable range matches nothing
      }
    }
    return false;
  }
}
