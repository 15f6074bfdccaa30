package io.github.lbkit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a Service: where (an annotation key or a field path), the value found, and the rule it
 * breaks.
 *
 * @param key the annotation key (for example {@code kubernetes.io/elb.lb-algorithm}) or the field path (for
 *     example {@code spec.ports[1].protocol})
 * @param value the offending value as found, or {@code null} when the problem is that it is missing
 * @param rule the rule, phrased so that it says what to do (for example "must be one of ROUND_ROBIN,
 *     LEAST_CONNECTIONS, SOURCE_IP")
 */
public record Problem(String key, @Nullable String value, String rule) {

  /**
   * Validates that key and rule are present.
   *
   * @param key the annotation key (for example {@code kubernetes.io/elb.lb-algorithm}) or the field path (for
   *     example {@code spec.ports[1].protocol})
   * @param value the offending value as found, or {@code null} when the problem is that it is missing
   * @param rule the rule, phrased so that it says what to do (for example "must be one of ROUND_ROBIN,
   *     LEAST_CONNECTIONS, SOURCE_IP")
   */
  public Problem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(rule, "rule");
  }

  @Override
  public String toString() {
    return value == null ? key + ": " + rule : key + "=" + quote(value) + ": " + rule;
  }

  private static String quote(String value) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "…" : value;
    return "\"" + shown + "\"";
  }
}
