package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.CloudCallStats;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.Planner;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Huawei Cloud provider for both ELB classes: shared ({@code kubernetes.io/elb.class: union}, ELB v2 with EIP
 * and VPC) and dedicated ({@code performance}, ELB v3, see {@link DedicatedProvider}).
 *
 * <p>Each call finds the Service's load balancer (by its owner marker in the description, then the written-back
 * {@code kubernetes.io/elb.id}, or the one named by {@code elb.id} for an attached Service), reads its tree with as
 * few calls as the API allows, plans with the shared {@link Planner} and applies the plan one small step at a
 * time: load balancer, EIP, listeners, pools, monitors, members. A converged Service costs reads only, never a
 * write. Retryable cloud errors are retried inside each call by {@link CloudCalls}; a conflict the plan did not
 * foresee (a racing controller) makes the provider observe and plan again; a load balancer that is still
 * provisioning gives {@link RetryLaterException} rather than a wait. Calls for one Service are serialized within
 * a provider. {@code find} and {@code delete} know the Service's key only, so they look on the shared API first,
 * then on the dedicated one.
 *
 * <p>Ownership: the owner marker sits in the description of the load balancer, of each listener and pool, and a
 * digest of it in the alias of each EIP the provider creates (aliases take no ':' or ','). Nothing without the
 * Service's marker is changed or deleted; an EIP the user brought ({@code kubernetes.io/elb.custom-eip-id}) is
 * bound and unbound, never deleted.
 *
 * <p>Pod backends, source ranges, ACLs, IPv6, tags and transparent client IP are served on the dedicated class
 * only, and refused on the shared class before any call. On the shared class, listener timeouts and
 * X-Forwarded-Port/For-Port are refused before any call (the v2 API does not take them), max_retries_down is
 * ignored with a warning. Node members are created in the subnet holding their address ({@link MemberSubnets}).
 */
public final class HuaweiCloudProvider implements LoadBalancerProvider {

  /** The provider name. */
  public static final String NAME = "huaweicloud";

  /**
   * What this version serves: both classes, attaching to an existing load balancer, a public address (an
   * auto-created or the user's EIP), TCP, UDP and both together, HTTP and HTTPS listeners with SNI and HTTP/2,
   * session persistence, pass-through (ipMode Proxy); and, on the dedicated class only, pod backends, source
   * ranges, ACLs, IPv6, tags and transparent client IP.
   */
  static final Capabilities CAPABILITIES =
      Capabilities.of(
          Feature.SHARED_CLASS,
          Feature.EXISTING_LOAD_BALANCER,
          Feature.PUBLIC_ADDRESS,
          Feature.UDP,
          Feature.MIXED_PROTOCOL,
          Feature.LAYER7,
          Feature.SNI,
          Feature.HTTP2,
          Feature.SESSION_PERSISTENCE,
          Feature.CUSTOM_EIP,
          Feature.PASS_THROUGH,
          Feature.DEDICATED_CLASS,
          Feature.POD_BACKENDS,
          Feature.SOURCE_RANGES,
          Feature.ACL,
          Feature.IPV6,
          Feature.TAGS,
          Feature.TRANSPARENT_CLIENT_IP);

  private static final int MAX_ROUNDS = 4;
  private static final Duration NOT_ACTIVE_RETRY = Duration.ofSeconds(5);

  private final HuaweiCloudConfig config;
  private final CloudCalls calls;
  private final SharedElbApi sharedElb;
  private final EipApi eip;
  private final VpcApi vpc;
  private final SharedObserver observer;
  private final DedicatedElbApi dedicatedElb;
  private final DedicatedProvider dedicated;
  private final ConcurrentHashMap<String, ServiceLock> locks = new ConcurrentHashMap<>();

  /**
   * Creates the provider and its SDK clients; makes no network call.
   *
   * @param config the settings
   */
  public HuaweiCloudProvider(HuaweiCloudConfig config) {
    this(config, HuaweiCloudClients.create(config), new CloudCalls(config, Sleeper.SYSTEM));
  }

  /**
   * Creates the provider over given clients and executor.
   *
   * @param config the settings
   * @param clients the SDK clients
   * @param calls the executor
   */
  public HuaweiCloudProvider(HuaweiCloudConfig config, HuaweiCloudClients clients, CloudCalls calls) {
    this.config = Objects.requireNonNull(config, "config");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.sharedElb = new SharedElbApi(clients.elbV2(), calls);
    this.eip = new EipApi(clients.eipV2(), clients.eipV3(), calls);
    this.vpc = new VpcApi(clients.vpcV2(), calls);
    this.observer = new SharedObserver(sharedElb, eip);
    this.dedicatedElb = new DedicatedElbApi(clients.elbV3(), calls);
    this.dedicated = new DedicatedProvider(config, dedicatedElb, eip, vpc);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Returns the settings.
   *
   * @return the configuration
   */
  public HuaweiCloudConfig config() {
    return config;
  }

  /**
   * Returns the executor's counters with the metrics of its Resilience4j retry and rate limiter.
   *
   * @return the counters, always present
   */
  @Override
  public Optional<CloudCallStats> cloudCallStats() {
    CallCounts c = calls.counts();
    Retry.Metrics retry = calls.retry().getMetrics();
    RateLimiter.Metrics limit = calls.rateLimiter().getMetrics();
    return Optional.of(
        new CloudCallStats(
            c.reads(),
            c.writes(),
            c.attempts(),
            c.retries(),
            retry.getNumberOfSuccessfulCallsWithoutRetryAttempt(),
            retry.getNumberOfSuccessfulCallsWithRetryAttempt(),
            retry.getNumberOfFailedCallsWithoutRetryAttempt(),
            retry.getNumberOfFailedCallsWithRetryAttempt(),
            c.rateLimited(),
            c.rateLimitWait(),
            c.backoffWait(),
            limit.getAvailablePermissions(),
            limit.getNumberOfWaitingThreads()));
  }

  /**
   * Returns the executor, whose counters tell how many calls were made.
   *
   * @return the executor
   */
  public CloudCalls calls() {
    return calls;
  }

  /**
   * Returns the shared ELB API.
   *
   * @return the API
   */
  public SharedElbApi sharedElb() {
    return sharedElb;
  }

  /**
   * Returns the dedicated ELB API.
   *
   * @return the API
   */
  public DedicatedElbApi dedicatedElb() {
    return dedicatedElb;
  }

  /**
   * Returns the EIP API.
   *
   * @return the API
   */
  public EipApi eip() {
    return eip;
  }

  /**
   * Returns the VPC API.
   *
   * @return the API
   */
  public VpcApi vpc() {
    return vpc;
  }

  /**
   * Finds the Service's load balancer from its key and hints alone: by owner marker, then through the Service's
   * listeners (an attached load balancer). Reports ipMode VIP, since the key does not tell pass-through.
   */
  @Override
  public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    OwnerMarker marker = OwnerMarker.of(key);
    List<SharedElbApi.LoadBalancer> shared = observer.forDelete(marker, hints);
    if (shared.isEmpty()) {
      return dedicated.find(key, hints);
    }
    return shared.stream().findFirst().flatMap(lb -> {
      String port = lb.vipPortId();
      String address = port == null ? null : eip.listByPort(port).stream()
          .map(EipApi.PublicIp::address).filter(Objects::nonNull).findFirst().orElse(null);
      String ip = address != null ? address : lb.vipAddress();
      return Optional.ofNullable(ip).map(a -> new LoadBalancerStatus(List.of(Ingress.ip(a, IpMode.VIP)), lb.id()));
    });
  }

  /**
   * Makes the cloud match the spec: observe, plan, apply; again after a conflict with a racing controller.
   *
   * @throws io.github.lbkit.api.OwnershipConflictException when the load balancer or a port belongs to another
   *     Service or to someone else
   * @throws RetryLaterException when the load balancer is still provisioning
   */
  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CAPABILITIES.check(spec, NAME);
    if (spec.loadBalancerClass() == LoadBalancerClass.DEDICATED) {
      return locked(spec.key(), () -> dedicated.ensure(DedicatedMapping.withApiMembers(spec)));
    }
    DedicatedMapping.refuseOnShared(spec);
    SharedMapping.validate(spec);
    requireSubnet(spec, config);
    checkSubnetVpc(spec, config, vpc);
    OwnerMarker marker = OwnerMarker.of(spec.key());
    return locked(spec.key(), () -> {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        Optional<SharedObserver.Observation> observed = observe(spec, marker, SharedObserver.Depth.FULL);
        observed.ifPresent(o -> SharedPassThrough.check(spec, marker, sharedElb, o.lb().id()));
        Optional<ObservedLoadBalancer> lb = observed.map(SharedObserver.Observation::lb);
        Plan plan = Planner.plan(spec, lb);
        if (plan.isEmpty()) {
          ObservedLoadBalancer o = lb.orElseThrow();
          return result(spec, o.id(), o.address().orElse(null), o.eip(), marker);
        }
        requireActive(observed, "ensure " + spec.key().namespacedName());
        SharedApplier applier = applier(spec, marker, lb);
        try {
          applier.apply(plan, false);
        } catch (SharedApplier.Replan stale) {
          continue;
        }
        String id = Objects.requireNonNull(applier.loadBalancerId(), "an ensure plan keeps its load balancer");
        return result(spec, id, applier.address(), applier.boundEip(), marker);
      }
      throw notConverged("ensure", spec.key());
    });
  }

  /** Converges the members of the Service's listeners only; never creates a load balancer. */
  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    requireSubnet(spec, config);
    if (spec.loadBalancerClass() == LoadBalancerClass.DEDICATED) {
      locked(spec.key(), () -> dedicated.updateBackends(DedicatedMapping.withApiMembers(spec)));
      return;
    }
    OwnerMarker marker = OwnerMarker.of(spec.key());
    locked(spec.key(), () -> {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        Optional<SharedObserver.Observation> observed = observe(spec, marker, SharedObserver.Depth.IDS);
        if (observed.isEmpty()) {
          throw new RetryLaterException(
              "update backends of " + spec.key().namespacedName()
                  + ": no load balancer exists yet; the next ensure creates it",
              NOT_ACTIVE_RETRY);
        }
        Plan plan = Planner.planMembers(spec, observed.get().lb());
        if (plan.isEmpty()) {
          return;
        }
        requireActive(observed, "update backends of " + spec.key().namespacedName());
        try {
          applier(spec, marker, observed.map(SharedObserver.Observation::lb)).apply(plan, false);
          return;
        } catch (SharedApplier.Replan stale) {
          // Observe again.
        }
      }
      throw notConverged("update backends", spec.key());
    });
  }

  /**
   * Removes everything the Service owns: its listeners with their pools, monitors and members; the load balancer
   * and the EIP it created when no one else's listener is left; last, every unbound EIP carrying the Service's
   * marker (in the alias or, for one created with a dedicated load balancer, the description), so that an EIP
   * whose delete failed after its load balancer was gone is not left behind. Never anything that is not the
   * Service's. Not-found is success.
   */
  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    OwnerMarker marker = OwnerMarker.of(key);
    locked(key, () -> {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        List<SharedElbApi.LoadBalancer> found = observer.forDelete(marker, hints);
        if (found.isEmpty()) {
          dedicated.delete(key, hints);
          sweepEips(marker);
          return;
        }
        try {
          for (SharedElbApi.LoadBalancer lb : found) {
            deleteFrom(key, marker, lb);
          }
        } catch (SharedApplier.Replan stale) {
          continue;
        }
        sweepEips(marker);
        return;
      }
      throw notConverged("delete", key);
    });
  }

  // ---------------------------------------------------------------- steps

  /**
   * Deletes the Service's unbound EIPs, the last step of every delete: a load balancer deleted by hand, an
   * interrupted create, or an EIP delete that failed after its load balancer was gone can leave one behind, and a
   * later delete no longer finds the load balancer that would lead to it.
   */
  private void sweepEips(OwnerMarker marker) {
    for (EipApi.PublicIp e : observer.detachedEips(marker)) {
      eip.deletePublicIp(e.id());
    }
  }

  /** Removes what the Service owns on one load balancer, and the load balancer when it is the Service's. */
  private void deleteFrom(ServiceKey key, OwnerMarker marker, SharedElbApi.LoadBalancer lb) {
    SharedObserver.DetachedEips eips =
        marker.matches(lb.description()) ? SharedObserver.DetachedEips.ALWAYS : SharedObserver.DetachedEips.NONE;
    Optional<SharedObserver.Observation> observed =
        Optional.of(observer.tree(lb, marker, null, SharedObserver.Depth.IDS, eips));
    Plan plan = Planner.planDelete(key, observed.map(SharedObserver.Observation::lb));
    if (plan.isEmpty()) {
      return;
    }
    requireActive(observed, "delete " + key.namespacedName());
    applier(null, marker, observed.map(SharedObserver.Observation::lb)).apply(plan, true);
  }

  private Optional<SharedObserver.Observation> observe(
      LoadBalancerSpec spec, OwnerMarker marker, SharedObserver.Depth depth) {
    Optional<SharedElbApi.LoadBalancer> lb;
    if (spec.attachment() instanceof Attachment.Existing existing) {
      lb = observer.byId(existing.loadBalancerId());
      if (lb.isEmpty()) {
        throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
            LoadBalancerHints.ELB_ID, existing.loadBalancerId(),
            "ensure: no shared load balancer with this id exists in the project; create it first or correct "
                + "the id")));
      }
    } else {
      lb = observer.forAutoCreate(marker, spec.hints());
    }
    SharedObserver.DetachedEips eips =
        depth == SharedObserver.Depth.FULL ? detachedEips(spec) : SharedObserver.DetachedEips.NONE;
    return lb.map(l -> observer.tree(l, marker, spec, depth, eips));
  }

  /**
   * An interrupted create may have left an unbound EIP of ours to reuse: look for one only for a public
   * auto-created load balancer without a bound EIP, so that a converged Service pays nothing for it.
   */
  private static SharedObserver.DetachedEips detachedEips(LoadBalancerSpec spec) {
    boolean publicAuto = spec.customEipId() == null
        && spec.attachment() instanceof Attachment.AutoCreate a
        && a.type() == Attachment.AddressType.PUBLIC;
    return publicAuto ? SharedObserver.DetachedEips.IF_UNBOUND : SharedObserver.DetachedEips.NEVER;
  }

  private SharedApplier applier(
      @Nullable LoadBalancerSpec spec, OwnerMarker marker, Optional<ObservedLoadBalancer> observed) {
    Supplier<String> subnet = spec == null ? () -> {
      throw new IllegalStateException("delete needs no subnet");
    } : memoized(() -> neutronSubnet(spec));
    Map<String, String> members = spec == null ? Map.of() : MemberSubnets.place(spec, config, vpc);
    return new SharedApplier(sharedElb, eip, subnet, members, spec, marker, observed);
  }

  /** Maps the Service's (or the configured) VPC subnet to the neutron subnet that VIPs and members take. */
  private String neutronSubnet(LoadBalancerSpec spec) {
    String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
    if (vpcSubnet == null) {
      throw noSubnet(spec);
    }
    return vpc.neutronSubnetId(vpcSubnet);
  }

  /**
   * Refuses, before any call, a Service whose members (node backends) or VIP (an auto-created load balancer
   * without a VIP subnet of its own) need a subnet when neither the Service nor the configuration names one:
   * found only when members are added, the load balancer would be left half built.
   */
  static void requireSubnet(LoadBalancerSpec spec, HuaweiCloudConfig config) {
    if (spec.subnetId() != null || config.subnetId().isPresent()) {
      return;
    }
    boolean vip = spec.attachment() instanceof Attachment.AutoCreate a
        && a.vipSubnetCidrId() == null && a.ipv6VipVirsubnetId() == null;
    if (vip || spec.backendMode() != BackendMode.PODS) {
      throw noSubnet(spec);
    }
  }

  /**
   * Refuses, before any write, a subnet outside the configured VPC ({@code huaweicloud.vpcId}): its load balancer
   * would not reach the cluster's nodes. One read the first time, none after (subnets are cached); nothing when no
   * VPC is configured or no subnet is known.
   */
  static void checkSubnetVpc(LoadBalancerSpec spec, HuaweiCloudConfig config, VpcApi vpc) {
    String want = config.vpcId().orElse(null);
    String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
    if (want == null || vpcSubnet == null) {
      return;
    }
    String actual = vpc.showSubnet(vpcSubnet).vpcId();
    if (actual != null && !actual.equals(want)) {
      String key = spec.subnetId() != null ? "kubernetes.io/elb.subnet-id" : HuaweiCloudConfig.KEY_SUBNET_ID;
      throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(key, vpcSubnet,
          "ensure: subnet " + vpcSubnet + " is in VPC " + actual + ", not in the cluster's VPC " + want + " ("
              + HuaweiCloudConfig.KEY_VPC_ID + "); name a subnet of " + want + " in " + key + ", or correct "
              + HuaweiCloudConfig.KEY_VPC_ID)));
    }
  }

  /** The refusal of a Service that needs a subnet and names none, with none configured. */
  static InvalidServiceException noSubnet(LoadBalancerSpec spec) {
    return new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
        "kubernetes.io/elb.subnet-id", null,
        "ensure: no subnet for the load balancer's VIP or members; set kubernetes.io/elb.subnet-id on the "
            + "Service or " + HuaweiCloudConfig.KEY_SUBNET_ID + " in the provider configuration")));
  }

  private static <T> Supplier<T> memoized(Supplier<T> s) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          v = s.get();
          value = v;
        }
        return v;
      }
    };
  }

  private static void requireActive(Optional<SharedObserver.Observation> observed, String what) {
    if (observed.isPresent() && !observed.get().active()) {
      throw new RetryLaterException(
          what + ": load balancer " + observed.get().lb().id() + " is " + observed.get().provisioningStatus()
              + "; changes wait until it is ACTIVE again",
          NOT_ACTIVE_RETRY);
    }
  }

  private static LoadBalancerResult result(
      LoadBalancerSpec spec, String id, @Nullable String address, @Nullable ObservedEip eip, OwnerMarker marker) {
    if (address == null || address.isEmpty()) {
      throw new RetryLaterException(
          "ensure " + spec.key().namespacedName() + ": load balancer " + id + " has no address yet",
          NOT_ACTIVE_RETRY);
    }
    LoadBalancerStatus status = new LoadBalancerStatus(List.of(Ingress.ip(address, spec.passThrough().ipMode())), id);
    String ours = eip != null && marker.matches(eip.owner()) ? eip.id() : null;
    return new LoadBalancerResult(status, spec.writeBackAnnotations(id, ours), SharedMapping.warnings(spec));
  }

  private static RetryLaterException notConverged(String what, ServiceKey key) {
    return new RetryLaterException(
        what + " " + key.namespacedName() + ": the load balancer did not converge after " + MAX_ROUNDS
            + " rounds (someone else is changing it?); trying again later",
        Duration.ofSeconds(10));
  }

  /** Runs an action holding the Service's lock. */
  private <T> T locked(ServiceKey key, Supplier<T> action) {
    ServiceLock lock = locks.compute(key.uid(), (k, v) -> {
      ServiceLock l = v == null ? new ServiceLock() : v;
      l.users++;
      return l;
    });
    try {
      synchronized (lock) {
        return action.get();
      }
    } finally {
      // The last caller out removes the entry: a concurrent call for the same Service either counted itself in
      // before (the entry stays) or comes after and makes a new one, so no two calls ever hold different locks.
      locks.computeIfPresent(key.uid(), (k, v) -> --v.users == 0 ? null : v);
    }
  }

  /** Runs an action holding the Service's lock. */
  private void locked(ServiceKey key, Runnable action) {
    locked(key, () -> {
      action.run();
      return Boolean.TRUE;
    });
  }

  /** The number of Services with a call in progress or waiting: the entries of the lock map. */
  int lockedServices() {
    return locks.size();
  }

  /** A Service's lock, with the number of calls holding or waiting for it (changed only inside the map). */
  private static final class ServiceLock {
    private int users;
  }

  @Override
  public String toString() {
    return "HuaweiCloudProvider{" + config + '}';
  }
}
