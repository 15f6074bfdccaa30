package io.github.lbkit.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * String settings handed to a {@link LoadBalancerProviderFactory}, such as region, endpoints or the provider to
 * choose. Keys are dotted names, for example {@code huaweicloud.region}; values never show in
 * {@link #toString()} when the key looks secret.
 *
 * @param properties the settings
 */
public record ProviderConfig(Map<String, String> properties) {

  /** The setting (and system property) that names the provider to use. */
  public static final String PROVIDER = "lbkit.provider";

  /**
   * Copies the map.
   *
   * @param properties the settings
   */
  public ProviderConfig {
    properties = Map.copyOf(properties);
  }

  /**
   * An empty configuration.
   *
   * @return the configuration
   */
  public static ProviderConfig empty() {
    return new ProviderConfig(Map.of());
  }

  /**
   * A configuration from key/value pairs.
   *
   * @param keysAndValues alternating keys and values
   * @return the configuration
   */
  public static ProviderConfig of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new ProviderConfig(m);
  }

  /**
   * Returns a setting.
   *
   * @param key the key
   * @return the value, or empty
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(properties.get(key));
  }

  /**
   * Returns a setting, or a default.
   *
   * @param key the key
   * @param defaultValue the default
   * @return the value or the default
   */
  public String get(String key, String defaultValue) {
    return properties.getOrDefault(key, defaultValue);
  }

  /**
   * Returns a required setting.
   *
   * @param key the key
   * @return the value
   * @throws IllegalArgumentException naming the key when it is missing
   */
  public String require(String key) {
    String v = properties.get(Objects.requireNonNull(key, "key"));
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("provider configuration: " + key + " is required");
    }
    return v;
  }

  /**
   * Returns a copy with one more setting.
   *
   * @param key the key
   * @param value the value, or null to remove it
   * @return the new configuration
   */
  public ProviderConfig with(String key, @Nullable String value) {
    Map<String, String> m = new LinkedHashMap<>(properties);
    if (value == null) {
      m.remove(key);
    } else {
      m.put(key, value);
    }
    return new ProviderConfig(m);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ProviderConfig{");
    properties.keySet().stream()
        .sorted()
        .forEach(
            k -> {
              if (sb.length() > "ProviderConfig{".length()) {
                sb.append(", ");
              }
              sb.append(k).append('=').append(isSecret(k) ? "****" : properties.get(k));
            });
    return sb.append('}').toString();
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    // Access key ids are not secret on their own, but they name an account and pair with the secret: hide both.
    return k.contains("secret") || k.contains("password") || k.contains("token") || k.endsWith(".sk")
        || k.endsWith(".ak") || k.contains("accesskey") || k.contains("access-key") || k.contains("access_key")
        || k.contains("credential");
  }
}
