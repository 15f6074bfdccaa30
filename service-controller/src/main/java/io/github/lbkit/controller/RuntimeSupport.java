package io.github.lbkit.controller;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which fabric8 kubernetes-client lines (and, on them, which Jackson lines) the controller runs on, checked when
 * it starts so that an unsupported classpath fails at once with a message that says what to change, rather than
 * later with a linkage or serialization error inside an informer or a worker.
 */
final class RuntimeSupport {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSupport.class);

  /** The fabric8 kubernetes-client versions the controller is tested on. */
  static final String SUPPORTED = "fabric8 kubernetes-client 6.13.x (with Jackson 2.18 or older), 7.x or 8.0.x";

  private RuntimeSupport() {}

  /**
   * Checks the classpath the controller runs on.
   *
   * @throws IllegalStateException when it cannot work, naming the supported versions
   */
  static void check() {
    String fabric8 = fabric8Version();
    String problem = problem(fabric8, jacksonDatabindVersion(), jackson3AnnotationsPresent());
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    int[] v = majorMinor(fabric8);
    if (v != null && (v[0] > 8 || (v[0] == 8 && v[1] > 0))) {
      LOG.warn("fabric8 kubernetes-client {} is newer than the lines lbkit is tested on ({})", fabric8, SUPPORTED);
    }
  }

  /**
   * Why the given versions cannot work together, or null when they can (or cannot be told).
   *
   * @param fabric8 the fabric8 kubernetes-client version, or null when unknown
   * @param jacksonDatabind the jackson-databind 2 version, or null when absent or unknown
   * @param jackson3Annotations whether the Jackson 2 annotations that Jackson 3 needs (2.20 or later) are present
   * @return the problem, naming the supported versions, or null
   */
  static @Nullable String problem(
      @Nullable String fabric8, @Nullable String jacksonDatabind, boolean jackson3Annotations) {
    int[] f = majorMinor(fabric8);
    if (f == null) {
      return null;
    }
    if (f[0] < 6 || (f[0] == 6 && f[1] < 13)) {
      return "lbkit-service-controller runs on " + SUPPORTED + ", but fabric8 kubernetes-client " + fabric8
          + " is on the classpath; import the kubernetes-client-bom of a supported version before lbkit-bom";
    }
    int[] j = majorMinor(jacksonDatabind);
    if (f[0] == 6 && j != null && j[0] == 2 && j[1] >= 19) {
      return "lbkit-service-controller runs on " + SUPPORTED + ", but fabric8 kubernetes-client " + fabric8
          + " is on the classpath with jackson-databind " + jacksonDatabind + ": fabric8 6.x cannot serialize "
          + "resources on Jackson 2.19 or later; import jackson-bom 2.18.x (or older) before lbkit-bom, or move "
          + "to fabric8 7.x or 8.0.x";
    }
    if (f[0] >= 8 && !jackson3Annotations) {
      return "lbkit-service-controller runs on " + SUPPORTED + ", but fabric8 kubernetes-client " + fabric8
          + " (on Jackson 3) is on the classpath with jackson-annotations older than 2.20, which Jackson 3 needs; "
          + "let lbkit-bom manage Jackson 2, or use fabric8 7.x to keep an older Jackson 2";
    }
    return null;
  }

  private static @Nullable String fabric8Version() {
    try {
      return io.fabric8.kubernetes.client.Version.clientVersion();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("read the fabric8 kubernetes-client version: {}", e.toString());
      return null;
    }
  }

  private static @Nullable String jacksonDatabindVersion() {
    try {
      return String.valueOf(
          Class.forName("com.fasterxml.jackson.databind.cfg.PackageVersion").getField("VERSION").get(null));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static boolean jackson3AnnotationsPresent() {
    try {
      Class.forName("com.fasterxml.jackson.annotation.JsonSerializeAs", false, RuntimeSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The leading major and minor numbers of a version such as {@code 6.13.5} or {@code 2.22.3-SNAPSHOT}. */
  static int @Nullable [] majorMinor(@Nullable String version) {
    if (version == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version.trim());
    return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }
}
