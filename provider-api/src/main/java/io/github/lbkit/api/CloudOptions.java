package io.github.lbkit.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings that only one provider understands, carried through the generic model without the model knowing them.
 *
 * <p>Keys are namespaced by the provider that reads them: the provider's id, a dot, and the setting, for example
 * {@code huaweicloud.bandwidth.size}. A front end (such as the CCE translator) writes them; the provider parses the
 * keys of its own namespace into its own typed settings, validates them before its first cloud call, and ignores
 * every other namespace. So provider-api and front ends never depend on a provider, and the planner never reads
 * an option.
 *
 * <p>Values are strings; each provider documents its keys, their format and their default. An <b>absent key
 * means "provider default"</b>: the provider uses what it does when the setting is not given (often the cloud's own
 * default). There is no way to set an option to "null"; leave the key out instead.
 *
 * <p>Immutable, with value equality: two option sets are equal when they hold the same keys and values, in any
 * order. Iteration follows the order the keys were given in.
 *
 * @param values the options, by namespaced key
 */
public record CloudOptions(Map<String, String> values) {

  /** No options: every provider uses its defaults. */
  public static final CloudOptions NONE = new CloudOptions(Map.of());

  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[A-Za-z0-9_-]+)+");

  /**
   * Validates every key and copies the map.
   *
   * @param values the options, by namespaced key ({@code provider.setting}); values must not be null
   */
  public CloudOptions {
    Objects.requireNonNull(values, "values");
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "option key");
          if (!KEY.matcher(k).matches()) {
            throw new IllegalArgumentException(
                "cloud option key '" + k + "' must be namespaced: a provider id, a dot and the setting, for"
                    + " example huaweicloud.bandwidth.size");
          }
          copy.put(k, Objects.requireNonNull(v, () -> "cloud option " + k + " has a null value; leave it out"));
        });
    values = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the options of the given map.
   *
   * @param values the options, by namespaced key
   * @return the options
   */
  public static CloudOptions of(Map<String, String> values) {
    return values.isEmpty() ? NONE : new CloudOptions(values);
  }

  /**
   * Returns one option.
   *
   * @param key the namespaced key
   * @return its value, or null when absent (the provider's default)
   */
  public @Nullable String get(String key) {
    return values.get(key);
  }

  /**
   * Returns a copy with one option set (replacing an earlier value of the same key).
   *
   * @param key the namespaced key
   * @param value its value
   * @return the new options
   */
  public CloudOptions with(String key, String value) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new CloudOptions(copy);
  }

  /**
   * Returns the options of one namespace.
   *
   * @param namespace a provider id, for example {@code huaweicloud}
   * @return the options whose key starts with the namespace and a dot, in order
   */
  public Map<String, String> namespace(String namespace) {
    String prefix = namespace + ".";
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k, v);
          }
        });
    return Collections.unmodifiableMap(out);
  }

  /**
   * Tells whether no option is set.
   *
   * @return true for {@link #NONE}
   */
  public boolean isEmpty() {
    return values.isEmpty();
  }
}
