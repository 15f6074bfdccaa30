package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed {@code docs/annotations.md} is generated from the catalogue and must not go stale. */
class AnnotationDocsTest {

  /** Relative to the module's base directory, where the build runs the tests. */
  private static final Path DOC = Path.of("../docs/annotations.md");

  @Test
  void committedReferenceMatchesTheCatalogue() throws IOException {
    String rendered = AnnotationDocs.render();
    if (Boolean.getBoolean("lbkit.updateDocs")) {
      AnnotationDocs.main(new String[] {DOC.toString()});
    }
    assertThat(Files.exists(DOC))
        .as("docs/annotations.md is missing; generate it with: mvn -pl cce-translator test -Dlbkit.updateDocs=true")
        .isTrue();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/annotations.md is stale; regenerate it with: mvn -pl cce-translator test -Dlbkit.updateDocs=true")
        .isEqualTo(rendered);
  }

  @Test
  void referenceNamesEveryAnnotationAndEveryJsonField() {
    String rendered = AnnotationDocs.render();
    for (AnnotationDef d : CceAnnotations.all()) {
      assertThat(rendered).contains("## " + d.key() + "\n");
      for (JsonFieldDef f : d.fields()) {
        assertThat(rendered).contains("| `" + f.name() + "` |");
      }
    }
  }
}
