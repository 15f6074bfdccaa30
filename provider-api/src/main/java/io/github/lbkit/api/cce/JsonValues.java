package io.github.lbkit.api.cce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses JSON-valued annotations and reads their fields. A malformed value is reported with the line and
 * column where parsing stopped; every JSON number may also be written as a string, as CCE documents.
 */
final class JsonValues {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonValues() {}

  /**
   * Parses a value that must be a JSON object or array.
   *
   * @return the node, or null after reporting a problem
   */
  static @Nullable JsonNode parse(String key, String text, boolean array, Problems problems) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JacksonException e) {
      problems.add(key, text, "must be valid JSON: " + describe(e));
      return null;
    }
    if (node == null || node.isMissingNode()) {
      problems.add(key, text, "must be a JSON " + (array ? "array" : "object") + ", got nothing");
      return null;
    }
    if (array ? !node.isArray() : !node.isObject()) {
      problems.add(key, text, "must be a JSON " + (array ? "array of objects" : "object") + ", got " + kind(node));
      return null;
    }
    return node;
  }

  private static String describe(JacksonException e) {
    String msg = e.getOriginalMessage();
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    TokenStreamLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      return msg + " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
    return msg;
  }

  static String kind(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isString()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  /** Reads the fields of one JSON object of an annotation, reporting each bad field against the key. */
  static final class Fields {
    private final String key;
    private final String where;
    private final JsonNode object;
    private final Problems problems;

    /**
     * Wraps an object and reports its unknown fields.
     *
     * @param where a prefix for field names in messages, for example {@code "[1]."}, or {@code ""}
     */
    Fields(String key, String where, JsonNode object, Set<String> known, Problems problems) {
      this.key = key;
      this.where = where;
      this.object = object;
      this.problems = problems;
      for (String name : object.propertyNames()) {
        if (!known.contains(name)) {
          problems.add(
              key, name, "unknown field " + where + name + "; known fields are " + String.join(", ", sorted(known)));
        }
      }
    }

    boolean has(String field) {
      JsonNode n = object.get(field);
      return n != null && !n.isNull();
    }

    /** A string field, or null when absent or (after a problem) not a string. */
    @Nullable String string(String field) {
      JsonNode n = object.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isString()) {
        problems.add(key, n.toString(), "field " + where + field + " must be a string, got " + kind(n));
        return null;
      }
      return n.stringValue();
    }

    /** An integer field within a range, written as a number or a string; null when absent or bad. */
    @Nullable Integer integer(String field, int min, int max, String unit) {
      JsonNode n = object.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      String range = min + "-" + max + (unit.isEmpty() ? "" : " " + unit);
      Integer v = null;
      if (n.isIntegralNumber() && n.canConvertToInt()) {
        v = n.intValue();
      } else if (n.isString()) {
        v = Texts.parseInt(n.stringValue());
      }
      String shown = n.isString() ? n.stringValue() : n.toString();
      if (v == null) {
        problems.add(key, shown, "field " + where + field + " must be an integer " + range + ", got " + kind(n));
        return null;
      }
      if (v < min || v > max) {
        problems.add(key, shown, "field " + where + field + " must be " + range);
        return null;
      }
      return v;
    }

    /** An array of non-blank strings, or null when absent or bad. */
    @Nullable List<String> strings(String field) {
      JsonNode n = object.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isArray()) {
        problems.add(key, n.toString(), "field " + where + field + " must be an array of strings, got " + kind(n));
        return null;
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : n) {
        if (!e.isString() || e.stringValue().isBlank()) {
          problems.add(key, n.toString(), "field " + where + field + " must hold non-empty strings only");
          return null;
        }
        out.add(e.stringValue().trim());
      }
      return out;
    }

    void problem(String field, @Nullable String value, String rule) {
      problems.add(key, value, "field " + where + field + " " + rule);
    }

    private static List<String> sorted(Set<String> names) {
      List<String> l = new ArrayList<>(names);
      l.sort(null);
      return l;
    }
  }
}
