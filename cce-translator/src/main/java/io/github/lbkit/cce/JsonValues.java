package io.github.lbkit.cce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses JSON-valued annotations and reads their fields. A malformed value is reported with the line and
 * column where parsing stopped; every JSON number may also be written as a string, as CCE documents.
 *
 * <p>Parsing uses Jackson 2's streaming {@code jackson-core} only (no data binding): it keeps line and column
 * positions and has no version traps with the Jackson that a host or fabric8 brings.
 */
final class JsonValues {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonValues() {}

  /**
   * Parses a value that must be a JSON object or array.
   *
   * @return the node, or null after reporting a problem
   */
  static @Nullable JsonNode parse(String key, String text, boolean array, Problems problems) {
    JsonNode node;
    try {
      node = read(text);
    } catch (JsonProcessingException e) {
      problems.add(key, text, "must be valid JSON: " + describe(e));
      return null;
    } catch (IOException e) {
      problems.add(key, text, "must be valid JSON: " + e.getMessage());
      return null;
    }
    if (node == null) {
      problems.add(key, text, "must be a JSON " + (array ? "array" : "object") + ", got nothing");
      return null;
    }
    if (array ? !node.isArray() : !node.isObject()) {
      problems.add(key, text, "must be a JSON " + (array ? "array of objects" : "object") + ", got " + kind(node));
      return null;
    }
    return node;
  }

  /** Reads one JSON value and refuses anything after it; null for blank text. */
  static @Nullable JsonNode read(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      JsonNode node = value(p, first);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new JsonParseException(
            p, "Trailing token (of type " + trailing + ") found after value", p.currentTokenLocation());
      }
      return node;
    }
  }

  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
          String name = p.currentName();
          if (fields.containsKey(name)) {
            throw new JsonParseException(p, "Duplicate Object property \"" + name + "\"", p.currentTokenLocation());
          }
          JsonToken v = p.nextToken();
          fields.put(name, value(p, v));
        }
        return JsonNode.object(fields);
      }
      case START_ARRAY -> {
        List<JsonNode> items = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          items.add(value(p, n));
        }
        return JsonNode.array(items);
      }
      case VALUE_STRING -> {
        return JsonNode.string(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return JsonNode.number(p.getText(), true);
      }
      case VALUE_NUMBER_FLOAT -> {
        return JsonNode.number(p.getText(), false);
      }
      case VALUE_TRUE -> {
        return JsonNode.bool(true);
      }
      case VALUE_FALSE -> {
        return JsonNode.bool(false);
      }
      case VALUE_NULL -> {
        return JsonNode.nullNode();
      }
      default -> throw new JsonParseException(p, "Unexpected token " + t, p.currentTokenLocation());
    }
  }

  private static String describe(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    JsonLocation loc = e.getLocation();
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
    return node.isNull() ? "null" : node.type().toString().toLowerCase(Locale.ROOT);
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
