package io.github.lbkit.api.plan;

import io.github.lbkit.api.ServiceKey;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The ownership marker lbkit writes on every cloud resource it creates: the cluster name and the Service UID.
 *
 * <p>Its text form, {@code lbkit:cluster=<cluster>,uid=<uid>}, goes where the cloud lets a resource carry free
 * text (a description, a tag value, an EIP alias). Two markers are equal exactly when cluster and UID are.
 *
 * @param clusterName the cluster name of the Service
 * @param uid the Service UID
 */
public record OwnerMarker(String clusterName, String uid) {

  /** The prefix of every marker's text form. */
  public static final String PREFIX = "lbkit:";

  /**
   * Validates that both parts are present and contain no separator.
   *
   * @param clusterName the cluster name of the Service
   * @param uid the Service UID
   */
  public OwnerMarker {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(uid, "uid");
    if (clusterName.isBlank() || uid.isBlank()) {
      throw new IllegalArgumentException("owner marker: cluster name and uid must not be blank");
    }
    if (clusterName.contains(",") || uid.contains(",")) {
      throw new IllegalArgumentException(
          "owner marker: cluster name and uid must not contain ','; got " + clusterName + " / " + uid);
    }
  }

  /**
   * Returns the marker of a Service.
   *
   * @param key the Service
   * @return its marker
   */
  public static OwnerMarker of(ServiceKey key) {
    Objects.requireNonNull(key, "key");
    return new OwnerMarker(key.clusterName(), key.uid());
  }

  /**
   * Parses a marker's text form leniently.
   *
   * @param text a description, tag value or alias; may be null or anything
   * @return the marker, or empty when the text is not an lbkit marker
   */
  public static Optional<OwnerMarker> parse(@Nullable String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = text.substring(PREFIX.length());
    String cluster = null;
    String uid = null;
    for (String part : rest.split(",", -1)) {
      if (part.startsWith("cluster=")) {
        cluster = part.substring("cluster=".length());
      } else if (part.startsWith("uid=")) {
        uid = part.substring("uid=".length());
      }
    }
    if (cluster == null || uid == null || cluster.isBlank() || uid.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new OwnerMarker(cluster, uid));
  }

  /**
   * Tells whether a resource's marker text is this marker.
   *
   * @param text the marker text found on a resource, or null when it has none
   * @return true when the text names this cluster and UID
   */
  public boolean matches(@Nullable String text) {
    return parse(text).map(this::equals).orElse(false);
  }

  /**
   * Returns the text form written onto resources.
   *
   * @return {@code lbkit:cluster=<cluster>,uid=<uid>}
   */
  public String value() {
    return PREFIX + "cluster=" + clusterName + ",uid=" + uid;
  }

  @Override
  public String toString() {
    return value();
  }
}
