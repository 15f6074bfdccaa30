package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CreationRecord;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Service as CCE's controller leaves it: refused without adoption (saying how), an adoption request with it. */
class AdoptionTranslationTest {

  static final String AUTO = "{\"type\":\"public\",\"name\":\"web-lb\",\"bandwidth_name\":\"bw\","
      + "\"bandwidth_chargemode\":\"bandwidth\",\"bandwidth_size\":5,\"bandwidth_sharetype\":\"PER\","
      + "\"eip_type\":\"5_bgp\"}";
  static final Map<String, String> AS_CCE_LEFT_IT = Map.of(
      "kubernetes.io/elb.autocreate", AUTO,
      "kubernetes.io/elb.id", Fixtures.LB_ID,
      "kubernetes.io/elb.eip-id", "eip-1",
      "kubernetes.io/elb.mark", "0");
  static final CceServiceTranslator ADOPTING =
      new CceServiceTranslator(TranslatorOptions.of("prod").withAdoption(true));

  static LoadBalancerSpec adopting(Service s) {
    return ADOPTING.translate(s, Fixtures.nodes(), List.<EndpointSlice>of());
  }

  @Test
  void withoutAdoptionTheServiceIsRefusedAndTheRefusalSaysHowToTurnItOn() {
    List<Problem> problems = Fixtures.problems(Fixtures.service(AS_CCE_LEFT_IT));
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString())
        .contains("must not be set together with kubernetes.io/elb.autocreate")
        .contains("ServiceController.builder().adoption(true)")
        .contains("TranslatorOptions.withAdoption(true)"));
  }

  @Test
  void withAdoptionTheSpecAsksToTakeOverTheWrittenBackIds() {
    LoadBalancerSpec spec = adopting(Fixtures.service(AS_CCE_LEFT_IT));
    assertThat(spec.attachment()).isInstanceOf(Attachment.AutoCreate.class);
    assertThat(spec.adoption()).isEqualTo(new Adoption(Fixtures.LB_ID, "eip-1", List.of()));
    assertThat(ADOPTING.unknownAnnotations(Fixtures.service(AS_CCE_LEFT_IT))).isEmpty();
  }

  @Test
  void withAdoptionANewAutoCreatedServiceLooksByNameAndTheDefaultNameIsCces() {
    assertThat(adopting(Fixtures.service(Map.of("kubernetes.io/elb.autocreate", AUTO))).adoption())
        .isEqualTo(new Adoption(null, null, List.of("web-lb")));
    assertThat(adopting(Fixtures.service(Map.of("kubernetes.io/elb.autocreate", "{\"type\":\"inner\"}")))
        .adoption().names())
        .containsExactly("cce-lb-" + Fixtures.UID, "cce-lb" + Fixtures.UID);
  }

  @Test
  void onceLbkitRecordedItsCreationNothingIsAdoptedAnyMore() {
    Map<String, String> ours = new java.util.HashMap<>(AS_CCE_LEFT_IT);
    ours.put(CreationRecord.ANNOTATION, new CreationRecord(LoadBalancerClass.SHARED, Fixtures.LB_ID, true,
        adopting(Fixtures.service(AS_CCE_LEFT_IT)).attachment() instanceof Attachment.AutoCreate a ? a.digest()
            : null).toAnnotation());
    assertThat(adopting(Fixtures.service(ours)).adoption()).isNull();
    assertThat(Fixtures.translate(Fixtures.service(ours)).adoption()).isNull();
  }

  @Test
  void attachingByIdNeverAsksForAdoption() {
    assertThat(adopting(Fixtures.service(Map.of("kubernetes.io/elb.id", Fixtures.LB_ID))).adoption()).isNull();
  }
}
