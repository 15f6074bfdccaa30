package io.github.lbkit.benchmarks;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.fake.FakeResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The Services, nodes and observed trees the benchmarks and the harness work on. */
final class Workloads {

  /** The cluster name every workload uses. */
  static final String CLUSTER = "bench";

  private Workloads() {}

  /**
   * A LoadBalancer Service with an auto-created shared, inner load balancer, round robin and a TCP health check.
   *
   * @param index makes the name, the uid and the node ports unique
   * @param ports how many TCP ports, 80 upwards
   */
  static Service service(int index, int ports) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CceAnnotations.ELB_CLASS, "union");
    annotations.put(CceAnnotations.ELB_AUTOCREATE, "{\"type\":\"inner\",\"name\":\"bench-" + index + "\"}");
    annotations.put(CceAnnotations.ELB_LB_ALGORITHM, "ROUND_ROBIN");
    annotations.put(CceAnnotations.ELB_HEALTH_CHECK_FLAG, "on");
    List<ServicePort> list = new ArrayList<>();
    for (int p = 0; p < ports; p++) {
      list.add(new ServicePortBuilder()
          .withName("p" + p)
          .withProtocol("TCP")
          .withPort(80 + p)
          .withTargetPort(new IntOrString(8080 + p))
          .withNodePort(30000 + p)
          .build());
    }
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace("bench")
        .withName("svc-" + index)
        .withUid(String.format("00000000-0000-4000-8000-%012d", index))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withPorts(list)
        .endSpec()
        .build();
  }

  /**
   * Ready nodes {@code node-<first>} onwards, with addresses in 10.0.0.0/8.
   *
   * @param first the index of the first node
   * @param count how many
   */
  static List<Node> nodes(int first, int count) {
    List<Node> out = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      out.add(node(i));
    }
    return out;
  }

  /** One ready node. */
  static Node node(int i) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("node-" + i)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  /** The planner's view of a load balancer tree, as a provider builds it from one tree read. */
  static ObservedLoadBalancer observed(FakeResources.Tree t) {
    List<ObservedListener> listeners = new ArrayList<>();
    for (FakeResources.Listener l : t.listeners()) {
      ObservedPool pool = null;
      for (FakeResources.Pool p : t.pools()) {
        if (p.id().equals(l.defaultPoolId())) {
          ObservedMonitor monitor = null;
          for (FakeResources.Monitor m : t.monitors()) {
            if (m.id().equals(p.monitorId())) {
              monitor = new ObservedMonitor(m.id(), m.settings());
            }
          }
          List<ObservedMember> members = new ArrayList<>();
          for (FakeResources.Member m : t.members()) {
            if (m.poolId().equals(p.id())) {
              members.add(new ObservedMember(m.id(), m.address(), m.port()));
            }
          }
          pool = new ObservedPool(p.id(), p.algorithm(), p.persistence(), monitor, members);
        }
      }
      listeners.add(new ObservedListener(l.id(), l.protocol(), l.port(), blankToNull(l.description()), l.options(),
          pool));
    }
    FakeResources.LoadBalancer lb = t.loadBalancer();
    FakeResources.Eip e = t.eip();
    return new ObservedLoadBalancer(lb.id(), lb.name(), blankToNull(lb.description()), lb.vipAddress(),
        e == null ? null : new ObservedEip(e.id(), e.address(), blankToNull(e.alias())), listeners,
        List.of());
  }

  private static @Nullable String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
