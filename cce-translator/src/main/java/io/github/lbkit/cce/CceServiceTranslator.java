package io.github.lbkit.cce;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.TrafficPolicy;
import io.github.lbkit.k8s.ServiceTranslator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ServiceTranslator} of the CCE annotation dialect ({@code kubernetes.io/elb.*}, see
 * {@link CceAnnotations}). It validates every annotation and Service field it reads and reports all problems
 * at once; it never defaults an invalid value silently.
 *
 * <p>What it reads besides annotations: ports and protocols (TCP and UDP, mixed allowed; SCTP refused),
 * {@code sessionAffinity: ClientIP} (sticky sessions by source IP, the timeout rounded up to minutes within
 * 1-60, unless the annotations say otherwise), {@code loadBalancerSourceRanges} (else the beta annotation),
 * {@code externalTrafficPolicy} with {@code healthCheckNodePort}, {@code allocateLoadBalancerNodePorts: false}
 * (pod backends), {@code publishNotReadyAddresses} and {@code ipFamilies}. {@code loadBalancerClass} is not
 * read: choosing which Services to serve is the controller's job.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CceServiceTranslator implements ServiceTranslator {

  private static final Pattern SUBNET = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private final TranslatorOptions options;

  /**
   * Creates a translator.
   *
   * @param options the cluster name and backend mode
   */
  public CceServiceTranslator(TranslatorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Returns the options.
   *
   * @return the options
   */
  public TranslatorOptions options() {
    return options;
  }

  @Override
  public ServiceKey key(Service service) {
    Objects.requireNonNull(service, "service");
    ObjectMeta m = service.getMetadata();
    if (m == null) {
      throw new IllegalArgumentException("key of Service: metadata is missing");
    }
    return new ServiceKey(options.clusterName(), m.getNamespace(), m.getName(), m.getUid());
  }

  /**
   * Returns a problem for every {@code kubernetes.io/elb*} or {@code lbkit.io/} annotation key that is not
   * known (see {@link CceAnnotations#unknownKeys}), with the closest known key when one is close.
   *
   * @param service the Service
   * @return the problems, in key order; empty when every such key is known
   */
  @Override
  public List<Problem> unknownAnnotations(Service service) {
    Objects.requireNonNull(service, "service");
    Map<String, String> annotations =
        service.getMetadata() == null || service.getMetadata().getAnnotations() == null
            ? Map.of()
            : service.getMetadata().getAnnotations();
    return CceAnnotations.unknownKeys(annotations.keySet()).stream()
        .map(u -> new Problem(u.key(), annotations.get(u.key()), u.rule()))
        .toList();
  }

  @Override
  public LoadBalancerSpec translate(Service service, List<Node> nodes, List<EndpointSlice> endpointSlices) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(endpointSlices, "endpointSlices");
    Problems problems = new Problems();
    ObjectMeta meta = service.getMetadata() == null ? new ObjectMeta() : service.getMetadata();
    String shown = meta.getNamespace() + "/" + meta.getName();
    for (String[] f : new String[][] {
        {"metadata.namespace", meta.getNamespace()}, {"metadata.name", meta.getName()},
        {"metadata.uid", meta.getUid()}}) {
      if (f[1] == null || f[1].isBlank()) {
        problems.add(f[0], null, "must be set; pass the Service as read from the API server");
      }
    }
    ServiceSpec spec = service.getSpec() == null ? new ServiceSpec() : service.getSpec();
    if (!"LoadBalancer".equals(spec.getType())) {
      problems.add("spec.type", spec.getType(), "must be LoadBalancer");
    }
    List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
    if (ports.isEmpty()) {
      problems.add("spec.ports", null, "must list at least one port");
    }
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    AnnotationValues av = new AnnotationValues(annotations, problems);
    String uid = meta.getUid() == null ? "" : meta.getUid();

    Attachments.Resolved resolved = Attachments.resolve(av, uid, options.adoption());
    LoadBalancerClass cls = resolved.loadBalancerClass();
    Attachment attachment = resolved.attachment();

    String subnetId = av.matching(CceAnnotations.ELB_SUBNET_ID, SUBNET,
        "must be a subnet id of 1-100 letters, digits, '-' or '_'");
    String enterprise = av.text(CceAnnotations.ELB_ENTERPRISE_ID);
    if (enterprise != null && enterprise.equals("0")) {
      enterprise = null;
    } else if (enterprise != null) {
      enterprise = av.id(CceAnnotations.ELB_ENTERPRISE_ID);
    }
    av.id(CceAnnotations.ELB_EIP_ID);
    String customEip = customEip(av, attachment);
    Boolean adaptive = av.bool(CceAnnotations.ELB_ADAPTIVE_WEIGHT);

    TrafficPolicy policy = ServiceSettings.trafficPolicy(spec, problems);
    Integer healthCheckNodePort = policy == TrafficPolicy.LOCAL ? spec.getHealthCheckNodePort() : null;
    BackendMode mode = backendMode(spec, cls, problems);

    Set<String> servicePorts = new LinkedHashSet<>();
    for (ServicePort p : ports) {
      servicePorts.add((p.getProtocol() == null ? "TCP" : p.getProtocol()) + ":" + p.getPort());
    }
    HealthChecks healthChecks = HealthChecks.read(av, servicePorts);
    PoolSpec pool = Pools.read(av, spec);
    List<ListenerSpec> listeners =
        Listeners.build(ports, av, new Listeners.Inputs(cls, mode, pool, healthChecks,
            new HealthChecks.Context(policy == TrafficPolicy.LOCAL && mode == BackendMode.NODES,
                healthCheckNodePort)));

    var sourceRanges = ServiceSettings.sourceRanges(spec, av);
    var ipFamilies = ServiceSettings.ipFamilies(spec, problems);
    var passThrough = ServiceSettings.passThrough(av, policy);
    var acl = ServiceSettings.acl(av, cls);
    var tags = ServiceSettings.tags(av, attachment);

    List<Backend> backends =
        mode == BackendMode.NODES
            ? Backends.nodes(nodes)
            : Backends.pods(endpointSlices, Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()));

    if (!problems.isEmpty() || attachment == null) {
      if (problems.isEmpty()) {
        problems.add(CceAnnotations.ELB_AUTOCREATE, null, "could not be read");
      }
      throw new InvalidServiceException(shown, problems.list());
    }
    try {
      return LoadBalancerSpec.builder(key(service), attachment)
          .loadBalancerClass(cls)
          .subnetId(subnetId)
          .cloudOptions(enterprise == null ? resolved.options()
              : resolved.options().with(HuaweiOptionKeys.ENTERPRISE_PROJECT_ID, enterprise))
          .listeners(listeners)
          .backendMode(mode)
          .backends(backends)
          .trafficPolicy(policy, healthCheckNodePort)
          .passThrough(passThrough)
          .sourceRanges(sourceRanges)
          .acl(acl)
          .tags(tags)
          .ipFamilies(ipFamilies)
          .customEipId(customEip)
          .adaptiveWeight(Boolean.TRUE.equals(adaptive))
          .hints(LoadBalancerHints.fromAnnotations(annotations))
          .recorded(resolved.recorded())
          .adoption(resolved.adoption())
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidServiceException(shown, List.of(new Problem("spec", null,
          "is inconsistent: " + e.getMessage() + "; fix the Service")));
    }
  }

  private BackendMode backendMode(ServiceSpec spec, LoadBalancerClass cls, Problems problems) {
    if (Boolean.FALSE.equals(spec.getAllocateLoadBalancerNodePorts())) {
      if (cls == LoadBalancerClass.SHARED) {
        problems.add("spec.allocateLoadBalancerNodePorts", "false", "false needs pod backends, which only dedicated"
            + " load balancers have; set " + CceAnnotations.ELB_CLASS + ": performance, or allow node ports");
      }
      return BackendMode.PODS;
    }
    return cls == LoadBalancerClass.DEDICATED ? options.dedicatedBackendMode() : BackendMode.NODES;
  }

  private static @Nullable String customEip(AnnotationValues av, @Nullable Attachment attachment) {
    String key = CceAnnotations.ELB_CUSTOM_EIP_ID;
    String id = av.id(key);
    if (!av.isSet(key)) {
      return null;
    }
    if (attachment instanceof Attachment.Existing) {
      av.problems().add(key, av.text(key), "applies only to an auto-created load balancer; bind the EIP to an"
          + " existing load balancer in the cloud, or remove it");
      return null;
    }
    if (!av.isSet(CceAnnotations.ELB_EIP_ID)) {
      av.problems().add(key, av.text(key), "is allowed only after creation, once lbkit has written back "
          + CceAnnotations.ELB_EIP_ID + " for the auto-created EIP; remove it and set it again then");
      return null;
    }
    return id;
  }
}
