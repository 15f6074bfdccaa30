package io.github.lbkit.cli;

import static io.github.lbkit.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.cce.AnnotationDef;
import io.github.lbkit.cce.CceAnnotations;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code lbkit annotations}: the catalogue as a table and as JSON. */
class AnnotationsCommandTest {

  @Test
  void tableHasAHeaderAndARowPerAnnotation() {
    Cli.Result r = run("annotations");
    assertThat(r.code()).isZero();
    assertThat(r.lines().get(0)).matches("KEY\\s+TYPE\\s+DEFAULT\\s+MUTABLE\\s+APPLIES TO\\s+ALLOWED");
    for (AnnotationDef d : CceAnnotations.all()) {
      assertThat(r.lines()).as(d.key()).anyMatch(l -> l.startsWith(d.key() + " "));
    }
    assertThat(r.out()).contains(CceAnnotations.all().size() + " annotations.");
  }

  @Test
  void tableRowsShowTypeDefaultAndMutability() {
    Cli.Result r = run("annotations");
    assertThat(r.lines()).anyMatch(l -> l.matches("kubernetes\\.io/elb\\.class\\s+enum\\s+union\\s+no\\s+all\\s+"
        + "union \\(shared\\) or performance \\(dedicated\\)"));
    assertThat(r.lines()).anyMatch(l -> l.matches("kubernetes\\.io/elb\\.lb-algorithm\\s+enum\\s+ROUND_ROBIN\\s+yes"
        + "\\s+all\\s+ROUND_ROBIN, LEAST_CONNECTIONS or SOURCE_IP"));
    assertThat(r.lines())
        .anyMatch(l -> l.matches("kubernetes\\.io/elb\\.acl-id\\s+list\\s+-\\s+yes\\s+dedicated\\s.*"));
  }

  @Test
  void longCellsWrapWithinTheirColumn() {
    Cli.Result r = run("annotations");
    int allowedColumn = r.lines().get(0).indexOf("ALLOWED");
    assertThat(r.lines()).allMatch(l -> l.length() <= allowedColumn + 50);
    assertThat(r.lines()).anyMatch(l -> l.endsWith(" class=union|performance,id=<id>,origin=autocreate|"))
        .anyMatch(l -> l.endsWith(" existing[,autocreate=<digest>]"));
  }

  @Test
  void jsonListsEveryAnnotationWithStableFields() {
    Cli.Result r = run("annotations", "-o", "json");
    assertThat(r.code()).isZero();
    JsonNode list = r.json().get("annotations");
    assertThat(Cli.texts(list, "key"))
        .containsExactlyElementsOf(CceAnnotations.all().stream().map(AnnotationDef::key).toList());
    JsonNode cls = list.get(0);
    assertThat(cls.get("key").asString()).isEqualTo(CceAnnotations.ELB_CLASS);
    assertThat(cls.get("type").asString()).isEqualTo("ENUM");
    assertThat(cls.get("default").asString()).isEqualTo("union");
    assertThat(cls.get("mutability").asString()).isEqualTo("FIXED");
    assertThat(cls.get("mutableAfterCreation").asBoolean()).isFalse();
    assertThat(cls.get("appliesTo").asString()).isEqualTo("ALL");
    JsonNode autocreate = list.get(2);
    assertThat(autocreate.get("key").asString()).isEqualTo(CceAnnotations.ELB_AUTOCREATE);
    assertThat(Cli.texts(autocreate.get("fields"), "name")).contains("type", "bandwidth_size", "eip_type");
    assertThat(autocreate.get("excludes").get(0).asString()).isEqualTo(CceAnnotations.ELB_ID);
  }
}
