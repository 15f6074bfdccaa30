package io.github.lbkit.cce;

import io.github.lbkit.api.CreationRecord;
import io.github.lbkit.cce.AnnotationDef.Applies;
import io.github.lbkit.cce.AnnotationDef.Mutability;
import io.github.lbkit.cce.AnnotationDef.ValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The catalogue of every Service annotation lbkit reads in the CCE dialect. Each key is declared here once,
 * with its type, default, allowed values, mutability, exclusions, class and doc; the translator reads the keys
 * from here, and {@code docs/annotations.md} is generated from {@link #all()}.
 *
 * <p>When a Service sets neither {@link #ELB_ID} nor {@link #ELB_AUTOCREATE}, lbkit auto-creates an inner load
 * balancer with every setting at its default.
 */
public final class CceAnnotations {

  private static final String P = "kubernetes.io/";

  /** Longest annotation value accepted, in characters. */
  public static final int MAX_VALUE_LENGTH = 16 * 1024;

  /** {@code kubernetes.io/elb.class}. */
  public static final String ELB_CLASS = P + "elb.class";
  /** {@code kubernetes.io/elb.id}. */
  public static final String ELB_ID = P + "elb.id";
  /** {@code kubernetes.io/elb.autocreate}. */
  public static final String ELB_AUTOCREATE = P + "elb.autocreate";
  /** {@code kubernetes.io/elb.subnet-id}. */
  public static final String ELB_SUBNET_ID = P + "elb.subnet-id";
  /** {@code kubernetes.io/elb.enterpriseID}. */
  public static final String ELB_ENTERPRISE_ID = P + "elb.enterpriseID";
  /** {@code kubernetes.io/elb.lb-algorithm}. */
  public static final String ELB_LB_ALGORITHM = P + "elb.lb-algorithm";
  /** {@code kubernetes.io/elb.session-affinity-mode}. */
  public static final String ELB_SESSION_AFFINITY_MODE = P + "elb.session-affinity-mode";
  /** {@code kubernetes.io/elb.session-affinity-option}. */
  public static final String ELB_SESSION_AFFINITY_OPTION = P + "elb.session-affinity-option";
  /** {@code kubernetes.io/elb.health-check-flag}. */
  public static final String ELB_HEALTH_CHECK_FLAG = P + "elb.health-check-flag";
  /** {@code kubernetes.io/elb.health-check-option}. */
  public static final String ELB_HEALTH_CHECK_OPTION = P + "elb.health-check-option";
  /** {@code kubernetes.io/elb.health-check-options}. */
  public static final String ELB_HEALTH_CHECK_OPTIONS = P + "elb.health-check-options";
  /** {@code kubernetes.io/elb.pass-through}. */
  public static final String ELB_PASS_THROUGH = P + "elb.pass-through";
  /** {@code kubernetes.io/elb.tags}. */
  public static final String ELB_TAGS = P + "elb.tags";
  /** {@code kubernetes.io/elb.eip-id}. */
  public static final String ELB_EIP_ID = P + "elb.eip-id";
  /** {@code kubernetes.io/elb.custom-eip-id}. */
  public static final String ELB_CUSTOM_EIP_ID = P + "elb.custom-eip-id";
  /** {@code kubernetes.io/elb.protocol-port}. */
  public static final String ELB_PROTOCOL_PORT = P + "elb.protocol-port";
  /** {@code kubernetes.io/elb.cert-id}. */
  public static final String ELB_CERT_ID = P + "elb.cert-id";
  /** {@code kubernetes.io/elb.tls-certificate-ids}. */
  public static final String ELB_TLS_CERTIFICATE_IDS = P + "elb.tls-certificate-ids";
  /** {@code kubernetes.io/elb.http2-enable}. */
  public static final String ELB_HTTP2_ENABLE = P + "elb.http2-enable";
  /** {@code kubernetes.io/elb.keepalive_timeout}. */
  public static final String ELB_KEEPALIVE_TIMEOUT = P + "elb.keepalive_timeout";
  /** {@code kubernetes.io/elb.client_timeout}. */
  public static final String ELB_CLIENT_TIMEOUT = P + "elb.client_timeout";
  /** {@code kubernetes.io/elb.member_timeout}. */
  public static final String ELB_MEMBER_TIMEOUT = P + "elb.member_timeout";
  /** {@code kubernetes.io/elb.acl-id}. */
  public static final String ELB_ACL_ID = P + "elb.acl-id";
  /** {@code kubernetes.io/elb.acl-status}. */
  public static final String ELB_ACL_STATUS = P + "elb.acl-status";
  /** {@code kubernetes.io/elb.acl-type}. */
  public static final String ELB_ACL_TYPE = P + "elb.acl-type";
  /** {@code kubernetes.io/elb.adaptive-weight}. */
  public static final String ELB_ADAPTIVE_WEIGHT = P + "elb.adaptive-weight";
  /** {@code kubernetes.io/elb.transparent-client-ip}. */
  public static final String ELB_TRANSPARENT_CLIENT_IP = P + "elb.transparent-client-ip";
  /** {@code kubernetes.io/elb.x-forwarded-host}. */
  public static final String ELB_X_FORWARDED_HOST = P + "elb.x-forwarded-host";
  /** {@code kubernetes.io/elb.x-forwarded-port}. */
  public static final String ELB_X_FORWARDED_PORT = P + "elb.x-forwarded-port";
  /** {@code kubernetes.io/elb.x-forwarded-for-port}. */
  public static final String ELB_X_FORWARDED_FOR_PORT = P + "elb.x-forwarded-for-port";
  /** {@code service.beta.kubernetes.io/load-balancer-source-ranges}, the upstream beta annotation. */
  public static final String SOURCE_RANGES = "service.beta.kubernetes.io/load-balancer-source-ranges";
  /** {@code lbkit.io/creation-record}, written by lbkit (see {@link CreationRecord}). */
  public static final String CREATION_RECORD = CreationRecord.ANNOTATION;

  private static final String ID_RULE = "an id of 1-64 letters, digits, '-' or '_'";
  private static final String NAME_RULE = "1-64 characters of letters, digits, '_', '.' and '-'";
  private static final String BOOL = "true or false";

  private static final List<JsonFieldDef> AUTOCREATE_FIELDS =
      List.of(
          field("type", ValueType.ENUM, null, "inner", "public or inner", Applies.ALL,
              "Public load balancers get an EIP bound to their VIP; inner ones have a private VIP only."),
          field("name", ValueType.STRING, null, "cce-lb-<service uid>", NAME_RULE, Applies.ALL,
              "The load balancer's name."),
          field("bandwidth_name", ValueType.STRING, null, "cce-bandwidth-<service uid>", NAME_RULE, Applies.ALL,
              "The EIP bandwidth's name (public only)."),
          field("bandwidth_chargemode", ValueType.ENUM, "when type is public", null, "bandwidth or traffic",
              Applies.ALL, "How the EIP bandwidth is billed (public only)."),
          field("bandwidth_size", ValueType.INTEGER, "when type is public", null,
              "1-2000 Mbit/s (the step and the ceiling depend on the region)", Applies.ALL,
              "The EIP bandwidth in Mbit/s (public only)."),
          field("bandwidth_sharetype", ValueType.ENUM, "when type is public", null, "PER", Applies.ALL,
              "PER: the EIP has a bandwidth of its own (public only)."),
          field("eip_type", ValueType.ENUM, "when type is public", null, "5_bgp, 5_sbgp, 5_telcom or 5_union",
              Applies.ALL, "The EIP line type; the region decides which exist (public only)."),
          field("available_zone", ValueType.STRING_ARRAY, "on dedicated load balancers", null,
              "a non-empty array of availability zone codes", Applies.DEDICATED,
              "The availability zones the dedicated load balancer runs in."),
          field("l4_flavor_name", ValueType.STRING, null, null, "a flavor name such as L4_flavor.elb.s1.small",
              Applies.DEDICATED, "The layer-4 flavor, needed for TCP and UDP listeners."),
          field("l7_flavor_name", ValueType.STRING, null, null, "a flavor name such as L7_flavor.elb.s1.small",
              Applies.DEDICATED, "The layer-7 flavor, needed for HTTP and HTTPS listeners."),
          field("vip_subnet_cidr_id", ValueType.ID, null, "the cluster subnet", ID_RULE, Applies.ALL,
              "The IPv4 subnet id (neutron subnet id) of the VIP, in the cluster VPC."),
          field("ipv6_vip_virsubnet_id", ValueType.ID, null, null, ID_RULE, Applies.DEDICATED,
              "The IPv6 network id of the VIP."),
          field("elb_virsubnet_ids", ValueType.STRING_ARRAY, null, "the subnet of vip_subnet_cidr_id",
              "an array of network ids (VPC subnet ids)", Applies.DEDICATED,
              "The subnets of the backend plane."),
          field("vip_address", ValueType.STRING, null, null, "an IPv4 address in the VIP subnet", Applies.ALL,
              "A fixed private VIP address."));

  private static final List<JsonFieldDef> HEALTH_CHECK_FIELDS =
      List.of(
          field("delay", ValueType.INTEGER, null, "5", "1-50 seconds", Applies.ALL, "Seconds between probes."),
          field("timeout", ValueType.INTEGER, null, "10", "1-50 seconds", Applies.ALL,
              "Seconds a probe may take."),
          field("max_retries", ValueType.INTEGER, null, "3", "1-10", Applies.ALL,
              "Consecutive results that change a backend's health."),
          field("protocol", ValueType.ENUM, null, "the listener's protocol (TCP for HTTP and HTTPS)",
              "TCP, UDP or HTTP; UDP only for UDP listeners, TCP and HTTP only for the others", Applies.ALL,
              "How backends are probed."),
          field("path", ValueType.STRING, null, "/", "1-80 characters starting with '/'", Applies.ALL,
              "The probe path, for HTTP probes only."));

  private static final List<JsonFieldDef> HEALTH_CHECK_OPTIONS_FIELDS =
      concat(
          HEALTH_CHECK_FIELDS,
          List.of(
              field("target_service_port", ValueType.STRING, "always", null,
                  "PROTOCOL:port of a Service port, for example TCP:80", Applies.ALL,
                  "The Service port this entry applies to."),
              field("monitor_port", ValueType.INTEGER, null, "the member's port", "1-65535", Applies.ALL,
                  "The port probed instead of the member's port."),
              field("expected_codes", ValueType.STRING, null, "200", "codes 200-599 as 200, 200,202 or 200-204",
                  Applies.ALL, "The HTTP status codes that count as healthy, for HTTP probes only.")));

  private static final List<AnnotationDef> ALL =
      List.of(
          def(ELB_CLASS, ValueType.ENUM, "union", "union (shared) or performance (dedicated)", Mutability.FIXED,
              List.of(), Applies.ALL, "Chooses a shared (ELB v2) or dedicated (ELB v3) load balancer."),
          def(ELB_ID, ValueType.ID, null, ID_RULE, Mutability.FIXED, List.of(ELB_AUTOCREATE), Applies.ALL,
              "Attaches the Service to an existing load balancer; lbkit also writes it back after auto-creation."),
          new AnnotationDef(ELB_AUTOCREATE, ValueType.JSON_OBJECT,
              "an inner load balancer with every field at its default (when elb.id is not set either)",
              "a JSON object with the fields below; unknown fields are refused", Mutability.FIXED,
              List.of(ELB_ID), Applies.ALL,
              "Creates a load balancer for the Service, deleted with it.", AUTOCREATE_FIELDS),
          def(ELB_SUBNET_ID, ValueType.ID, null, "1-100 characters", Mutability.CREATION_ONLY, List.of(),
              Applies.ALL, "The cluster subnet of the VIP; optional, the cluster subnet by default."),
          def(ELB_ENTERPRISE_ID, ValueType.ID, "0", "0 (the default project) or " + ID_RULE,
              Mutability.CREATION_ONLY, List.of(), Applies.ALL,
              "The enterprise project of auto-created resources."),
          def(ELB_LB_ALGORITHM, ValueType.ENUM, "ROUND_ROBIN", "ROUND_ROBIN, LEAST_CONNECTIONS or SOURCE_IP",
              Mutability.MUTABLE, List.of(ELB_SESSION_AFFINITY_MODE + " (with SOURCE_IP)"), Applies.ALL,
              "How the pools choose a backend; with SOURCE_IP weights are ignored."),
          def(ELB_SESSION_AFFINITY_MODE, ValueType.ENUM, null, "SOURCE_IP", Mutability.MUTABLE,
              List.of(ELB_LB_ALGORITHM + "=SOURCE_IP"), Applies.ALL,
              "Sticky sessions by client IP; wins over spec.sessionAffinity."),
          new AnnotationDef(ELB_SESSION_AFFINITY_OPTION, ValueType.JSON_OBJECT, "{\"persistence_timeout\":\"60\"}",
              "a JSON object; only with " + ELB_SESSION_AFFINITY_MODE, Mutability.MUTABLE, List.of(), Applies.ALL,
              "The sticky session timeout.",
              List.of(field("persistence_timeout", ValueType.INTEGER, null, "60", "1-60 minutes", Applies.ALL,
                  "Minutes a session sticks to its backend."))),
          def(ELB_HEALTH_CHECK_FLAG, ValueType.ENUM, "on", "on, off, or empty (on)", Mutability.MUTABLE,
              List.of(), Applies.ALL, "Turns the health checks of every listener on or off; with off the options are kept but unused."),
          new AnnotationDef(ELB_HEALTH_CHECK_OPTION, ValueType.JSON_OBJECT, null,
              "a JSON object with the fields below", Mutability.MUTABLE, List.of(ELB_HEALTH_CHECK_OPTIONS),
              Applies.ALL, "One health check setting for every listener.", HEALTH_CHECK_FIELDS),
          new AnnotationDef(ELB_HEALTH_CHECK_OPTIONS, ValueType.JSON_ARRAY, null,
              "a JSON array of objects with the fields below, at most one per Service port", Mutability.MUTABLE,
              List.of(ELB_HEALTH_CHECK_OPTION), Applies.ALL,
              "Health check settings per Service port; ports not listed get the defaults.",
              HEALTH_CHECK_OPTIONS_FIELDS),
          def(ELB_PASS_THROUGH, ValueType.ENUM, "false",
              "true, false or onlyLocal (onlyLocal needs externalTrafficPolicy: Local)", Mutability.MUTABLE,
              List.of(), Applies.ALL,
              "In-cluster traffic to the address goes through the load balancer (ipMode Proxy); with"
                  + " externalTrafficPolicy: Local it becomes onlyLocal."),
          def(ELB_TAGS, ValueType.KEY_VALUES, null,
              "k1=v1,k2=v2: at most 20 tags, keys 1-36 and values 0-43 characters without '=' or ','",
              Mutability.CREATION_ONLY, List.of(ELB_ID + " (without auto-creation)"), Applies.ALL,
              "Tags of an auto-created load balancer."),
          def(ELB_EIP_ID, ValueType.ID, null, ID_RULE, Mutability.WRITTEN_BACK, List.of(), Applies.ALL,
              "The EIP lbkit created for an auto-created public load balancer; do not change it."),
          def(ELB_CUSTOM_EIP_ID, ValueType.ID, null, ID_RULE + "; an unbound EIP", Mutability.MUTABLE,
              List.of(ELB_ID + " (without auto-creation)"), Applies.ALL,
              "Replaces the EIP of an auto-created load balancer; only once " + ELB_EIP_ID + " is written back."),
          def(ELB_PROTOCOL_PORT, ValueType.LIST, null,
              "protocol:port pairs such as https:443,http:80; protocol http or https, port a TCP Service port",
              Mutability.MUTABLE, List.of(), Applies.ALL, "Turns TCP Service ports into HTTP or HTTPS listeners."),
          def(ELB_CERT_ID, ValueType.ID, null, ID_RULE, Mutability.MUTABLE, List.of(), Applies.ALL,
              "The server certificate of the HTTPS listeners; required with an https port."),
          def(ELB_TLS_CERTIFICATE_IDS, ValueType.LIST, null, "comma-separated certificate ids", Mutability.MUTABLE,
              List.of(), Applies.ALL, "SNI certificates of the HTTPS listeners; needs an https port."),
          def(ELB_HTTP2_ENABLE, ValueType.BOOLEAN, "false", BOOL, Mutability.MUTABLE, List.of(), Applies.ALL,
              "HTTP/2 on the HTTPS listeners; needs an https port."),
          def(ELB_KEEPALIVE_TIMEOUT, ValueType.INTEGER, "300 for TCP and UDP, 60 for HTTP and HTTPS",
              "seconds: TCP 10-4000, HTTP and HTTPS 0-4000, UDP 10-4000 (dedicated only)", Mutability.MUTABLE,
              List.of(), Applies.ALL, "The idle timeout of every listener."),
          def(ELB_CLIENT_TIMEOUT, ValueType.INTEGER, "60", "1-300 seconds; needs an http or https port",
              Mutability.MUTABLE, List.of(), Applies.ALL, "How long the load balancer waits for a client request."),
          def(ELB_MEMBER_TIMEOUT, ValueType.INTEGER, "60", "1-300 seconds; needs an http or https port",
              Mutability.MUTABLE, List.of(), Applies.ALL, "How long the load balancer waits for a backend answer."),
          def(ELB_ACL_ID, ValueType.LIST, null, "at most 5 comma-separated IP group ids; empty allows everyone",
              Mutability.MUTABLE, List.of(), Applies.DEDICATED,
              "IP groups controlling access to the listeners; unset leaves access control alone."),
          def(ELB_ACL_STATUS, ValueType.ENUM, "on", "on, true, off or false; needs " + ELB_ACL_ID,
              Mutability.MUTABLE, List.of(), Applies.DEDICATED, "Turns the IP group access control on or off."),
          def(ELB_ACL_TYPE, ValueType.ENUM, "white", "white or black; needs " + ELB_ACL_ID, Mutability.MUTABLE,
              List.of(), Applies.DEDICATED, "white: only the IP groups may connect; black: they may not."),
          def(ELB_ADAPTIVE_WEIGHT, ValueType.BOOLEAN, "false", BOOL, Mutability.MUTABLE, List.of(), Applies.ALL,
              "Weighs node backends by their number of pods."),
          def(ELB_TRANSPARENT_CLIENT_IP, ValueType.BOOLEAN, null, BOOL + "; TCP and UDP listeners",
              Mutability.MUTABLE, List.of(), Applies.SHARED, "Passes the client IP to TCP and UDP backends."),
          def(ELB_X_FORWARDED_HOST, ValueType.BOOLEAN, null, BOOL + "; needs an http or https port",
              Mutability.MUTABLE, List.of(), Applies.ALL,
              "Inserts X-Forwarded-Host; removing the annotation leaves the listener as it is."),
          def(ELB_X_FORWARDED_PORT, ValueType.BOOLEAN, null, BOOL + "; needs an http or https port",
              Mutability.MUTABLE, List.of(), Applies.ALL,
              "Inserts X-Forwarded-Port; removing the annotation leaves the listener as it is."),
          def(ELB_X_FORWARDED_FOR_PORT, ValueType.BOOLEAN, null, BOOL + "; needs an http or https port",
              Mutability.MUTABLE, List.of(), Applies.ALL,
              "Inserts X-Forwarded-For-Port; removing the annotation leaves the listener as it is."),
          def(SOURCE_RANGES, ValueType.LIST, "everyone", "comma-separated IPv4 or IPv6 CIDRs", Mutability.MUTABLE,
              List.of(), Applies.ALL,
              "Client CIDRs allowed to connect; spec.loadBalancerSourceRanges wins when set."),
          def(CREATION_RECORD, ValueType.KEY_VALUES, null,
              "class=union|performance,id=<id>,origin=autocreate|existing[,autocreate=<digest>]",
              Mutability.WRITTEN_BACK, List.of(), Applies.ALL,
              "What lbkit attached or created; guards elb.class, elb.id and elb.autocreate against change."));

  /**
   * Keys that are not in the catalogue but are not misspellings either: CCE writes or documents them without
   * lbkit reading them ({@code elb.mark} is set by CCE on the Services it manages; {@code elb.x-real-ip} is the
   * X-Real-IP switch of newer CCE clusters), or lbkit itself writes them (the list of written-back keys), or the
   * service controller reads them instead of the translator ({@code lbkit.io/release}, handing a Service back).
   * Finalizers are not annotations and are not checked.
   */
  private static final Set<String> KNOWN_UNREAD =
      Set.of(P + "elb.mark", P + "elb.x-real-ip", "lbkit.io/written-back", "lbkit.io/release");

  /** The namespaces whose keys are checked: CCE's load balancer keys and lbkit's own. */
  private static final List<String> CHECKED_PREFIXES = List.of(P + "elb", "lbkit.io/");

  private CceAnnotations() {}

  /**
   * Returns every annotation, in documentation order.
   *
   * @return the declarations
   */
  public static List<AnnotationDef> all() {
    return ALL;
  }

  /**
   * Returns the declaration of a key.
   *
   * @param key the annotation key
   * @return the declaration, or empty when lbkit does not read the key
   */
  public static Optional<AnnotationDef> byKey(String key) {
    return ALL.stream().filter(d -> d.key().equals(key)).findFirst();
  }

  /**
   * Tells whether a key is known: in the catalogue, or written or documented by CCE or lbkit without lbkit
   * reading it.
   *
   * @param key the annotation key
   * @return true when the key is known
   */
  public static boolean isKnown(String key) {
    return KNOWN_UNREAD.contains(key) || byKey(key).isPresent();
  }

  /**
   * Finds the keys that look like lbkit's or CCE's but are not known (see {@link #isKnown}), each with the
   * closest known key when one is close enough to be a likely fix. Only keys starting with
   * {@code kubernetes.io/elb} or {@code lbkit.io/} are checked: other keys belong to others.
   *
   * <p>Closeness is the Damerau-Levenshtein distance (insertions, deletions, substitutions and swaps of two
   * neighbours each count one) between the keys; a key is suggested when the distance is at most a quarter of
   * the length of its part after the namespace, at least 1 and at most 3. Ties go to the key listed first.
   *
   * @param keys the annotation keys of a Service
   * @return the unknown keys in key order, empty when there are none
   */
  public static List<UnknownKey> unknownKeys(Collection<String> keys) {
    List<UnknownKey> out = new ArrayList<>();
    for (String key : new TreeSet<>(keys)) {
      if (CHECKED_PREFIXES.stream().anyMatch(key::startsWith) && !isKnown(key)) {
        out.add(new UnknownKey(key, closest(key)));
      }
    }
    return List.copyOf(out);
  }

  private static @Nullable String closest(String key) {
    List<String> known = new ArrayList<>();
    ALL.forEach(d -> known.add(d.key()));
    known.addAll(new TreeSet<>(KNOWN_UNREAD));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(key, candidate);
      int name = candidate.length() - candidate.lastIndexOf('/') - 1;
      if (d <= Math.min(3, Math.max(1, name / 4)) && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** The optimal string alignment distance: Levenshtein plus swaps of two neighbouring characters. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }

  static AnnotationDef require(String key) {
    return byKey(key).orElseThrow(() -> new IllegalArgumentException("not in the catalogue: " + key));
  }

  private static AnnotationDef def(
      String key,
      ValueType type,
      @Nullable String defaultValue,
      String allowed,
      Mutability mutability,
      List<String> excludes,
      Applies appliesTo,
      String doc) {
    return new AnnotationDef(key, type, defaultValue, allowed, mutability, excludes, appliesTo, doc, List.of());
  }

  private static JsonFieldDef field(
      String name,
      ValueType type,
      @Nullable String required,
      @Nullable String defaultValue,
      String allowed,
      Applies appliesTo,
      String doc) {
    return new JsonFieldDef(name, type, required, defaultValue, allowed, appliesTo, doc);
  }

  private static List<JsonFieldDef> concat(List<JsonFieldDef> a, List<JsonFieldDef> b) {
    java.util.ArrayList<JsonFieldDef> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
