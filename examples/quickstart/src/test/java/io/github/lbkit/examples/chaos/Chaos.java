package io.github.lbkit.examples.chaos;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared pieces of the chaos tests: sizes, Services, nodes and the duplicate check. */
final class Chaos {

  /** The cluster name of every chaos test. */
  static final String CLUSTER = "chaos";

  /** The CCE translator every chaos test uses. */
  static final CceServiceTranslator TRANSLATOR = new CceServiceTranslator(TranslatorOptions.of(CLUSTER));

  /** True under {@code -Pchaos-long} (system property {@code lbkit.chaos.long=true}): bigger and longer runs. */
  static final boolean LONG = Boolean.getBoolean("lbkit.chaos.long");

  private Chaos() {}

  /**
   * Picks the fast size or the long size.
   *
   * @param fast the size in the default test run
   * @param longRun the size under {@code -Pchaos-long}
   */
  static int size(int fast, int longRun) {
    return LONG ? longRun : fast;
  }

  /** A LoadBalancer Service with an auto-created shared, inner load balancer and two TCP ports. */
  static Service service(String namespace, String name, String uid) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CceAnnotations.ELB_CLASS, "union");
    annotations.put(CceAnnotations.ELB_AUTOCREATE, "{\"type\":\"inner\",\"name\":\"" + name + "\"}");
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(uid)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withPorts(
            new ServicePortBuilder().withName("http").withProtocol("TCP").withPort(80)
                .withTargetPort(new IntOrString(8080)).withNodePort(30080).build(),
            new ServicePortBuilder().withName("https").withProtocol("TCP").withPort(443)
                .withTargetPort(new IntOrString(8443)).withNodePort(30443).build())
        .endSpec()
        .build();
  }

  /** A node with an internal address. */
  static Node node(String name, String address) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(address).endAddress().endStatus()
        .build();
  }

  /** Nodes n1..nCount at 10.0.0.1 onwards. */
  static List<Node> nodes(int count) {
    List<Node> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(node("n" + i, "10.0.0." + i));
    }
    return out;
  }

  /**
   * Returns the owner markers that more than one load balancer carries: a duplicate create.
   *
   * @param cloud the cloud
   * @return owner to count, for the duplicated owners only
   */
  static Map<String, Integer> duplicateOwners(FakeCloud cloud) {
    Map<String, Integer> byOwner = new HashMap<>();
    for (FakeResources.Resource r : cloud.inventory()) {
      if (r.kind() == FakeResources.Kind.LOAD_BALANCER && !r.owner().isEmpty()) {
        byOwner.merge(r.owner(), 1, Integer::sum);
      }
    }
    byOwner.values().removeIf(n -> n < 2);
    return byOwner;
  }
}
