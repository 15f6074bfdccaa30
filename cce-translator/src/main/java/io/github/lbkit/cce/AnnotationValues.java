package io.github.lbkit.cce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Service's annotations with their types, reporting each invalid value as a problem that names the
 * key, the value and the rule. A reader returns null both for an absent and for an invalid value; callers
 * that check combinations use {@link #isSet} so that one bad value does not also count as missing.
 */
final class AnnotationValues {

  private final Map<String, String> annotations;
  private final Problems problems;

  AnnotationValues(Map<String, String> annotations, Problems problems) {
    this.annotations = annotations;
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  /** Whether the annotation is present with a non-blank value (valid or not). */
  boolean isSet(String key) {
    String v = annotations.get(key);
    return v != null && !v.isBlank();
  }

  /** Whether the annotation is present at all, even empty. */
  boolean isPresent(String key) {
    return annotations.containsKey(key) && annotations.get(key) != null;
  }

  /** The trimmed value, or null when absent, blank, or too long (reported). */
  @Nullable String text(String key) {
    String v = annotations.get(key);
    if (v == null) {
      return null;
    }
    if (v.length() > CceAnnotations.MAX_VALUE_LENGTH) {
      problems.add(
          key,
          v.substring(0, 64),
          "must be at most " + CceAnnotations.MAX_VALUE_LENGTH + " characters, got " + v.length());
      return null;
    }
    String t = v.trim();
    return t.isEmpty() ? null : t;
  }

  @Nullable Boolean bool(String key) {
    String v = text(key);
    if (v == null) {
      return null;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        problems.add(key, v, "must be true or false");
        yield null;
      }
    };
  }

  @Nullable Integer integer(String key, int min, int max, String unit) {
    String v = text(key);
    if (v == null) {
      return null;
    }
    Integer i = Texts.parseInt(v);
    String range = min + "-" + max + (unit.isEmpty() ? "" : " " + unit);
    if (i == null) {
      problems.add(key, v, "must be an integer " + range);
      return null;
    }
    if (i < min || i > max) {
      problems.add(key, v, "must be " + range);
      return null;
    }
    return i;
  }

  /** One of the given words (matched exactly as written in the map), or null. */
  <E> @Nullable E oneOf(String key, Map<String, E> allowed) {
    String v = text(key);
    if (v == null) {
      return null;
    }
    E e = allowed.get(v);
    if (e == null) {
      problems.add(key, v, "must be one of " + String.join(", ", allowed.keySet()));
    }
    return e;
  }

  /** A cloud resource id, or null. */
  @Nullable String id(String key) {
    return matching(key, Texts.ID, "must be an id of 1-64 letters, digits, '-' or '_'");
  }

  @Nullable String matching(String key, Pattern pattern, String rule) {
    String v = text(key);
    if (v == null) {
      return null;
    }
    if (!pattern.matcher(v).matches()) {
      problems.add(key, v, rule);
      return null;
    }
    return v;
  }

  /** A comma-separated list of ids, or null when absent; an empty value gives an empty list. */
  @Nullable List<String> ids(String key, int max) {
    if (!isPresent(key)) {
      return null;
    }
    String v = text(key);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String item : Texts.split(v)) {
      if (!Texts.ID.matcher(item).matches()) {
        problems.add(key, v, "must be comma-separated ids of 1-64 letters, digits, '-' or '_'; '" + item
            + "' is not one");
        return null;
      }
      if (!out.contains(item)) {
        out.add(item);
      }
    }
    if (out.size() > max) {
      problems.add(key, v, "must name at most " + max + " ids, got " + out.size());
      return null;
    }
    return out;
  }

  /** Ordered map helper for {@link #oneOf}. */
  @SafeVarargs
  static <E> Map<String, E> words(Map.Entry<String, E>... entries) {
    Map<String, E> m = new LinkedHashMap<>();
    for (Map.Entry<String, E> e : entries) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }
}
