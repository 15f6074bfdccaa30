package io.github.lbkit.huaweicloud;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A limit Huawei Cloud documents for one API operation, stricter than the account-wide rate: at most {@code calls}
 * calls in any window of {@code period}. The provider spaces its calls of that operation to fit, instead of meeting
 * {@code 429 APIG.0308} answers (for example shared ELB member creation, documented at 200 calls per minute).
 *
 * @param calls the most calls in any window; at least 1
 * @param period the window; at least one millisecond
 */
public record OperationLimit(int calls, Duration period) {

  /**
   * Validates the limit.
   *
   * @param calls the most calls in any window; at least 1
   * @param period the window; at least one millisecond
   */
  public OperationLimit {
    Objects.requireNonNull(period, "period");
    if (calls < 1) {
      throw new IllegalArgumentException("an operation limit allows at least 1 call per period, got " + calls);
    }
    if (period.toMillis() < 1) {
      throw new IllegalArgumentException("an operation limit's period is at least 1 ms, got " + period);
    }
  }

  /**
   * Parses a list of limits as the configuration key {@code huaweicloud.rateLimit.operations} takes it:
   * {@code operation=calls/period} entries separated by commas, for example {@code createMember=200/1m}; the
   * period in the units {@code ms}, {@code s} or {@code m}. {@code none} (or an empty value) is no limit at all.
   *
   * @param key the configuration key, for error messages
   * @param value the value
   * @return the limits by operation name, in the order given
   * @throws IllegalArgumentException naming the key, the entry and the expected form when it does not parse
   */
  public static Map<String, OperationLimit> parseAll(String key, String value) {
    Map<String, OperationLimit> out = new LinkedHashMap<>();
    String v = value.strip();
    if (v.isEmpty() || v.equalsIgnoreCase("none")) {
      return Map.of();
    }
    for (String entry : v.split(",")) {
      String e = entry.strip();
      int eq = e.indexOf('=');
      int slash = e.indexOf('/', Math.max(eq, 0));
      if (eq <= 0 || slash < 0) {
        throw invalid(key, e, null);
      }
      String op = e.substring(0, eq).strip();
      try {
        int calls = Integer.parseInt(e.substring(eq + 1, slash).strip());
        Duration period = parsePeriod(e.substring(slash + 1).strip().toLowerCase(Locale.ROOT));
        if (out.put(op, new OperationLimit(calls, period)) != null) {
          throw new IllegalArgumentException(
              "huaweicloud configuration: " + key + " names operation " + op + " twice; give each once");
        }
      } catch (NumberFormatException ex) {
        throw invalid(key, e, ex);
      } catch (IllegalArgumentException ex) {
        if (ex.getMessage() != null && ex.getMessage().startsWith("huaweicloud configuration")) {
          throw ex;
        }
        throw invalid(key, e, ex);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static Duration parsePeriod(String p) {
    if (p.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(p.substring(0, p.length() - 2).strip()));
    }
    if (p.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(p.substring(0, p.length() - 1).strip()));
    }
    if (p.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(p.substring(0, p.length() - 1).strip()));
    }
    throw new NumberFormatException("no unit: " + p);
  }

  private static IllegalArgumentException invalid(String key, String entry, Exception cause) {
    return new IllegalArgumentException("huaweicloud configuration: " + key + " entry '" + entry
        + "' is not operation=calls/period; write for example createMember=200/1m (periods in ms, s or m), "
        + "several separated by commas, or none", cause);
  }

  /**
   * Writes the limits back in the form {@link #parseAll} reads.
   *
   * @param limits the limits by operation name
   * @return for example {@code createMember=200/60000ms}, or {@code none}
   */
  public static String format(Map<String, OperationLimit> limits) {
    if (limits.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    limits.forEach((op, l) -> {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(op).append('=').append(l.calls()).append('/').append(l.period().toMillis()).append("ms");
    });
    return b.toString();
  }
}
