package io.github.lbkit.api;

import java.util.Objects;

/**
 * The identity of one Service as a load balancer owner: the cluster it lives in, its namespace and name, and
 * its UID.
 *
 * <p>Providers mark every cloud resource they create with {@link #clusterName()} and {@link #uid()} so that
 * they can find it again before creating (a crash between "created" and "recorded" must never yield a second
 * load balancer) and so that they never touch a resource another Service or cluster owns.
 *
 * @param clusterName the name of the cluster, unique among the clusters sharing one cloud account
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param uid the Service's {@code metadata.uid}
 */
public record ServiceKey(String clusterName, String namespace, String name, String uid) {

  /**
   * Validates that every part is present and not blank.
   *
   * @param clusterName the name of the cluster, unique among the clusters sharing one cloud account
   * @param namespace the Service's namespace
   * @param name the Service's name
   * @param uid the Service's {@code metadata.uid}
   */
  public ServiceKey {
    requireText(clusterName, "clusterName");
    requireText(namespace, "namespace");
    requireText(name, "name");
    requireText(uid, "uid");
  }

  /**
   * Returns {@code namespace/name}, the key Kubernetes tools print.
   *
   * @return the namespaced name
   */
  public String namespacedName() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return namespacedName() + " (uid " + uid + ", cluster " + clusterName + ")";
  }

  static String requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
