package io.github.lbkit.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What lbkit recorded on a Service when it first attached it to a load balancer: the class, the load
 * balancer's id, whether it was auto-created, and a digest of the {@code kubernetes.io/elb.autocreate} value.
 *
 * <p>CCE documents {@code elb.class}, {@code elb.id} and {@code elb.autocreate} as fixed after creation. The
 * record, written back onto the Service as the annotation {@value #ANNOTATION}, is how the translator detects
 * a later change and refuses it before any cloud call. It also tells a written-back {@code elb.id} (ours,
 * after auto-creation) from one a user set next to {@code elb.autocreate} (refused).
 *
 * @param loadBalancerClass the class the load balancer was created or attached with
 * @param loadBalancerId the load balancer's id
 * @param autoCreated true when lbkit created it for this Service
 * @param autoCreateDigest a digest of the canonical {@code elb.autocreate} JSON, when auto-created
 */
public record CreationRecord(
    LoadBalancerClass loadBalancerClass,
    String loadBalancerId,
    boolean autoCreated,
    @Nullable String autoCreateDigest) {

  /** The annotation the record is written to. */
  public static final String ANNOTATION = "lbkit.io/creation-record";

  /**
   * Validates the id.
   *
   * @param loadBalancerClass the class the load balancer was created or attached with
   * @param loadBalancerId the load balancer's id
   * @param autoCreated true when lbkit created it for this Service
   * @param autoCreateDigest a digest of the canonical {@code elb.autocreate} JSON, when auto-created
   */
  public CreationRecord {
    Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
    ServiceKey.requireText(loadBalancerId, "loadBalancerId");
    if (loadBalancerId.contains(",") || loadBalancerId.contains("=")) {
      throw new IllegalArgumentException("load balancer id must not contain ',' or '=': " + loadBalancerId);
    }
  }

  /**
   * Returns the annotation value, for example {@code class=union,id=5d2c…,origin=autocreate,autocreate=9f86…}.
   *
   * @return the value
   */
  public String toAnnotation() {
    StringBuilder sb = new StringBuilder();
    sb.append("class=").append(loadBalancerClass.annotationValue());
    sb.append(",id=").append(loadBalancerId);
    sb.append(",origin=").append(autoCreated ? "autocreate" : "existing");
    if (autoCreateDigest != null) {
      sb.append(",autocreate=").append(autoCreateDigest);
    }
    return sb.toString();
  }

  /**
   * Parses an annotation value written by {@link #toAnnotation()}.
   *
   * @param value the value
   * @return the record
   * @throws IllegalArgumentException when the value is not a record
   */
  public static CreationRecord parse(String value) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : value.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value pairs separated by ',', got '" + part + "'");
      }
      parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    String clazz = parts.get("class");
    LoadBalancerClass lbClass = null;
    for (LoadBalancerClass c : LoadBalancerClass.values()) {
      if (c.annotationValue().equals(clazz)) {
        lbClass = c;
      }
    }
    if (lbClass == null) {
      throw new IllegalArgumentException("class must be union or performance, got " + clazz);
    }
    String id = parts.get("id");
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("id is missing");
    }
    String origin = parts.get("origin");
    if (!"autocreate".equals(origin) && !"existing".equals(origin)) {
      throw new IllegalArgumentException("origin must be autocreate or existing, got " + origin);
    }
    return new CreationRecord(lbClass, id, origin.equals("autocreate"), parts.get("autocreate"));
  }

  /**
   * Parses a value, or returns null when it is absent or not a record.
   *
   * @param value the value, possibly null
   * @return the record or null
   */
  public static @Nullable CreationRecord parseLenient(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
