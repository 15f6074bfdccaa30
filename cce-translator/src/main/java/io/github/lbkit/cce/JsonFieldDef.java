package io.github.lbkit.cce;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one field of a JSON-valued annotation, such as {@code bandwidth_size} of
 * {@code kubernetes.io/elb.autocreate}. Numbers may be written as JSON strings or numbers.
 *
 * @param name the field name
 * @param type the kind of value
 * @param required when the field is required, in words (for example "when type is public"), or null when
 *     optional
 * @param defaultValue the default, or null for none
 * @param allowed the allowed values and ranges, in words
 * @param appliesTo the load balancer class it applies to
 * @param doc one line saying what it does
 */
public record JsonFieldDef(
    String name,
    AnnotationDef.ValueType type,
    @Nullable String required,
    @Nullable String defaultValue,
    String allowed,
    AnnotationDef.Applies appliesTo,
    String doc) {

  /**
   * Validates the parts.
   *
   * @param name the field name
   * @param type the kind of value
   * @param required when the field is required, in words (for example "when type is public"), or null when
   *     optional
   * @param defaultValue the default, or null for none
   * @param allowed the allowed values and ranges, in words
   * @param appliesTo the load balancer class it applies to
   * @param doc one line saying what it does
   */
  public JsonFieldDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(appliesTo, "appliesTo");
    Objects.requireNonNull(doc, "doc");
  }
}
