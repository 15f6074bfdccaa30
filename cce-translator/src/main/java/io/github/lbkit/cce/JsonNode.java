package io.github.lbkit.cce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One parsed JSON value of an annotation: an object, an array, a string, a number, a boolean or null. Built by
 * {@link JsonValues} from Jackson 2's streaming parser, so the translator needs no data-binding library.
 */
final class JsonNode implements Iterable<JsonNode> {

  /** The kind of a JSON value. */
  enum Type {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    BOOLEAN,
    NULL
  }

  private final Type type;
  /** The text of a string, number or boolean; null for the others. */
  private final @Nullable String text;
  /** Whether a number is written without fraction or exponent. */
  private final boolean integral;
  private final Map<String, JsonNode> fields;
  private final List<JsonNode> items;

  private JsonNode(
      Type type, @Nullable String text, boolean integral, Map<String, JsonNode> fields, List<JsonNode> items) {
    this.type = type;
    this.text = text;
    this.integral = integral;
    this.fields = fields;
    this.items = items;
  }

  static JsonNode object(Map<String, JsonNode> fields) {
    return new JsonNode(Type.OBJECT, null, false, Collections.unmodifiableMap(new LinkedHashMap<>(fields)), List.of());
  }

  static JsonNode array(List<JsonNode> items) {
    return new JsonNode(Type.ARRAY, null, false, Map.of(), List.copyOf(items));
  }

  static JsonNode string(String text) {
    return new JsonNode(Type.STRING, text, false, Map.of(), List.of());
  }

  static JsonNode number(String text, boolean integral) {
    return new JsonNode(Type.NUMBER, text, integral, Map.of(), List.of());
  }

  static JsonNode bool(boolean value) {
    return new JsonNode(Type.BOOLEAN, Boolean.toString(value), false, Map.of(), List.of());
  }

  static JsonNode nullNode() {
    return new JsonNode(Type.NULL, null, false, Map.of(), List.of());
  }

  Type type() {
    return type;
  }

  boolean isObject() {
    return type == Type.OBJECT;
  }

  boolean isArray() {
    return type == Type.ARRAY;
  }

  boolean isString() {
    return type == Type.STRING;
  }

  boolean isNumber() {
    return type == Type.NUMBER;
  }

  boolean isBoolean() {
    return type == Type.BOOLEAN;
  }

  boolean isNull() {
    return type == Type.NULL;
  }

  boolean isIntegralNumber() {
    return type == Type.NUMBER && integral;
  }

  /** Whether this is an integral number that fits an {@code int}. */
  boolean canConvertToInt() {
    if (!isIntegralNumber() || text == null) {
      return false;
    }
    try {
      Integer.parseInt(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The value of an integral number that fits an {@code int}; see {@link #canConvertToInt()}. */
  int intValue() {
    if (!canConvertToInt() || text == null) {
      throw new IllegalStateException("not an int: " + this);
    }
    return Integer.parseInt(text);
  }

  /** The text of a string. */
  String stringValue() {
    if (type != Type.STRING || text == null) {
      throw new IllegalStateException("not a string: " + this);
    }
    return text;
  }

  /** The field names of an object, in document order; empty for other kinds. */
  Set<String> propertyNames() {
    return fields.keySet();
  }

  /** An object's field, or null when absent or not an object. */
  @Nullable JsonNode get(String field) {
    return fields.get(field);
  }

  /** An array's element, or null when out of range or not an array. */
  @Nullable JsonNode get(int index) {
    return index >= 0 && index < items.size() ? items.get(index) : null;
  }

  /** The number of an array's elements or an object's fields; 0 for the other kinds. */
  int size() {
    return type == Type.OBJECT ? fields.size() : items.size();
  }

  @Override
  public Iterator<JsonNode> iterator() {
    return type == Type.OBJECT ? new ArrayList<>(fields.values()).iterator() : items.iterator();
  }

  /** Compact JSON text of this value. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    write(sb);
    return sb.toString();
  }

  private void write(StringBuilder sb) {
    switch (type) {
      case OBJECT -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          quote(sb, e.getKey());
          sb.append(':');
          e.getValue().write(sb);
        }
        sb.append('}');
      }
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          items.get(i).write(sb);
        }
        sb.append(']');
      }
      case STRING -> quote(sb, text == null ? "" : text);
      case NULL -> sb.append("null");
      default -> sb.append(text);
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
