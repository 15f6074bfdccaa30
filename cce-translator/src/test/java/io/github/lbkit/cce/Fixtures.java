package io.github.lbkit.cce;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Services, nodes and a translator for the translator tests. */
final class Fixtures {

  static final String UID = "6f1c2f0e-0c1d-4c1e-9b1a-1234567890ab";
  static final String LB_ID = "5d2c1b7a-6e0f-4d3a-8c2b-0a1b2c3d4e5f";
  static final CceServiceTranslator TRANSLATOR = new CceServiceTranslator(TranslatorOptions.of("prod"));

  private Fixtures() {}

  /** A LoadBalancer Service shop/web with one TCP port 80 to 8080 on node port 30080. */
  static Service service(Map<String, String> annotations) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName("web")
        .withUid(UID)
        .withAnnotations(new LinkedHashMap<>(annotations))
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withPorts(port("http", "TCP", 80, 8080, 30080))
        .endSpec()
        .build();
  }

  static ServicePort port(String name, String protocol, int port, int targetPort, int nodePort) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol(protocol)
        .withPort(port)
        .withTargetPort(new IntOrString(targetPort))
        .withNodePort(nodePort)
        .build();
  }

  static Node node(String name, String address) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(address)
        .endAddress()
        .endStatus()
        .build();
  }

  static List<Node> nodes() {
    return List.of(node("n1", "10.0.0.1"), node("n2", "10.0.0.2"));
  }

  static LoadBalancerSpec translate(Service s) {
    return TRANSLATOR.translate(s, nodes(), List.<EndpointSlice>of());
  }

  static Service with(Map<String, String> annotations, Consumer<Service> tweak) {
    Service s = service(annotations);
    tweak.accept(s);
    return s;
  }

  /** Translates a Service that must be invalid and returns its problems. */
  static List<Problem> problems(Service s) {
    InvalidServiceException[] caught = new InvalidServiceException[1];
    assertThatThrownBy(() -> translate(s))
        .isInstanceOfSatisfying(InvalidServiceException.class, e -> caught[0] = e);
    return caught[0].problems();
  }
}
