package io.github.lbkit.cce;

import static io.github.lbkit.cce.CceAnnotations.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every problem of a Service is reported at once. */
class ManyProblemsTest {

  @Test
  void reportsEveryProblemNotOnlyTheFirst() {
    var service =
        Fixtures.with(
            Map.of(
                ELB_CLASS, "shared",
                ELB_LB_ALGORITHM, "RANDOM",
                ELB_AUTOCREATE, "{\"type\":\"public\",\"bandwidth_size\":0,\"colour\":\"red\"}",
                ELB_KEEPALIVE_TIMEOUT, "forever",
                ELB_PASS_THROUGH, "maybe"),
            s -> s.getSpec().getPorts().get(0).setProtocol("SCTP"));

    List<Problem> problems = Fixtures.problems(service);

    assertThat(problems)
        .extracting(Problem::key)
        .contains(ELB_CLASS, ELB_LB_ALGORITHM, ELB_AUTOCREATE, ELB_KEEPALIVE_TIMEOUT, ELB_PASS_THROUGH,
            "spec.ports[0].protocol");
    assertThat(problems)
        .filteredOn(p -> p.key().equals(ELB_AUTOCREATE))
        .extracting(Problem::rule)
        .anySatisfy(r -> assertThat(r).contains("unknown field colour"))
        .anySatisfy(r -> assertThat(r).contains("field bandwidth_size must be 1-2000"))
        .anySatisfy(r -> assertThat(r).contains("field eip_type is required when type is public"));
    assertThat(problems).allSatisfy(p -> assertThat(p.rule()).isNotBlank());
  }

  @Test
  void messageStartsWithTheOperationAndNamesTheServiceAndEachKey() {
    var service = Fixtures.service(Map.of(ELB_LB_ALGORITHM, "RANDOM", ELB_PASS_THROUGH, "maybe"));

    assertThatThrownBy(() -> Fixtures.translate(service))
        .isInstanceOf(InvalidServiceException.class)
        .hasMessageStartingWith("validate Service shop/web: 2 problems")
        .hasMessageContaining(ELB_LB_ALGORITHM + "=\"RANDOM\": must be one of")
        .hasMessageContaining(ELB_PASS_THROUGH + "=\"maybe\": must be true, false or onlyLocal");
  }

  @Test
  void keyNeedsNoValidAnnotations() {
    var service = Fixtures.service(Map.of(ELB_AUTOCREATE, "{broken"));

    assertThat(Fixtures.TRANSLATOR.key(service).uid()).isEqualTo(Fixtures.UID);
    assertThat(Fixtures.TRANSLATOR.key(service).clusterName()).isEqualTo("prod");
    assertThat(Fixtures.TRANSLATOR.hints(service)).isNotNull();
  }
}
