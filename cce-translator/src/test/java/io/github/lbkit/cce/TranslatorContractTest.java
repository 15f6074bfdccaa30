package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The translator is pure and deterministic, and its options are validated. */
class TranslatorContractTest {

  @Test
  void inputsAreNotModifiedAndTheResultIsDeterministic() {
    Service service =
        Fixtures.service(Map.of(CceAnnotations.ELB_AUTOCREATE, AnnotationTableTest.PUBLIC_UNION,
            CceAnnotations.ELB_PASS_THROUGH, "true"));
    Service copy = new ServiceBuilder(service).build();
    List<Node> nodes = Fixtures.nodes();
    List<Node> nodesCopy = nodes.stream().map(n -> new NodeBuilder(n).build()).toList();

    LoadBalancerSpec first = Fixtures.TRANSLATOR.translate(service, nodes, List.of());
    LoadBalancerSpec second = Fixtures.TRANSLATOR.translate(service, List.of(nodes.get(1), nodes.get(0)), List.of());

    assertThat(service).isEqualTo(copy);
    assertThat(nodes).isEqualTo(nodesCopy);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aServiceWithoutIdentityIsInvalid() {
    Service service = Fixtures.service(Map.of());
    service.getMetadata().setUid(null);

    assertThatThrownBy(() -> Fixtures.translate(service))
        .isInstanceOfSatisfying(InvalidServiceException.class,
            e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.key()).isEqualTo("metadata.uid")));
  }

  @Test
  void defaultNameIsTruncatedTo64Characters() {
    Service service = Fixtures.service(Map.of());
    service.getMetadata().setUid("u".repeat(80));

    String name = ((io.github.lbkit.api.Attachment.AutoCreate) Fixtures.translate(service).attachment()).name();

    assertThat(name).hasSize(64).startsWith("cce-lb-uuu");
  }

  @Test
  void optionsNeedAClusterName() {
    assertThatThrownBy(() -> TranslatorOptions.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(TranslatorOptions.of("c").dedicatedBackendMode()).isEqualTo(BackendMode.NODES);
    assertThat(TranslatorOptions.of("c").withDedicatedBackendMode(BackendMode.PODS).dedicatedBackendMode())
        .isEqualTo(BackendMode.PODS);
  }

  @Test
  void docsGeneratorWritesTheRenderedReference(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("docs/annotations.md");

    AnnotationDocs.main(new String[] {out.toString()});

    assertThat(Files.readString(out)).isEqualTo(AnnotationDocs.render());
  }
}
