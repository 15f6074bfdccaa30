package io.github.lbkit.cli;

import java.util.Locale;

/** The output format chosen with {@code -o}. */
enum Format {
  /** Lines for people; the default. */
  TEXT,
  /** One JSON document for scripts. */
  JSON;

  /**
   * Reads the format option.
   *
   * @param command the command's name, for messages
   * @param value the option's value, or null for the default
   * @return the format
   * @throws UsageException on any other value than {@code text} or {@code json}
   */
  static Format of(String command, @org.jspecify.annotations.Nullable String value) {
    if (value == null) {
      return TEXT;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new UsageException(command + ": -o must be text or json, got '" + value + "'");
    };
  }
}
