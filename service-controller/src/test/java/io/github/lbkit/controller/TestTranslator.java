package io.github.lbkit.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.k8s.NodePredicates;
import io.github.lbkit.k8s.ServiceTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A minimal translator for controller tests: one TCP listener per port, eligible nodes (or ready pod
 * addresses with {@code test/pods}) as backends, {@code test/attach} to attach to an existing load balancer,
 * {@code test/pass-through} for ipMode Proxy, and {@code test/invalid} to be rejected.
 */
final class TestTranslator implements ServiceTranslator {

  static final String CLUSTER = "test-cluster";
  static final String INVALID = "test/invalid";
  static final String ATTACH = "test/attach";
  static final String PODS = "test/pods";
  static final String PASS_THROUGH = "test/pass-through";

  @Override
  public LoadBalancerSpec translate(Service service, List<Node> nodes, List<EndpointSlice> endpointSlices) {
    Map<String, String> a = ServiceRules.annotations(service);
    ServiceKey key = key(service);
    if (a.containsKey(INVALID)) {
      throw new InvalidServiceException(
          key.namespacedName(), List.of(new Problem(INVALID, a.get(INVALID), "must not be set; remove it")));
    }
    Attachment attachment =
        a.containsKey(ATTACH) ? new Attachment.Existing(a.get(ATTACH)) : Attachment.AutoCreate.inner(key.name());
    LoadBalancerSpec.Builder b = LoadBalancerSpec.builder(key, attachment).hints(hints(service));
    List<ListenerSpec> listeners = new ArrayList<>();
    for (ServicePort p : service.getSpec().getPorts()) {
      listeners.add(ListenerSpec.tcp(p.getPort(), p.getNodePort() == null ? 0 : p.getNodePort()));
    }
    b.listeners(listeners);
    List<Backend> backends = new ArrayList<>();
    if (a.containsKey(PODS)) {
      b.backendMode(BackendMode.PODS);
      TreeSet<String> addresses = new TreeSet<>();
      for (EndpointSlice es : endpointSlices) {
        for (Endpoint e : es.getEndpoints()) {
          if (e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady())) {
            addresses.addAll(e.getAddresses());
          }
        }
      }
      addresses.forEach(ip -> backends.add(new Backend(ip, null, Map.of())));
    } else {
      for (Node n : nodes) {
        String address = NodePredicates.address(n);
        if (NodePredicates.eligible(n) && address != null) {
          backends.add(Backend.node(n.getMetadata().getName(), address));
        }
      }
    }
    b.backends(backends);
    if (a.containsKey(PASS_THROUGH)) {
      b.passThrough(PassThrough.ON);
    }
    return b.build();
  }

  @Override
  public ServiceKey key(Service service) {
    return new ServiceKey(
        CLUSTER, service.getMetadata().getNamespace(), service.getMetadata().getName(), service.getMetadata().getUid());
  }
}
