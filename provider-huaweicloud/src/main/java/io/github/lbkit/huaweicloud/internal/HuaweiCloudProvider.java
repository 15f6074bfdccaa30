package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.CloudCallStats;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The Huawei Cloud provider for both ELB classes: a router over two peers of one shape, the shared class
 * ({@code kubernetes.io/elb.class: union}, ELB v2 with EIP and VPC, {@link SharedCloud}) and the dedicated class
 * ({@code performance}, ELB v3, {@link DedicatedCloud}). Each peer is an observer, a mapping and an applier
 * driven by its own {@link io.github.lbkit.api.engine.ReconcileEngine}, which owns the loop: the lock per Service,
 * find by owner marker before create, plan, apply in order, observe and plan again when the cloud moved under the
 * plan, the oldest marked load balancer wins a creation race, and a diagnostic with the last plan and the observed
 * state when a call does not converge.
 *
 * <p>The router holds the configuration, the SDK clients and the {@link CloudCalls} executor both peers share
 * (so {@link #cloudCallStats()} counts every call), checks the capabilities, and sends {@code ensure} and
 * {@code updateBackends} to the peer of the Service's class. {@code find} and {@code delete} know the Service's
 * key only, so they look on the shared API first, then on the dedicated one.
 *
 * <p>A converged Service costs reads only, never a write. Retryable cloud errors are retried inside each call by
 * {@link CloudCalls}; a load balancer that is still provisioning gives {@link io.github.lbkit.api.RetryLaterException}
 * rather than a wait.
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
   * session persistence, pass-through (ipMode Proxy), taking over load balancers CCE's controller created
   * (adoption); and, on the dedicated class only, pod backends, source ranges, ACLs, IPv6, tags and transparent
   * client IP.
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
          Feature.TRANSPARENT_CLIENT_IP,
          Feature.ADOPTION);

  private final HuaweiCloudConfig config;
  private final CloudCalls calls;
  private final SharedElbApi sharedElb;
  private final EipApi eip;
  private final VpcApi vpc;
  private final DedicatedElbApi dedicatedElb;
  private final SharedCloud shared;
  private final DedicatedCloud dedicated;

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
    this.dedicatedElb = new DedicatedElbApi(clients.elbV3(), calls);
    this.shared = new SharedCloud(config, sharedElb, eip, vpc);
    this.dedicated = new DedicatedCloud(config, dedicatedElb, eip, vpc);
    shared.otherClass(dedicated);
    dedicated.otherClass(shared);
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
   * listeners (an attached load balancer), on the shared API first, then on the dedicated one. Reports ipMode VIP,
   * since the key does not tell pass-through.
   */
  /**
   * Reads the owner marker of a load balancer of either class, for attach policies: the shared API first, then,
   * when it does not know the id, the dedicated one (one read, two for a dedicated load balancer).
   *
   * @param loadBalancerId the load balancer
   * @return its owner marker; empty when it carries none or does not exist
   */
  @Override
  public Optional<io.github.lbkit.api.plan.OwnerMarker> ownerOf(String loadBalancerId) {
    Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    Optional<SharedElbApi.LoadBalancer> shared = sharedElb.showLoadBalancer(loadBalancerId);
    if (shared.isPresent()) {
      return io.github.lbkit.api.plan.OwnerMarker.parse(shared.get().description());
    }
    return dedicatedElb.showLoadBalancer(loadBalancerId)
        .flatMap(lb -> io.github.lbkit.api.plan.OwnerMarker.parse(lb.description()));
  }

  @Override
  public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    return shared.find(key, hints, () -> dedicated.find(key, hints));
  }

  /**
   * Makes the cloud match the spec, through the peer of the Service's class.
   *
   * @throws io.github.lbkit.api.OwnershipConflictException when the load balancer or a port belongs to another
   *     Service or to someone else
   * @throws io.github.lbkit.api.RetryLaterException when the load balancer is still provisioning
   */
  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CAPABILITIES.check(spec, NAME);
    return spec.loadBalancerClass() == LoadBalancerClass.DEDICATED
        ? dedicated.ensure(DedicatedMapping.withApiMembers(spec))
        : shared.ensure(spec);
  }

  /** Converges the members of the Service's listeners only, through the peer of its class; never creates. */
  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    PeerRules.requireSubnet(spec, config);
    if (spec.loadBalancerClass() == LoadBalancerClass.DEDICATED) {
      dedicated.updateBackends(DedicatedMapping.withApiMembers(spec));
    } else {
      shared.updateBackends(spec);
    }
  }

  /**
   * Removes everything the Service owns: its listeners with their pools, monitors and members; the load balancer
   * and the EIP it created when no one else's listener is left; last, every unbound EIP carrying the Service's
   * marker (in the alias or, for one created with a dedicated load balancer, the description), so that an EIP
   * whose delete failed after its load balancer was gone is not left behind. Never anything that is not the
   * Service's. Not-found is success. Looks on the shared API first; when nothing of the Service is there, the
   * dedicated peer deletes (and removes the Service's IP groups).
   */
  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    if (!shared.delete(key, hints)) {
      dedicated.delete(key, hints);
    }
  }

  /**
   * Plans an ensure through the peer of the Service's class without applying it; only read calls reach the cloud.
   *
   * @param spec the desired state
   * @return the operations an ensure would apply first; the marker operations of an adoption come first
   */
  @Override
  public io.github.lbkit.api.plan.Plan preview(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CAPABILITIES.check(spec, NAME);
    return spec.loadBalancerClass() == LoadBalancerClass.DEDICATED
        ? dedicated.preview(DedicatedMapping.withApiMembers(spec))
        : shared.preview(spec);
  }

  /**
   * Hands the Service's resources back: its owner marker comes off its load balancer, EIPs and listeners; nothing
   * is deleted. Looks on the shared API first, then on the dedicated one.
   *
   * @param key the Service
   * @param hints ids read leniently from the Service's annotations
   */
  @Override
  public void release(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    if (!shared.release(key, hints)) {
      dedicated.release(key, hints);
    }
  }

  /**
   * Observes both classes at once with paged project-wide lists (shared: load balancers, listeners, pools, health
   * monitors and EIPs; dedicated: the same with the project's members and IP groups) and answers for a Service of
   * either class. A shared Service whose pool holds a member this provider never observed live is answered "not
   * converged" (its ensure then learns the member); after that, a converged Service costs no read of its own.
   */
  @Override
  public Optional<CloudSnapshot> snapshot() {
    Optional<CloudSnapshot> s = shared.snapshot();
    Optional<CloudSnapshot> d = dedicated.snapshot();
    if (s.isEmpty() || d.isEmpty()) {
      return Optional.empty();
    }
    CloudSnapshot sharedSnapshot = s.get();
    CloudSnapshot dedicatedSnapshot = d.get();
    return Optional.of(new CloudSnapshot() {
      @Override
      public Instant takenAt() {
        return sharedSnapshot.takenAt();
      }

      @Override
      public Optional<LoadBalancerResult> converged(LoadBalancerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        try {
          CAPABILITIES.check(spec, NAME);
        } catch (RuntimeException e) {
          return Optional.empty();
        }
        return spec.loadBalancerClass() == LoadBalancerClass.DEDICATED
            ? dedicatedSnapshot.converged(spec) : sharedSnapshot.converged(spec);
      }
    });
  }

  /** The number of Services with a call in progress or waiting, in both peers' engines. */
  int lockedServices() {
    return shared.lockedServices() + dedicated.lockedServices();
  }

  @Override
  public String toString() {
    return "HuaweiCloudProvider{" + config + '}';
  }
}
