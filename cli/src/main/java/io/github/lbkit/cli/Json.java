package io.github.lbkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@code -o json} documents: maps built in a fixed key order, so field names and order are stable.
 */
final class Json {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  /**
   * Renders a document.
   *
   * @param document maps, lists, strings, numbers, booleans and nulls
   * @return the JSON text, indented, without a final newline
   */
  static String write(Object document) {
    return MAPPER.writeValueAsString(document);
  }

  /**
   * Starts an ordered object.
   *
   * @return an empty map that keeps insertion order
   */
  static Map<String, @Nullable Object> object() {
    return new LinkedHashMap<>();
  }
}
