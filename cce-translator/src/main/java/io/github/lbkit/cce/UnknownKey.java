package io.github.lbkit.cce;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An annotation key in a namespace lbkit reads ({@code kubernetes.io/elb.*} or {@code lbkit.io/*}) that is
 * neither in the catalogue nor otherwise known, most likely a misspelling: lbkit ignores it, so whatever it was
 * meant to set silently keeps its default. Found by {@link CceAnnotations#unknownKeys}.
 *
 * @param key the key as written on the Service
 * @param suggestion the known key closest to it, or null when none is close enough to be a likely fix
 */
public record UnknownKey(String key, @Nullable String suggestion) {

  /**
   * Validates that the key is present.
   *
   * @param key the key as written on the Service
   * @param suggestion the known key closest to it, or null when none is close enough to be a likely fix
   */
  public UnknownKey {
    Objects.requireNonNull(key, "key");
  }

  /**
   * Says what is wrong and what to do, without the key itself, as the rule of a problem about the key.
   *
   * @return for example "unknown annotation; did you mean kubernetes.io/elb.autocreate? lbkit ignores this key:
   *     rename it, or remove it"
   */
  public String rule() {
    return suggestion == null
        ? "unknown annotation: neither lbkit nor CCE has this key, and lbkit ignores it; check its spelling"
            + " against docs/annotations.md, or remove it"
        : "unknown annotation; did you mean " + suggestion + "? lbkit ignores this key: rename it, or remove it";
  }
}
