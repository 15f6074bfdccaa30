package io.github.lbkit.cce;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.Backend;
import io.github.lbkit.k8s.NodePredicates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Builds the backend list: eligible nodes, or the Service's pods from its EndpointSlices. */
final class Backends {

  private Backends() {}

  /**
   * Returns the nodes the upstream service controller would use ({@link NodePredicates#eligible}) that report
   * an address, sorted by name.
   */
  static List<Backend> nodes(List<Node> nodes) {
    TreeMap<String, Backend> byName = new TreeMap<>();
    for (Node n : nodes) {
      if (n == null || n.getMetadata() == null || n.getMetadata().getName() == null) {
        continue;
      }
      String address = NodePredicates.address(n);
      if (address != null && NodePredicates.eligible(n)) {
        byName.put(n.getMetadata().getName(), Backend.node(n.getMetadata().getName(), address));
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * Returns the pods behind the Service, sorted by address: ready endpoints (an unset readiness counts as
   * ready), not-ready ones too when the Service publishes not-ready addresses, never terminating ones. Each
   * carries its port numbers by Service port name.
   */
  static List<Backend> pods(List<EndpointSlice> slices, boolean publishNotReadyAddresses) {
    Map<String, @Nullable String> nodeOf = new HashMap<>();
    Map<String, Map<String, Integer>> portsOf = new TreeMap<>();
    for (EndpointSlice slice : slices) {
      if (slice == null || "FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
        continue;
      }
      Map<String, Integer> ports = new HashMap<>();
      if (slice.getPorts() != null) {
        for (EndpointPort p : slice.getPorts()) {
          if (p.getPort() != null) {
            ports.put(p.getName() == null ? "" : p.getName(), p.getPort());
          }
        }
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (!serves(e.getConditions(), publishNotReadyAddresses) || e.getAddresses() == null) {
          continue;
        }
        for (String address : e.getAddresses()) {
          if (address == null || address.isBlank()) {
            continue;
          }
          portsOf.computeIfAbsent(address, a -> new HashMap<>()).putAll(ports);
          if (e.getNodeName() != null) {
            nodeOf.put(address, e.getNodeName());
          }
        }
      }
    }
    List<Backend> out = new ArrayList<>();
    portsOf.forEach((address, ports) -> out.add(new Backend(address, nodeOf.get(address), ports)));
    return out;
  }

  private static boolean serves(@Nullable EndpointConditions c, boolean publishNotReady) {
    if (c == null) {
      return true;
    }
    if (Boolean.TRUE.equals(c.getTerminating())) {
      return false;
    }
    return c.getReady() == null || c.getReady() || publishNotReady;
  }
}
