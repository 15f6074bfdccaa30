package io.github.lbkit.cce;

import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.SessionPersistence;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pool options from {@code kubernetes.io/elb.lb-algorithm}, {@code elb.session-affinity-mode},
 * {@code elb.session-affinity-option} and the Service's {@code sessionAffinity}.
 */
final class Pools {

  static final int DEFAULT_PERSISTENCE_MINUTES = 60;
  private static final int DEFAULT_CLIENT_IP_SECONDS = 10800;

  private Pools() {}

  static PoolSpec read(AnnotationValues av, ServiceSpec spec) {
    Problems problems = av.problems();
    Algorithm algorithm =
        av.oneOf(CceAnnotations.ELB_LB_ALGORITHM, AnnotationValues.words(
            Map.entry("ROUND_ROBIN", Algorithm.ROUND_ROBIN),
            Map.entry("LEAST_CONNECTIONS", Algorithm.LEAST_CONNECTIONS),
            Map.entry("SOURCE_IP", Algorithm.SOURCE_IP)));
    if (algorithm == null) {
      algorithm = Algorithm.ROUND_ROBIN;
    }
    SessionPersistence.Type mode =
        av.oneOf(CceAnnotations.ELB_SESSION_AFFINITY_MODE,
            AnnotationValues.words(Map.entry("SOURCE_IP", SessionPersistence.Type.SOURCE_IP)));
    boolean modeSet = av.isSet(CceAnnotations.ELB_SESSION_AFFINITY_MODE);
    if (modeSet && algorithm == Algorithm.SOURCE_IP) {
      problems.add(CceAnnotations.ELB_SESSION_AFFINITY_MODE, av.text(CceAnnotations.ELB_SESSION_AFFINITY_MODE),
          "must not be set with " + CceAnnotations.ELB_LB_ALGORITHM + "=SOURCE_IP, which already keeps a client on"
              + " one backend; remove one of them");
    }
    Integer timeout = persistenceTimeout(av);
    if (av.isSet(CceAnnotations.ELB_SESSION_AFFINITY_OPTION) && !modeSet) {
      problems.add(CceAnnotations.ELB_SESSION_AFFINITY_OPTION, av.text(CceAnnotations.ELB_SESSION_AFFINITY_OPTION),
          "is only valid with " + CceAnnotations.ELB_SESSION_AFFINITY_MODE + "=SOURCE_IP; set that too or remove it");
    }
    SessionPersistence persistence = null;
    if (mode != null) {
      persistence = new SessionPersistence(mode, timeout != null ? timeout : DEFAULT_PERSISTENCE_MINUTES);
    } else if (!modeSet && "ClientIP".equals(spec.getSessionAffinity()) && algorithm != Algorithm.SOURCE_IP) {
      persistence = new SessionPersistence(SessionPersistence.Type.SOURCE_IP, clientIpMinutes(spec));
    }
    return new PoolSpec(algorithm, persistence);
  }

  private static @Nullable Integer persistenceTimeout(AnnotationValues av) {
    String key = CceAnnotations.ELB_SESSION_AFFINITY_OPTION;
    String text = av.text(key);
    if (text == null) {
      return null;
    }
    JsonNode node = JsonValues.parse(key, text, false, av.problems());
    if (node == null) {
      return null;
    }
    return new JsonValues.Fields(key, "", node, Set.of("persistence_timeout"), av.problems())
        .integer("persistence_timeout", 1, 60, "minutes");
  }

  /** {@code sessionAffinityConfig.clientIP.timeoutSeconds} in minutes, rounded up, within 1-60. */
  static int clientIpMinutes(ServiceSpec spec) {
    Integer seconds = null;
    if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null) {
      seconds = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
    }
    long s = seconds == null ? DEFAULT_CLIENT_IP_SECONDS : seconds;
    long minutes = (s + 59) / 60;
    return (int) Math.max(1, Math.min(60, minutes));
  }
}
