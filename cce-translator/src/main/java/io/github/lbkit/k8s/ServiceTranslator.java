package io.github.lbkit.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import java.util.List;
import java.util.Map;

/**
 * Turns a Kubernetes Service, with the cluster's nodes and the Service's EndpointSlices, into a validated
 * {@link LoadBalancerSpec}. Pure: no I/O, no clock, and the inputs are never modified. One annotation dialect
 * (for example CCE's {@code kubernetes.io/elb.*}) is one implementation.
 */
public interface ServiceTranslator {

  /**
   * Translates a Service.
   *
   * @param service the Service; must have a namespace, a name and a uid
   * @param nodes every node of the cluster; the translator applies the backend eligibility rules itself
   * @param endpointSlices the Service's EndpointSlices (used for pod backends; may be empty otherwise)
   * @return the desired state
   * @throws InvalidServiceException listing every problem found, each with its key, value and rule
   */
  LoadBalancerSpec translate(Service service, List<Node> nodes, List<EndpointSlice> endpointSlices);

  /**
   * Returns the owner key of a Service, without validating anything else.
   *
   * @param service the Service
   * @return the key
   */
  ServiceKey key(Service service);

  /**
   * Finds the annotation keys in the dialect's namespaces that the dialect does not know, most likely
   * misspellings: {@link #translate} ignores them, so the setting they were meant for silently keeps its
   * default. Never fails, whatever the annotations hold. A controller still serves the Service and reports them
   * in a Warning; a command-line check refuses them.
   *
   * @param service the Service
   * @return one problem per unknown key, with the key, its value, and a rule naming the closest known key when
   *     there is one; empty by default
   */
  default List<Problem> unknownAnnotations(Service service) {
    return List.of();
  }

  /**
   * Reads the hints for {@code find} and {@code delete} leniently: never fails, whatever the annotations hold.
   *
   * @param service the Service
   * @return the hints
   */
  default LoadBalancerHints hints(Service service) {
    Map<String, String> annotations =
        service.getMetadata() == null || service.getMetadata().getAnnotations() == null
            ? Map.of()
            : service.getMetadata().getAnnotations();
    return LoadBalancerHints.fromAnnotations(annotations);
  }
}
