package io.github.lbkit.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.cce.AnnotationDef;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.cce.JsonFieldDef;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated and mutated CCE annotation sets, seeded: the translator either gives a spec or refuses with problems
 * that each name an annotation key or a Service field, never anything else; and an invalid Service never reaches
 * the cloud.
 */
class AnnotationFuzzTest {

  private static final long SEED = Long.getLong("lbkit.fuzz.seed", 20261126L);
  private static final int CASES = Chaos.size(10_000, 100_000);
  /** A field path such as {@code spec.ports[1].protocol} or {@code metadata.uid}. */
  private static final Pattern FIELD_PATH = Pattern.compile("(spec|metadata)(\\.[A-Za-z]+(\\[\\d+])?)*");
  private static final List<AnnotationDef> CATALOGUE = CceAnnotations.all();
  private static final List<Node> NODES = Chaos.nodes(3);

  private final Random random = new Random(SEED);

  @Test
  void everyGeneratedAnnotationSetGivesASpecOrProblemsNamingKeysAndInvalidOnesNeverReachTheCloud() {
    FakeCloud cloud = FakeCloud.create(SEED);
    FakeLoadBalancerProvider provider = FakeLoadBalancerProvider.over(cloud);
    int valid = 0;
    int invalid = 0;
    for (int i = 0; i < CASES; i++) {
      Map<String, String> annotations = annotations();
      Service service = Chaos.service("fuzz", "svc-" + i, "uid-" + i);
      service.getMetadata().setAnnotations(annotations);
      String replay = "case " + i + " (seed " + SEED + "), annotations " + shorten(annotations);
      long writesBefore = cloud.writes();
      long readsBefore = cloud.reads();
      LoadBalancerSpec spec;
      try {
        spec = Chaos.TRANSLATOR.translate(service, NODES, List.of());
      } catch (InvalidServiceException e) {
        invalid++;
        assertThat(e.problems()).as(replay).isNotEmpty();
        for (Problem p : e.problems()) {
          assertThat(p.key()).as(replay).isNotBlank();
          assertThat(CceAnnotations.byKey(p.key()).isPresent() || FIELD_PATH.matcher(p.key()).matches())
              .as("%s: problem key %s is neither a known annotation nor a field path: %s", replay, p.key(), p)
              .isTrue();
          assertThat(p.rule()).as(replay).isNotBlank();
        }
        // The translate-then-provider path stops at the translator: the cloud saw nothing.
        assertThat(cloud.writes()).as(replay).isEqualTo(writesBefore);
        assertThat(cloud.reads()).as(replay).isEqualTo(readsBefore);
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError(replay + ": unexpected " + e, e);
      }
      valid++;
      assertThat(spec.key().uid()).as(replay).isEqualTo("uid-" + i);
      if (valid % 50 == 1) {
        // A sample of the valid ones goes through the provider too; it may refuse (an elb.id that does not
        // exist), but only with lbkit's own errors.
        try {
          provider.ensure(spec);
          provider.delete(spec.key(), spec.hints());
        } catch (io.github.lbkit.api.LoadBalancerException expected) {
          // refused or unsupported: an answer, not a crash
        } catch (RuntimeException e) {
          fail(replay + ": the provider failed with " + e, e);
        }
      }
    }
    // Both outcomes must be well represented, or the generator is not exercising the translator.
    assertThat(valid).as("valid cases").isGreaterThan(CASES / 20);
    assertThat(invalid).as("invalid cases").isGreaterThan(CASES / 5);
  }

  // ---------------------------------------------------------------- generation

  private Map<String, String> annotations() {
    Map<String, String> out = new LinkedHashMap<>();
    // Most sets start from a valid base, so that mutations land deep in the translator.
    if (random.nextInt(4) > 0) {
      out.put(CceAnnotations.ELB_CLASS, random.nextBoolean() ? "union" : "performance");
      if (random.nextInt(5) == 0) {
        out.put(CceAnnotations.ELB_ID, id());
      } else {
        out.put(CceAnnotations.ELB_AUTOCREATE, out.get(CceAnnotations.ELB_CLASS).equals("union")
            ? "{\"type\":\"inner\"}"
            : "{\"type\":\"inner\",\"available_zone\":[\"az-1\"],\"l4_flavor_name\":\"L4_flavor.elb.s1.small\"}");
      }
    }
    int extra = random.nextInt(5);
    for (int k = 0; k < extra; k++) {
      AnnotationDef def = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
      out.put(def.key(), random.nextInt(3) == 0 ? mutant(def) : validish(def));
    }
    if (random.nextInt(10) == 0 && !out.isEmpty()) {
      // Mutate one value already there.
      List<String> keys = new ArrayList<>(out.keySet());
      String key = keys.get(random.nextInt(keys.size()));
      out.put(key, mutate(out.get(key)));
    }
    if (random.nextInt(20) == 0) {
      out.put("kubernetes.io/elb." + word(), word());
    }
    return out;
  }

  private String validish(AnnotationDef def) {
    return switch (def.type()) {
      case BOOLEAN -> random.nextBoolean() ? "true" : "false";
      case INTEGER -> Integer.toString(random.nextInt(400) - 20);
      case ENUM -> pick(enumWords(def.allowed()));
      case ID -> id();
      case STRING -> word();
      case LIST -> String.join(",", List.of(pick(List.of("TCP:80", "HTTP:80", "HTTPS:443", id(), "10.0.0.0/8",
          "192.168.1.0/24")), pick(List.of("TCP:443", "UDP:53", id(), "::/0"))));
      case KEY_VALUES -> word() + "=" + word() + (random.nextBoolean() ? "," + word() + "=" + word() : "");
      case JSON_OBJECT -> jsonObject(def.fields());
      case JSON_ARRAY -> "[" + jsonObject(def.fields()) + (random.nextBoolean() ? "," + jsonObject(def.fields()) : "")
          + "]";
      case STRING_ARRAY -> "[\"" + word() + "\"]";
    };
  }

  private String jsonObject(List<JsonFieldDef> fields) {
    Map<String, String> members = new TreeMap<>();
    for (JsonFieldDef f : fields) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      String v = switch (f.type()) {
        case BOOLEAN -> random.nextBoolean() ? "true" : "\"false\"";
        case INTEGER -> random.nextInt(5) == 0 ? "\"" + random.nextInt(100) + "\"" : Integer.toString(
            random.nextInt(2000) - 100);
        case ENUM -> "\"" + pick(enumWords(f.allowed())) + "\"";
        case STRING_ARRAY, JSON_ARRAY -> "[\"" + pick(List.of("az-1", "az-2", word())) + "\"]";
        case JSON_OBJECT -> "{}";
        default -> "\"" + (random.nextBoolean() ? word() : id()) + "\"";
      };
      members.put(f.name(), v);
    }
    if (random.nextInt(8) == 0) {
      members.put(word(), "1");
    }
    StringBuilder sb = new StringBuilder("{");
    members.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return sb.append('}').toString();
  }

  private String mutant(AnnotationDef def) {
    return switch (random.nextInt(12)) {
      case 0 -> "";
      case 1 -> " ";
      case 2 -> "x".repeat(CceAnnotations.MAX_VALUE_LENGTH + random.nextInt(100));
      case 3 -> "héllo wörld ✓ 负载均衡 \uD83D\uDE80";
      case 4 -> Long.toString(random.nextLong());
      case 5 -> "-1";
      case 6 -> "{\"type\": \"public\",";
      case 7 -> "[1,2,{]";
      case 8 -> "{\"type\":" + "[".repeat(200) + "]".repeat(200) + "}";
      case 9 -> "null";
      case 10 -> "\u0000\u001f\t\n";
      default -> mutate(validish(def));
    };
  }

  private String mutate(String value) {
    if (value.isEmpty()) {
      return "{";
    }
    StringBuilder sb = new StringBuilder(value);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(4)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, pick(List.of("\"", "{", "}", ",", ":", "-", "9", "é", "\\")));
        case 2 -> sb.setCharAt(at, (char) (32 + random.nextInt(95)));
        default -> sb.append(sb.substring(0, Math.min(sb.length(), 50)));
      }
    }
    return sb.toString();
  }

  private List<String> enumWords(String allowed) {
    List<String> words = new ArrayList<>();
    for (String w : allowed.split("[ ,;()]+")) {
      if (!w.isBlank() && !Set.of("or", "and", "empty", "the", "default").contains(w)) {
        words.add(w);
      }
    }
    words.add(word());
    return words;
  }

  private String id() {
    return Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-" + Integer.toHexString(random.nextInt());
  }

  private String word() {
    return pick(List.of("on", "off", "true", "yes", "public", "inner", "ROUND_ROBIN", "SOURCE_IP", "http",
        "a-b_c", "x", "60", "0"));
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String shorten(Map<String, String> annotations) {
    Map<String, String> shown = new LinkedHashMap<>();
    annotations.forEach((k, v) -> shown.put(k, v.length() > 120 ? v.substring(0, 120) + "…(" + v.length() + ")" : v));
    return shown.toString();
  }
}
