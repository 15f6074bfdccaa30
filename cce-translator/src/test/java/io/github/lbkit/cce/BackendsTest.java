package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.k8s.NodePredicates;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Node eligibility and pod backends from EndpointSlices. */
class BackendsTest {

  record NodeCase(UnaryOperator<NodeBuilder> tweak, boolean backend) {}

  static Stream<Named<NodeCase>> nodeCases() {
    String label = NodePredicates.EXCLUDE_LABEL;
    return Stream.of(
        Named.of("plain node", new NodeCase(b -> b, true)),
        Named.of("exclusion label true", new NodeCase(b -> b.editMetadata().addToLabels(label, "true").endMetadata(),
            false)),
        Named.of("exclusion label false", new NodeCase(b -> b.editMetadata().addToLabels(label, "false").endMetadata(),
            true)),
        Named.of("exclusion label empty", new NodeCase(b -> b.editMetadata().addToLabels(label, "").endMetadata(),
            false)),
        Named.of("exclusion label garbage", new NodeCase(
            b -> b.editMetadata().addToLabels(label, "garbage").endMetadata(), false)),
        Named.of("being deleted", new NodeCase(
            b -> b.editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata(), false)),
        Named.of("autoscaler taint", new NodeCase(
            b -> b.withNewSpec().addNewTaint().withKey(NodePredicates.TO_BE_DELETED_TAINT)
                .withEffect("NoSchedule").endTaint().endSpec(), false)),
        Named.of("other taint", new NodeCase(
            b -> b.withNewSpec().addNewTaint().withKey("dedicated").withEffect("NoSchedule").endTaint().endSpec(),
            true)),
        Named.of("not ready still counts", new NodeCase(
            b -> b.editStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus(),
            true)),
        Named.of("no address is skipped", new NodeCase(b -> b.editStatus().withAddresses().endStatus(), false)),
        Named.of("external address only", new NodeCase(
            b -> b.editStatus().withAddresses().addNewAddress().withType("ExternalIP").withAddress("10.0.0.9")
                .endAddress().endStatus(), true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeCases")
  void nodeEligibility(NodeCase c) {
    Node n = c.tweak().apply(new NodeBuilder(Fixtures.node("n9", "10.0.0.9"))).build();
    LoadBalancerSpec spec =
        Fixtures.TRANSLATOR.translate(Fixtures.service(Map.of()), List.of(Fixtures.node("n1", "10.0.0.1"), n),
            List.of());
    assertThat(spec.backends())
        .extracting(Backend::nodeName)
        .containsExactlyElementsOf(c.backend() ? List.of("n1", "n9") : List.of("n1"));
  }

  @Test
  void nodeMembersUseTheNodePort() {
    LoadBalancerSpec spec = Fixtures.translate(Fixtures.service(Map.of()));
    assertThat(spec.membersFor(spec.listeners().get(0)))
        .containsExactly(new MemberTarget("10.0.0.1", 30080), new MemberTarget("10.0.0.2", 30080));
  }

  static EndpointSlice slice(String portName, int port, Object[]... endpoints) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder().withNewMetadata().withName("web-x").endMetadata().withAddressType("IPv4")
            .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
    for (Object[] e : endpoints) {
      b.addNewEndpoint()
          .withAddresses((String) e[0])
          .withNodeName("n1")
          .withNewConditions()
          .withReady((Boolean) e[1])
          .withTerminating((Boolean) e[2])
          .endConditions()
          .endEndpoint();
    }
    return b.build();
  }

  static Object[] ep(String address, @Nullable Boolean ready, @Nullable Boolean terminating) {
    return new Object[] {address, ready, terminating};
  }

  static Service podService(boolean publishNotReady) {
    Service s = Fixtures.service(Map.of(CceAnnotations.ELB_CLASS, "performance"));
    s.getSpec().setAllocateLoadBalancerNodePorts(false);
    s.getSpec().getPorts().get(0).setNodePort(null);
    s.getSpec().setPublishNotReadyAddresses(publishNotReady);
    return s;
  }

  @Test
  void podBackendsAreReadyEndpointsWithTheirPortByName() {
    EndpointSlice s =
        slice("http", 8080, ep("172.16.0.1", true, false), ep("172.16.0.2", null, null),
            ep("172.16.0.3", false, false), ep("172.16.0.4", true, true));
    EndpointSlice fqdn = new EndpointSliceBuilder(slice("http", 8080, ep("db.example", true, false)))
        .withAddressType("FQDN").build();
    LoadBalancerSpec spec = Fixtures.TRANSLATOR.translate(podService(false), Fixtures.nodes(), List.of(s, fqdn));

    assertThat(spec.backendMode()).isEqualTo(BackendMode.PODS);
    assertThat(spec.backends()).extracting(Backend::address).containsExactly("172.16.0.1", "172.16.0.2");
    assertThat(spec.backends().get(0).ports()).containsEntry("http", 8080);
    assertThat(spec.backends().get(0).nodeName()).isEqualTo("n1");
    assertThat(spec.membersFor(spec.listeners().get(0)))
        .containsExactly(new MemberTarget("172.16.0.1", 8080), new MemberTarget("172.16.0.2", 8080));
    // Pod backends are probed on their own port even with Local: there is no node hop.
    assertThat(spec.listeners().get(0).healthCheck().type()).isEqualTo(HealthCheck.Type.TCP);
  }

  @Test
  void publishNotReadyAddressesAddsNotReadyButNeverTerminatingEndpoints() {
    EndpointSlice s =
        slice("http", 8080, ep("172.16.0.1", true, false), ep("172.16.0.3", false, false),
            ep("172.16.0.4", false, true));
    LoadBalancerSpec spec = Fixtures.TRANSLATOR.translate(podService(true), Fixtures.nodes(), List.of(s));

    assertThat(spec.backends()).extracting(Backend::address).containsExactly("172.16.0.1", "172.16.0.3");
  }

  @Test
  void podPortsComeFromTheSliceWhenTheTargetPortIsNamed() {
    Service svc = podService(false);
    svc.getSpec().getPorts().get(0).setTargetPort(new io.fabric8.kubernetes.api.model.IntOrString("web"));
    LoadBalancerSpec spec =
        Fixtures.TRANSLATOR.translate(svc, Fixtures.nodes(), List.of(slice("http", 9090, ep("172.16.0.7", true,
            false))));

    assertThat(spec.membersFor(spec.listeners().get(0))).containsExactly(new MemberTarget("172.16.0.7", 9090));
  }

  @Test
  void turboStyleOptionGivesDedicatedPodBackendsWhileSharedStaysOnNodes() {
    CceServiceTranslator turbo =
        new CceServiceTranslator(TranslatorOptions.of("prod").withDedicatedBackendMode(BackendMode.PODS));
    EndpointSlice s = slice("http", 8080, ep("172.16.0.1", true, false));

    LoadBalancerSpec dedicated =
        turbo.translate(Fixtures.service(Map.of(CceAnnotations.ELB_CLASS, "performance")), Fixtures.nodes(),
            List.of(s));
    LoadBalancerSpec shared = turbo.translate(Fixtures.service(Map.of()), Fixtures.nodes(), List.of(s));

    assertThat(dedicated.backendMode()).isEqualTo(BackendMode.PODS);
    assertThat(dedicated.backends()).extracting(Backend::address).containsExactly("172.16.0.1");
    assertThat(shared.backendMode()).isEqualTo(BackendMode.NODES);
  }
}
