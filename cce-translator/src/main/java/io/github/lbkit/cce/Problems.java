package io.github.lbkit.cce;

import io.github.lbkit.api.Problem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects every problem of one translation, so that all are reported at once. */
final class Problems {

  private final List<Problem> list = new ArrayList<>();

  void add(String key, @Nullable String value, String rule) {
    Problem p = new Problem(key, value, rule);
    if (!list.contains(p)) {
      list.add(p);
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  List<Problem> list() {
    return List.copyOf(list);
  }
}
