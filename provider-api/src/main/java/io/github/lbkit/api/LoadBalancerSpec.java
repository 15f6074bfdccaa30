package io.github.lbkit.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The whole desired state of one Service's load balancer, validated and immutable. The translator in
 * {@code io.github.lbkit.cce} builds it from a Service, its annotations and the cluster's nodes or pods;
 * providers turn it into cloud calls. Every CCE annotation maps to a field here, and nothing is parsed twice.
 *
 * @param key the owning Service
 * @param loadBalancerClass shared or dedicated
 * @param attachment an existing load balancer, or what to auto-create
 * @param subnetId the VPC subnet id of the VIP ({@code kubernetes.io/elb.subnet-id}), or null for the
 *     provider's default
 * @param listeners one per Service port, in Service order; protocol and port unique
 * @param backendMode nodes or pods
 * @param backends the eligible nodes or ready pods
 * @param trafficPolicy the external traffic policy
 * @param healthCheckNodePort the health check node port ({@code externalTrafficPolicy: Local}), or null
 * @param passThrough pass-through networking
 * @param sourceRanges CIDRs allowed to connect; empty means everyone
 * @param acl IP-group access control, or null to leave the listeners' access control alone
 * @param tags tags for auto-created load balancers
 * @param ipFamilies the Service's IP families, in order
 * @param customEipId an EIP to bind instead of the auto-created one ({@code kubernetes.io/elb.custom-eip-id})
 * @param adaptiveWeight weigh node members by their number of pods
 * @param hints ids written back earlier
 * @param recorded what was recorded at creation, or null before the first successful ensure
 * @param adoption a request to take over the load balancer CCE's controller created for the Service, or null
 *     (the default: never adopt)
 * @param cloudOptions settings only one provider understands, by namespaced key (an absent key means the
 *     provider's default); see {@link CloudOptions}
 */
public record LoadBalancerSpec(
    ServiceKey key,
    LoadBalancerClass loadBalancerClass,
    Attachment attachment,
    @Nullable String subnetId,
    List<ListenerSpec> listeners,
    BackendMode backendMode,
    List<Backend> backends,
    TrafficPolicy trafficPolicy,
    @Nullable Integer healthCheckNodePort,
    PassThrough passThrough,
    List<String> sourceRanges,
    @Nullable AclSpec acl,
    Map<String, String> tags,
    List<IpFamily> ipFamilies,
    @Nullable String customEipId,
    boolean adaptiveWeight,
    LoadBalancerHints hints,
    @Nullable CreationRecord recorded,
    @Nullable Adoption adoption,
    CloudOptions cloudOptions) {

  /**
   * Validates the invariants and copies every collection.
   *
   * @param key the owning Service
   * @param loadBalancerClass shared or dedicated
   * @param attachment an existing load balancer, or what to auto-create
   * @param subnetId the VPC subnet id of the VIP ({@code kubernetes.io/elb.subnet-id}), or null for the
   *     provider's default
   * @param listeners one per Service port, in Service order; protocol and port unique
   * @param backendMode nodes or pods
   * @param backends the eligible nodes or ready pods
   * @param trafficPolicy the external traffic policy
   * @param healthCheckNodePort the health check node port ({@code externalTrafficPolicy: Local}), or null
   * @param passThrough pass-through networking
   * @param sourceRanges CIDRs allowed to connect; empty means everyone
   * @param acl IP-group access control, or null to leave the listeners' access control alone
   * @param tags tags for auto-created load balancers
   * @param ipFamilies the Service's IP families, in order
   * @param customEipId an EIP to bind instead of the auto-created one ({@code kubernetes.io/elb.custom-eip-id})
   * @param adaptiveWeight weigh node members by their number of pods
   * @param hints ids written back earlier
   * @param recorded what was recorded at creation, or null before the first successful ensure
   * @param adoption a request to take over the load balancer CCE's controller created, or null
   * @param cloudOptions settings only one provider understands, by namespaced key (an absent key means the
   *     provider's default); see {@link CloudOptions}
   */
  public LoadBalancerSpec {
    Objects.requireNonNull(key, "key");
    if (adoption != null && !(attachment instanceof Attachment.AutoCreate)) {
      throw new IllegalArgumentException("adoption applies only to an auto-created load balancer");
    }
    Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
    Objects.requireNonNull(attachment, "attachment");
    Objects.requireNonNull(backendMode, "backendMode");
    Objects.requireNonNull(trafficPolicy, "trafficPolicy");
    Objects.requireNonNull(passThrough, "passThrough");
    Objects.requireNonNull(hints, "hints");
    Objects.requireNonNull(cloudOptions, "cloudOptions");
    listeners = List.copyOf(listeners);
    backends = List.copyOf(backends);
    sourceRanges = List.copyOf(sourceRanges);
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    ipFamilies = List.copyOf(ipFamilies);
    Set<String> ids = new HashSet<>();
    for (ListenerSpec l : listeners) {
      if (!ids.add(l.id())) {
        throw new IllegalArgumentException("two listeners with protocol and port " + l.id());
      }
    }
  }

  /**
   * Starts a builder with the required parts; everything else has the CCE defaults.
   *
   * @param key the owning Service
   * @param attachment an existing load balancer or what to create
   * @return the builder
   */
  public static Builder builder(ServiceKey key, Attachment attachment) {
    return new Builder(key, attachment);
  }

  /**
   * Returns a builder holding this spec's values, to derive a changed copy.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(key, attachment);
    b.loadBalancerClass = loadBalancerClass;
    b.subnetId = subnetId;
    b.listeners = new ArrayList<>(listeners);
    b.backendMode = backendMode;
    b.backends = new ArrayList<>(backends);
    b.trafficPolicy = trafficPolicy;
    b.healthCheckNodePort = healthCheckNodePort;
    b.passThrough = passThrough;
    b.sourceRanges = new ArrayList<>(sourceRanges);
    b.acl = acl;
    b.tags = new LinkedHashMap<>(tags);
    b.ipFamilies = new ArrayList<>(ipFamilies);
    b.customEipId = customEipId;
    b.adaptiveWeight = adaptiveWeight;
    b.hints = hints;
    b.recorded = recorded;
    b.adoption = adoption;
    b.cloudOptions = cloudOptions;
    return b;
  }

  /**
   * Whether the load balancer is created for this Service (and so deleted with it).
   *
   * @return true for {@link Attachment.AutoCreate}
   */
  public boolean autoCreated() {
    return attachment instanceof Attachment.AutoCreate;
  }

  /**
   * Returns the members one listener's pool should have: every node on the listener's node port, or every
   * pod on its port for the listener's Service port. Sorted, without duplicates.
   *
   * @param listener one of this spec's listeners
   * @return the members
   */
  public List<MemberTarget> membersFor(ListenerSpec listener) {
    TreeSet<MemberTarget> out = new TreeSet<>();
    for (Backend b : backends) {
      if (backendMode == BackendMode.NODES) {
        if (listener.nodePort() > 0) {
          out.add(new MemberTarget(b.address(), listener.nodePort()));
        }
      } else {
        Integer port = b.ports().get(listener.portName());
        if (port == null && listener.targetPort() > 0) {
          port = listener.targetPort();
        }
        if (port != null) {
          out.add(new MemberTarget(b.address(), port));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the annotations a provider writes back after the load balancer is in place: the creation record
   * and, for an auto-created load balancer, {@code kubernetes.io/elb.id} and (when it created one)
   * {@code kubernetes.io/elb.eip-id}.
   *
   * @param loadBalancerId the load balancer's id
   * @param eipId the id of the EIP the provider created for it, or null
   * @return the annotations to write back
   */
  public Map<String, String> writeBackAnnotations(String loadBalancerId, @Nullable String eipId) {
    String autoCreateDigest = attachment instanceof Attachment.AutoCreate a ? a.digest() : null;
    Map<String, String> out = new LinkedHashMap<>();
    CreationRecord record =
        recorded != null && recorded.loadBalancerId().equals(loadBalancerId)
            ? recorded
            : new CreationRecord(loadBalancerClass, loadBalancerId, autoCreated(), autoCreateDigest);
    out.put(CreationRecord.ANNOTATION, record.toAnnotation());
    if (autoCreated()) {
      out.put(LoadBalancerHints.ELB_ID, loadBalancerId);
      if (eipId != null) {
        out.put(LoadBalancerHints.ELB_EIP_ID, eipId);
      }
    }
    return out;
  }

  /**
   * Returns the features a provider needs to serve this spec.
   *
   * @return the features
   */
  public Set<Feature> requiredFeatures() {
    EnumSet<Feature> f = EnumSet.noneOf(Feature.class);
    f.add(loadBalancerClass == LoadBalancerClass.SHARED ? Feature.SHARED_CLASS : Feature.DEDICATED_CLASS);
    if (adoption != null && adoption.byId()) {
      f.add(Feature.ADOPTION);
    }
    if (attachment instanceof Attachment.Existing) {
      f.add(Feature.EXISTING_LOAD_BALANCER);
    } else if (attachment instanceof Attachment.AutoCreate a && a.type() == Attachment.AddressType.PUBLIC) {
      f.add(Feature.PUBLIC_ADDRESS);
    }
    boolean tcp = false;
    boolean udp = false;
    for (ListenerSpec l : listeners) {
      switch (l.protocol()) {
        case UDP -> udp = true;
        case TCP -> tcp = true;
        case HTTP, HTTPS -> {
          tcp = true;
          f.add(Feature.LAYER7);
        }
      }
      if (!l.options().sniCertificateIds().isEmpty()) {
        f.add(Feature.SNI);
      }
      if (Boolean.TRUE.equals(l.options().http2())) {
        f.add(Feature.HTTP2);
      }
      if (Boolean.TRUE.equals(l.options().transparentClientIp())) {
        f.add(Feature.TRANSPARENT_CLIENT_IP);
      }
      if (l.pool().sessionPersistence() != null) {
        f.add(Feature.SESSION_PERSISTENCE);
      }
    }
    if (udp) {
      f.add(Feature.UDP);
    }
    if (udp && tcp) {
      f.add(Feature.MIXED_PROTOCOL);
    }
    if (backendMode == BackendMode.PODS) {
      f.add(Feature.POD_BACKENDS);
    }
    if (!sourceRanges.isEmpty()) {
      f.add(Feature.SOURCE_RANGES);
    }
    if (acl != null) {
      f.add(Feature.ACL);
    }
    if (ipFamilies.contains(IpFamily.IPV6)) {
      f.add(Feature.IPV6);
    }
    if (!tags.isEmpty()) {
      f.add(Feature.TAGS);
    }
    if (customEipId != null) {
      f.add(Feature.CUSTOM_EIP);
    }
    if (passThrough != PassThrough.OFF) {
      f.add(Feature.PASS_THROUGH);
    }
    return f;
  }

  /** Builds a {@link LoadBalancerSpec}; every optional part starts at the CCE default. */
  public static final class Builder {
    private final ServiceKey key;
    private final Attachment attachment;
    private LoadBalancerClass loadBalancerClass = LoadBalancerClass.SHARED;
    private @Nullable String subnetId;
    private List<ListenerSpec> listeners = new ArrayList<>();
    private BackendMode backendMode = BackendMode.NODES;
    private List<Backend> backends = new ArrayList<>();
    private TrafficPolicy trafficPolicy = TrafficPolicy.CLUSTER;
    private @Nullable Integer healthCheckNodePort;
    private PassThrough passThrough = PassThrough.OFF;
    private List<String> sourceRanges = new ArrayList<>();
    private @Nullable AclSpec acl;
    private Map<String, String> tags = new LinkedHashMap<>();
    private List<IpFamily> ipFamilies = new ArrayList<>(List.of(IpFamily.IPV4));
    private @Nullable String customEipId;
    private boolean adaptiveWeight;
    private LoadBalancerHints hints = LoadBalancerHints.NONE;
    private @Nullable CreationRecord recorded;
    private @Nullable Adoption adoption;
    private CloudOptions cloudOptions = CloudOptions.NONE;

    private Builder(ServiceKey key, Attachment attachment) {
      this.key = Objects.requireNonNull(key, "key");
      this.attachment = Objects.requireNonNull(attachment, "attachment");
    }

    /**
     * Sets the class.
     *
     * @param v the class
     * @return this builder
     */
    public Builder loadBalancerClass(LoadBalancerClass v) {
      this.loadBalancerClass = Objects.requireNonNull(v, "loadBalancerClass");
      return this;
    }

    /**
     * Sets the VPC subnet id of the VIP.
     *
     * @param v the subnet id, or null for the provider's default
     * @return this builder
     */
    public Builder subnetId(@Nullable String v) {
      this.subnetId = v;
      return this;
    }

    /**
     * Replaces the listeners.
     *
     * @param v the listeners
     * @return this builder
     */
    public Builder listeners(List<ListenerSpec> v) {
      this.listeners = new ArrayList<>(v);
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param v the listener
     * @return this builder
     */
    public Builder listener(ListenerSpec v) {
      this.listeners.add(Objects.requireNonNull(v, "listener"));
      return this;
    }

    /**
     * Sets the backend mode.
     *
     * @param v nodes or pods
     * @return this builder
     */
    public Builder backendMode(BackendMode v) {
      this.backendMode = Objects.requireNonNull(v, "backendMode");
      return this;
    }

    /**
     * Replaces the backends.
     *
     * @param v the backends
     * @return this builder
     */
    public Builder backends(List<Backend> v) {
      this.backends = new ArrayList<>(v);
      return this;
    }

    /**
     * Sets the external traffic policy and health check node port.
     *
     * @param policy the policy
     * @param healthCheckNodePort the health check node port, or null
     * @return this builder
     */
    public Builder trafficPolicy(TrafficPolicy policy, @Nullable Integer healthCheckNodePort) {
      this.trafficPolicy = Objects.requireNonNull(policy, "trafficPolicy");
      this.healthCheckNodePort = healthCheckNodePort;
      return this;
    }

    /**
     * Sets pass-through networking.
     *
     * @param v the setting
     * @return this builder
     */
    public Builder passThrough(PassThrough v) {
      this.passThrough = Objects.requireNonNull(v, "passThrough");
      return this;
    }

    /**
     * Sets the source ranges.
     *
     * @param v the CIDRs
     * @return this builder
     */
    public Builder sourceRanges(List<String> v) {
      this.sourceRanges = new ArrayList<>(v);
      return this;
    }

    /**
     * Sets the IP-group access control.
     *
     * @param v the ACL, or null to leave listeners alone
     * @return this builder
     */
    public Builder acl(@Nullable AclSpec v) {
      this.acl = v;
      return this;
    }

    /**
     * Sets the tags.
     *
     * @param v the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> v) {
      this.tags = new LinkedHashMap<>(v);
      return this;
    }

    /**
     * Sets the IP families.
     *
     * @param v the families in order
     * @return this builder
     */
    public Builder ipFamilies(List<IpFamily> v) {
      this.ipFamilies = new ArrayList<>(v);
      return this;
    }

    /**
     * Sets the custom EIP.
     *
     * @param v the EIP id, or null
     * @return this builder
     */
    public Builder customEipId(@Nullable String v) {
      this.customEipId = v;
      return this;
    }

    /**
     * Sets adaptive weights.
     *
     * @param v whether members are weighted by pod count
     * @return this builder
     */
    public Builder adaptiveWeight(boolean v) {
      this.adaptiveWeight = v;
      return this;
    }

    /**
     * Sets the hints read from written-back annotations.
     *
     * @param v the hints
     * @return this builder
     */
    public Builder hints(LoadBalancerHints v) {
      this.hints = Objects.requireNonNull(v, "hints");
      return this;
    }

    /**
     * Sets the creation record.
     *
     * @param v the record, or null
     * @return this builder
     */
    public Builder recorded(@Nullable CreationRecord v) {
      this.recorded = v;
      return this;
    }

    /**
     * Asks to take over the load balancer CCE's controller created for the Service (auto-created specs only).
     *
     * @param v the adoption request, or null (the default) never to adopt
     * @return this builder
     */
    public Builder adoption(@Nullable Adoption v) {
      this.adoption = v;
      return this;
    }

    /**
     * Replaces the provider-own settings.
     *
     * @param v the options, by namespaced key; {@link CloudOptions#NONE} for every provider's defaults
     * @return this builder
     */
    public Builder cloudOptions(CloudOptions v) {
      this.cloudOptions = Objects.requireNonNull(v, "cloudOptions");
      return this;
    }

    /**
     * Sets one provider-own setting.
     *
     * @param key the namespaced key, for example {@code huaweicloud.bandwidth.size}
     * @param value its value
     * @return this builder
     */
    public Builder cloudOption(String key, String value) {
      this.cloudOptions = cloudOptions.with(key, value);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalArgumentException when an invariant does not hold
     */
    public LoadBalancerSpec build() {
      return new LoadBalancerSpec(
          key,
          loadBalancerClass,
          attachment,
          subnetId,
          listeners,
          backendMode,
          backends,
          trafficPolicy,
          healthCheckNodePort,
          passThrough,
          sourceRanges,
          acl,
          tags,
          ipFamilies,
          customEipId,
          adaptiveWeight,
          hints,
          recorded,
          adoption,
          cloudOptions);
    }
  }
}
