package io.github.lbkit.cli;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A Service read from a manifest and translated with the CCE dialect: the spec, or the problems, and the notes
 * on what the command filled in.
 *
 * @param name the Service's {@code namespace/name} as translated
 * @param spec the spec, or null when the Service is invalid
 * @param problems every problem, empty when valid
 * @param notes what the command assumed, for example a placeholder uid
 * @param nodesGiven whether {@code --nodes} was given
 * @param nodeCount how many nodes were read
 */
record ServiceInput(
    String name,
    @Nullable LoadBalancerSpec spec,
    List<Problem> problems,
    List<String> notes,
    boolean nodesGiven,
    int nodeCount) {

  /** The namespace a Service without one gets, as kubectl would apply it. */
  static final String DEFAULT_NAMESPACE = "default";

  /** The uid a Service without one gets; the API server assigns real ones. */
  static final String PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000";

  ServiceInput {
    Objects.requireNonNull(name, "name");
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /**
   * Tells whether the Service translated.
   *
   * @return true when there is a spec
   */
  boolean valid() {
    return spec != null;
  }

  /**
   * Reads and translates the Service named by {@code -f}, with the nodes of {@code --nodes}.
   *
   * @param command the command's name, for messages
   * @param args the parsed options
   * @param io the streams
   * @return the translation
   * @throws UsageException when an option is missing or wrong, or a file cannot be read
   */
  static ServiceInput read(String command, Args args, Io io) {
    String file = args.get("file");
    if (file == null) {
      throw new UsageException(command + ": -f FILE is required; give the Service manifest (YAML or JSON), or -f -"
          + " to read it from standard input");
    }
    TranslatorOptions options;
    try {
      options = TranslatorOptions.of(args.get("cluster", "default"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(command + ": --cluster must not be blank; give the cluster's name");
    }
    String nodesFile = args.get("nodes");
    if ("-".equals(file) && "-".equals(nodesFile)) {
      throw new UsageException(command + ": -f - and --nodes - cannot both read standard input; give one as a"
          + " file");
    }
    Manifests manifests = new Manifests(command, io.in());
    Service service = manifests.service(file);
    List<Node> nodes = nodesFile == null ? List.of() : manifests.nodes(nodesFile);

    List<String> notes = new ArrayList<>();
    if (service.getMetadata() == null) {
      service.setMetadata(new ObjectMeta());
    }
    ObjectMeta meta = service.getMetadata();
    if (meta.getNamespace() == null || meta.getNamespace().isBlank()) {
      meta.setNamespace(DEFAULT_NAMESPACE);
      notes.add("metadata.namespace is not set; using \"" + DEFAULT_NAMESPACE + "\"");
    }
    if (meta.getUid() == null || meta.getUid().isBlank()) {
      meta.setUid(PLACEHOLDER_UID);
      notes.add("metadata.uid is not set (the API server assigns it); using a placeholder");
    }
    allocatePorts(service, notes);
    notes.addAll(unknownFields(service));
    String name = meta.getNamespace() + "/" + meta.getName();
    CceServiceTranslator translator = new CceServiceTranslator(options);
    // A misspelt key (kubernetes.io/elb.autocreat) is ignored by the translator, so the Service would get the
    // default it meant to change (an inner load balancer with a generated name): the controller warns and
    // serves it, but here, before anything is applied, it is an error.
    List<Problem> unknownKeys = translator.unknownAnnotations(service);
    try {
      LoadBalancerSpec spec = translator.translate(service, nodes, List.<EndpointSlice>of());
      if (!unknownKeys.isEmpty()) {
        return new ServiceInput(name, null, unknownKeys, notes, nodesFile != null, nodes.size());
      }
      return new ServiceInput(name, spec, List.of(), notes, nodesFile != null, nodes.size());
    } catch (InvalidServiceException e) {
      List<Problem> problems = new ArrayList<>(unknownKeys);
      problems.addAll(e.problems());
      return new ServiceInput(name, null, problems, notes, nodesFile != null, nodes.size());
    }
  }

  // A manifest from the editor has no node ports yet: the API server allocates them on create. Stand in for it,
  // so that validating a fresh manifest checks what the user wrote rather than what the server will add.
  private static void allocatePorts(Service service, List<String> notes) {
    if (service.getSpec() == null || service.getSpec().getPorts() == null
        || Boolean.FALSE.equals(service.getSpec().getAllocateLoadBalancerNodePorts())) {
      return;
    }
    int next = 30000;
    boolean allocated = false;
    for (io.fabric8.kubernetes.api.model.ServicePort p : service.getSpec().getPorts()) {
      if (p.getNodePort() == null || p.getNodePort() == 0) {
        p.setNodePort(next++);
        allocated = true;
      }
    }
    if (allocated) {
      notes.add("spec.ports[].nodePort is not set (the API server allocates it); using placeholders from 30000");
    }
    if ("Local".equals(service.getSpec().getExternalTrafficPolicy())
        && (service.getSpec().getHealthCheckNodePort() == null || service.getSpec().getHealthCheckNodePort() == 0)) {
      service.getSpec().setHealthCheckNodePort(32767);
      notes.add("spec.healthCheckNodePort is not set (the API server allocates it); using the placeholder 32767");
    }
  }

  // fabric8 keeps fields it does not know in additionalProperties; the API server would drop them (or refuse
  // them), so a typo such as "externalTrafficPolicys" silently changes nothing. Say so.
  private static List<String> unknownFields(Service service) {
    List<String> out = new ArrayList<>();
    unknown("", service.getAdditionalProperties(), out);
    unknown("metadata.", service.getMetadata().getAdditionalProperties(), out);
    if (service.getSpec() != null) {
      unknown("spec.", service.getSpec().getAdditionalProperties(), out);
      if (service.getSpec().getPorts() != null) {
        for (int i = 0; i < service.getSpec().getPorts().size(); i++) {
          unknown("spec.ports[" + i + "].", service.getSpec().getPorts().get(i).getAdditionalProperties(), out);
        }
      }
    }
    return out;
  }

  private static void unknown(String prefix, @Nullable Map<String, Object> fields, List<String> out) {
    if (fields == null) {
      return;
    }
    for (String field : new TreeSet<>(fields.keySet())) {
      out.add(prefix + field + " is not a field of a Service; it is ignored (check its spelling)");
    }
  }
}
