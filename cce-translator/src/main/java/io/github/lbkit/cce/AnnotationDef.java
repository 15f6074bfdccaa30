package io.github.lbkit.cce;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one Service annotation of the CCE dialect: its type, default, allowed values, whether it
 * may change after creation, what it excludes, which load balancer class it applies to, and its doc. The
 * catalogue {@link CceAnnotations} holds every one; {@link AnnotationDocs} renders them.
 *
 * @param key the full annotation key, for example {@code kubernetes.io/elb.class}
 * @param type the kind of value
 * @param defaultValue the value used when the annotation is absent, as the user would write it, or null for
 *     none
 * @param allowed the allowed values and ranges, in words
 * @param mutability whether the value may change after the load balancer is created
 * @param excludes keys (or {@code key=value} conditions) that may not be set together with this one
 * @param appliesTo the load balancer class it applies to
 * @param doc one line saying what it does
 * @param fields the fields of a JSON value, empty for other types
 */
public record AnnotationDef(
    String key,
    ValueType type,
    @Nullable String defaultValue,
    String allowed,
    Mutability mutability,
    List<String> excludes,
    Applies appliesTo,
    String doc,
    List<JsonFieldDef> fields) {

  /**
   * Validates the parts and copies the lists.
   *
   * @param key the full annotation key, for example {@code kubernetes.io/elb.class}
   * @param type the kind of value
   * @param defaultValue the value used when the annotation is absent, as the user would write it, or null for
   *     none
   * @param allowed the allowed values and ranges, in words
   * @param mutability whether the value may change after the load balancer is created
   * @param excludes keys (or {@code key=value} conditions) that may not be set together with this one
   * @param appliesTo the load balancer class it applies to
   * @param doc one line saying what it does
   * @param fields the fields of a JSON value, empty for other types
   */
  public AnnotationDef {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(mutability, "mutability");
    Objects.requireNonNull(appliesTo, "appliesTo");
    Objects.requireNonNull(doc, "doc");
    excludes = List.copyOf(excludes);
    fields = List.copyOf(fields);
  }

  /** The kind of value an annotation or JSON field holds; every value is a string on the Service. */
  public enum ValueType {
    /** Free text. */
    STRING,
    /** A cloud resource id. */
    ID,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A decimal integer. */
    INTEGER,
    /** One of a fixed set of words. */
    ENUM,
    /** A comma-separated list. */
    LIST,
    /** Comma-separated {@code key=value} pairs. */
    KEY_VALUES,
    /** A JSON object. */
    JSON_OBJECT,
    /** A JSON array of objects. */
    JSON_ARRAY,
    /** A JSON array of strings. */
    STRING_ARRAY
  }

  /** Whether a value may change once the load balancer exists. */
  public enum Mutability {
    /** Changes are applied to the load balancer. */
    MUTABLE,
    /** Refused after creation: the Service must be recreated to change it. */
    FIXED,
    /** Read only when the load balancer is created; later changes have no effect. */
    CREATION_ONLY,
    /** Written by lbkit; do not set or change it. */
    WRITTEN_BACK
  }

  /** The load balancer class an annotation or field applies to. */
  public enum Applies {
    /** Shared and dedicated. */
    ALL,
    /** Shared ({@code union}) only. */
    SHARED,
    /** Dedicated ({@code performance}) only. */
    DEDICATED
  }
}
