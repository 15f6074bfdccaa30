package io.github.lbkit.fake;

import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.Feature;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.ObservedCloud;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.engine.ProviderSupport;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.AdoptionCandidate;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.ObservedMonitor;
import io.github.lbkit.api.plan.ObservedPool;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.fake.FakeResources.Eip;
import io.github.lbkit.fake.FakeResources.Listener;
import io.github.lbkit.fake.FakeResources.LoadBalancer;
import io.github.lbkit.fake.FakeResources.Member;
import io.github.lbkit.fake.FakeResources.Monitor;
import io.github.lbkit.fake.FakeResources.Pool;
import io.github.lbkit.fake.FakeResources.Subnet;
import io.github.lbkit.fake.FakeResources.Tree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The provider named {@code fake}: the lbkit rules over a {@link FakeCloud}.
 *
 * <p>Each call runs the shared {@link ReconcileEngine}: it observes the cloud (the load balancer found by owner
 * marker, then by the written-back id, or the one named by {@code elb.id}; one tree read; the Service's detached
 * EIPs), plans, applies the plan, and observes again until the plan is empty. A retryable
 * {@link CloudApiException} restarts the round from observation after a backoff through the injected
 * {@link Sleeper}, a bounded number of times; because every round starts by finding what exists, a write whose
 * answer was lost is never repeated blindly. The engine serializes calls for one Service within a provider; across
 * provider instances (two controllers), the oldest load balancer carrying the marker wins, and a conflict met
 * while applying makes the engine observe and plan again.
 *
 * <p>{@link #find} knows only the key, not the spec, so it reports ipMode {@code VIP}; {@link #ensure} reports
 * the spec's {@link io.github.lbkit.api.PassThrough#ipMode()}.
 */
public final class FakeLoadBalancerProvider implements LoadBalancerProvider {

  /** The provider's name. */
  public static final String NAME = "fake";

  /** Default number of attempts of one call before a retryable error is given up. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** Default first backoff; it doubles per attempt, with jitter. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(200);

  /** The page size of a bulk observation's list of load balancer trees. */
  static final int BULK_PAGE_SIZE = 500;

  private static final int MAX_ROUNDS = 4;
  private static final int MAX_PROGRESS_RESTARTS = 10;
  private static final Capabilities CAPABILITIES;

  static {
    EnumSet<Feature> f = EnumSet.allOf(Feature.class);
    f.remove(Feature.ACL);
    f.remove(Feature.SOURCE_RANGES);
    f.remove(Feature.IPV6);
    CAPABILITIES = new Capabilities(f);
  }

  private final FakeCloud cloud;
  private final int maxAttempts;
  private final Duration backoff;
  private final Sleeper sleeper;
  private final Random jitter;
  private final ReconcileEngine engine;
  private final View live = new LiveView();
  // The progress counter of the call running in this thread, for the backoff of withRetries.
  private static final ThreadLocal<AtomicInteger> PROGRESS = new ThreadLocal<>();
  // What the call running in this thread knows beyond the planner's view: its spec (null on delete), whose cloud
  // options the applier reads, and the VIP port of each load balancer it observed, which an EIP binds to.
  private static final ThreadLocal<Call> CALL = new ThreadLocal<>();
  private final Pacer pacer;

  private FakeLoadBalancerProvider(Builder b) {
    this.cloud = b.cloud;
    this.pacer = new Pacer(b.rateLimit, b.sleeper);
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.sleeper = b.sleeper;
    this.jitter = new Random(b.jitterSeed);
    this.engine = new ReconcileEngine(new Side(), MAX_ROUNDS);
  }

  /**
   * Starts a builder over a cloud.
   *
   * @param cloud the cloud
   * @return a builder with the default retry settings and no sleeping
   */
  public static Builder builder(FakeCloud cloud) {
    return new Builder(cloud);
  }

  /**
   * Creates a provider over a cloud with the defaults.
   *
   * @param cloud the cloud
   * @return the provider
   */
  public static FakeLoadBalancerProvider over(FakeCloud cloud) {
    return builder(cloud).build();
  }

  /** Builds a {@link FakeLoadBalancerProvider}. */
  public static final class Builder {
    private final FakeCloud cloud;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoff = DEFAULT_BACKOFF;
    private Sleeper sleeper = Sleeper.NONE;
    private long jitterSeed;
    private int rateLimit;

    private Builder(FakeCloud cloud) {
      this.cloud = Objects.requireNonNull(cloud, "cloud");
    }

    /**
     * Sets how many times one call is attempted before a retryable error is given up.
     *
     * @param v at least 1
     * @return this builder
     */
    public Builder maxAttempts(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("fake provider: maxAttempts must be at least 1, got " + v);
      }
      this.maxAttempts = v;
      return this;
    }

    /**
     * Sets the first backoff; it doubles per attempt.
     *
     * @param v a positive duration
     * @return this builder
     */
    public Builder backoff(Duration v) {
      Objects.requireNonNull(v, "backoff");
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("fake provider: backoff must be positive, got " + v);
      }
      this.backoff = v;
      return this;
    }

    /**
     * Sets the sleeper that backoff goes through.
     *
     * @param v the sleeper; {@link Sleeper#NONE} in tests
     * @return this builder
     */
    public Builder sleeper(Sleeper v) {
      this.sleeper = Objects.requireNonNull(v, "sleeper");
      return this;
    }

    /**
     * Sets the seed of the backoff jitter.
     *
     * @param v the seed
     * @return this builder
     */
    public Builder jitterSeed(long v) {
      this.jitterSeed = v;
      return this;
    }

    /**
     * Sets a client-side rate limit: calls are spaced evenly to stay under it, waiting through the
     * {@link #sleeper(Sleeper)}, as a real provider's rate limiter does in front of a rate-limited API. Without
     * it, many workers against a tight {@link FaultInjector#rateLimit(int)} spend their time in throttled answers
     * and backoff.
     *
     * @param callsPerSecond the limit; 0 (the default) for none
     * @return this builder
     */
    public Builder rateLimit(int callsPerSecond) {
      if (callsPerSecond < 0) {
        throw new IllegalArgumentException("fake provider: rateLimit must not be negative, got " + callsPerSecond);
      }
      this.rateLimit = callsPerSecond;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider
     */
    public FakeLoadBalancerProvider build() {
      return new FakeLoadBalancerProvider(this);
    }
  }

  /**
   * Returns the cloud this provider works on.
   *
   * @return the cloud
   */
  public FakeCloud cloud() {
    return cloud;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    OwnerMarker marker = OwnerMarker.of(key);
    return withRetries("find " + key.namespacedName(), null, () -> {
      Optional<ObservedLoadBalancer> lb = locateForDelete(key, hints);
      return lb.filter(o -> o.ownedBy(marker) || !o.listenersOf(marker).isEmpty())
          .flatMap(o -> o.address().map(a -> new LoadBalancerStatus(List.of(Ingress.ip(a, IpMode.VIP)), o.id())));
    });
  }

  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CAPABILITIES.check(spec, NAME);
    return withRetries("ensure " + spec.key().namespacedName(), spec, () -> result(spec, engine.converge(spec)));
  }

  /**
   * Observes the whole fake cloud in a few paged reads (every load balancer tree, every EIP) and answers for any
   * Service whether an ensure would write, without another call: a drift pass over converged Services costs a
   * fraction of a read per Service.
   *
   * @return the snapshot
   */
  @Override
  public Optional<CloudSnapshot> snapshot() {
    return withRetries("snapshot", null, () -> engine.snapshot(FakeLoadBalancerProvider::result));
  }

  @Override
  public void updateBackends(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    withRetries("update backends of " + spec.key().namespacedName(), spec, () -> {
      engine.updateBackends(spec);
      return null;
    });
  }

  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    withRetries("delete " + key.namespacedName(), null, () -> {
      engine.delete(key, hints);
      return null;
    });
  }

  /**
   * Reads the owner marker in a load balancer's description.
   *
   * @param loadBalancerId the load balancer
   * @return its marker; empty when it has none or does not exist
   */
  @Override
  public Optional<OwnerMarker> ownerOf(String loadBalancerId) {
    Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    return withRetries("owner of " + loadBalancerId, null, () -> {
      try {
        return OwnerMarker.parse(api().showLoadBalancer(loadBalancerId).description());
      } catch (CloudApiException e) {
        if (e.httpStatus() == 404) {
          return Optional.<OwnerMarker>empty();
        }
        throw e;
      }
    });
  }

  /**
   * Plans an ensure from one observation without applying it; only read calls reach the cloud.
   *
   * @param spec the desired state
   * @return the operations an ensure would apply first
   */
  @Override
  public io.github.lbkit.api.plan.Plan preview(LoadBalancerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return withRetries("preview " + spec.key().namespacedName(), spec, () -> engine.preview(spec));
  }

  /**
   * Hands the Service's resources back: its owner marker comes off its load balancer, EIPs and listeners; nothing
   * is deleted.
   *
   * @param key the Service
   * @param hints ids read leniently from the Service's annotations
   */
  @Override
  public void release(ServiceKey key, LoadBalancerHints hints) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hints, "hints");
    withRetries("release " + key.namespacedName(), null, () -> {
      engine.release(key, hints);
      return null;
    });
  }

  /** What the engine needs to know about the fake cloud. */
  private final class Side implements ReconcileCloud {
    @Override
    public Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec) {
      return FakeLoadBalancerProvider.this.observe(spec, true);
    }

    @Override
    public Optional<ObservedLoadBalancer> observeMembers(LoadBalancerSpec spec) {
      // Members hang off the pools: the Service's detached EIPs do not matter here, so they are not listed.
      return FakeLoadBalancerProvider.this.observe(spec, false);
    }

    @Override
    public Optional<ObservedLoadBalancer> locate(ServiceKey key, LoadBalancerHints hints) {
      return locateForDelete(key, hints);
    }

    @Override
    public List<String> loadBalancersOwnedBy(OwnerMarker marker) {
      return api().listLoadBalancers(marker.value()).stream().map(LoadBalancer::id).toList();
    }

    @Override
    public OperationApplier applier(Optional<ObservedLoadBalancer> observed, OwnerMarker marker) {
      AtomicInteger progress = PROGRESS.get();
      Call call = CALL.get();
      return new Applier(cloud, pacer, marker, observed, progress == null ? new AtomicInteger() : progress,
          call == null ? null : call.spec,
          call == null ? null : observed.map(lb -> call.vipPorts.get(lb.id())).orElse(null));
    }

    @Override
    public Optional<ObservedCloud> observeAll() {
      BulkView view = new BulkView(FakeLoadBalancerProvider.this);
      return Optional.of(spec -> FakeLoadBalancerProvider.observe(view, spec, true));
    }

    @Override
    public boolean adopts() {
      return true;
    }

    @Override
    public List<AdoptionCandidate> adoptionCandidates(LoadBalancerSpec spec, Adoption adoption) {
      List<Tree> found = new ArrayList<>();
      if (adoption.loadBalancerId() != null) {
        showTree(adoption.loadBalancerId()).ifPresent(found::add);
      } else {
        for (LoadBalancer lb : api().listLoadBalancers(null)) {
          if (adoption.names().contains(lb.name()) && lb.description().isEmpty()) {
            showTree(lb.id()).ifPresent(found::add);
          }
        }
      }
      if (found.isEmpty()) {
        return List.of();
      }
      List<Subnet> subnets = api().listSubnets();
      return found.stream().map(t -> new AdoptionCandidate(toObserved(t, List.of()),
          t.loadBalancer().loadBalancerClass(), subnets.stream()
              .filter(sn -> sn.neutronSubnetId().equals(t.loadBalancer().vipSubnetId()))
              .map(Subnet::vpcId).findFirst().orElse(null))).toList();
    }

    @Override
    public Optional<String> clusterVpcId(LoadBalancerSpec spec) {
      // The cluster's VPC is the one of the Service's subnet (kubernetes.io/elb.subnet-id), else the default one.
      return Optional.of(spec.subnetId() != null ? api().showSubnet(spec.subnetId()).vpcId()
          : cloud.defaultSubnet().vpcId());
    }

    @Override
    public void removeOrphans(OwnerMarker marker) {
      // A load balancer deleted by hand can leave an EIP of ours behind: remove it too.
      for (Eip e : api().listEips(marker.value())) {
        if (e.portId() == null) {
          deleteIgnoringNotFound(() -> api().deleteEip(e.id()));
        }
      }
    }
  }

  // ---------------------------------------------------------------- observe

  private Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec, boolean withDetachedEips) {
    return observe(live, spec, withDetachedEips);
  }

  /** Observes one Service through a view: the cloud itself, or a bulk observation of it (the same rules). */
  private static Optional<ObservedLoadBalancer> observe(View view, LoadBalancerSpec spec, boolean withDetachedEips) {
    OwnerMarker marker = OwnerMarker.of(spec.key());
    java.util.function.Supplier<List<ObservedEip>> detached =
        () -> withDetachedEips ? detachedEips(view, marker) : List.of();
    if (spec.attachment() instanceof Attachment.Existing existing) {
      Tree tree = view.tree(existing.loadBalancerId()).orElseThrow(() -> new InvalidServiceException(
          spec.key().namespacedName(), List.of(new Problem(LoadBalancerHints.ELB_ID, existing.loadBalancerId(),
              "no load balancer with this id exists; create it first or correct the id"))));
      return Optional.of(toObserved(tree, detached.get()));
    }
    Optional<Tree> tree = byMarker(view, marker);
    if (tree.isEmpty()) {
      String hinted = spec.hints().loadBalancerId();
      if (hinted != null && !spec.hints().attached()) {
        // Adopt the written-back id only when it carries an lbkit marker: ours, or someone else's (which the
        // planner refuses with an ownership conflict). A load balancer without a marker is never adopted.
        tree = view.tree(hinted).filter(t -> OwnerMarker.parse(t.loadBalancer().description()).isPresent());
      }
    }
    return tree.map(t -> toObserved(t, detached.get()));
  }

  private Optional<ObservedLoadBalancer> locateForDelete(ServiceKey key, LoadBalancerHints hints) {
    OwnerMarker marker = OwnerMarker.of(key);
    Optional<Tree> tree = byMarker(marker);
    if (tree.isEmpty() && hints.loadBalancerId() != null) {
      tree = showTree(hints.loadBalancerId())
          .filter(t -> marker.matches(t.loadBalancer().description())
              || t.listeners().stream().anyMatch(l -> marker.matches(l.description())));
    }
    if (tree.isEmpty()) {
      // Attached to a load balancer whose id the Service no longer names: find it through our listeners.
      for (Listener l : api().listListeners(marker.value())) {
        tree = showTree(l.loadBalancerId());
        if (tree.isPresent()) {
          break;
        }
      }
    }
    return tree.map(t -> toObserved(t, detachedEips(marker)));
  }

  private Optional<Tree> byMarker(OwnerMarker marker) {
    return byMarker(live, marker);
  }

  private static Optional<Tree> byMarker(View view, OwnerMarker marker) {
    List<LoadBalancer> found = view.loadBalancers(marker.value());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return view.tree(found.get(0).id());
  }

  private Optional<Tree> showTree(String id) {
    return live.tree(id);
  }

  private List<ObservedEip> detachedEips(OwnerMarker marker) {
    return detachedEips(live, marker);
  }

  private static List<ObservedEip> detachedEips(View view, OwnerMarker marker) {
    List<ObservedEip> out = new ArrayList<>();
    for (Eip e : view.eips(marker.value())) {
      if (e.portId() == null) {
        out.add(new ObservedEip(e.id(), e.address(), e.alias()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- views of the cloud

  /** Where observation reads from. */
  private interface View {
    /** The load balancers with this description, in creation order. */
    List<LoadBalancer> loadBalancers(String description);

    /** One load balancer's tree, or empty when there is none with this id. */
    Optional<Tree> tree(String id);

    /** The EIPs with this alias, in creation order. */
    List<Eip> eips(String alias);
  }

  /** The cloud itself: one call per question. */
  private final class LiveView implements View {
    @Override
    public List<LoadBalancer> loadBalancers(String description) {
      return api().listLoadBalancers(description);
    }

    @Override
    public Optional<Tree> tree(String id) {
      try {
        return Optional.of(api().showLoadBalancerTree(id));
      } catch (CloudApiException e) {
        if (e.httpStatus() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    }

    @Override
    public List<Eip> eips(String alias) {
      return api().listEips(alias);
    }
  }

  /** One bulk observation: every tree, page by page, and every EIP, read once; answers from memory. */
  private static final class BulkView implements View {
    private final java.util.Map<String, Tree> trees = new java.util.LinkedHashMap<>();
    private final List<Eip> eips;

    BulkView(FakeLoadBalancerProvider provider) {
      String after = null;
      while (true) {
        List<Tree> page = provider.api().listLoadBalancerTrees(after, BULK_PAGE_SIZE);
        for (Tree t : page) {
          trees.put(t.loadBalancer().id(), t);
        }
        if (page.size() < BULK_PAGE_SIZE) {
          break;
        }
        after = page.get(page.size() - 1).loadBalancer().id();
      }
      this.eips = provider.api().listEips(null);
    }

    @Override
    public List<LoadBalancer> loadBalancers(String description) {
      return trees.values().stream().map(Tree::loadBalancer).filter(lb -> lb.description().equals(description))
          .toList();
    }

    @Override
    public Optional<Tree> tree(String id) {
      return Optional.ofNullable(trees.get(id));
    }

    @Override
    public List<Eip> eips(String alias) {
      return eips.stream().filter(e -> e.alias().equals(alias)).toList();
    }
  }

  private static ObservedLoadBalancer toObserved(Tree t, List<ObservedEip> detached) {
    List<ObservedListener> ls = new ArrayList<>();
    for (Listener l : t.listeners()) {
      ObservedPool pool = null;
      if (l.defaultPoolId() != null) {
        Pool p = t.pools().stream().filter(x -> x.id().equals(l.defaultPoolId())).findFirst().orElse(null);
        if (p != null) {
          ObservedMonitor monitor = null;
          for (Monitor m : t.monitors()) {
            if (m.id().equals(p.monitorId())) {
              monitor = new ObservedMonitor(m.id(), m.settings());
            }
          }
          List<ObservedMember> members = new ArrayList<>();
          for (Member m : t.members()) {
            if (m.poolId().equals(p.id())) {
              members.add(new ObservedMember(m.id(), m.address(), m.port()));
            }
          }
          pool = new ObservedPool(p.id(), p.algorithm(), p.persistence(), monitor, members);
        }
      }
      ls.add(new ObservedListener(l.id(), l.protocol(), l.port(), emptyToNull(l.description()), l.options(), pool));
    }
    Eip e = t.eip();
    LoadBalancer lb = t.loadBalancer();
    Call call = CALL.get();
    if (call != null) {
      call.vipPorts.put(lb.id(), lb.vipPortId());
    }
    return new ObservedLoadBalancer(lb.id(), lb.name(), emptyToNull(lb.description()), lb.vipAddress(),
        e == null ? null : new ObservedEip(e.id(), e.address(), emptyToNull(e.alias())), ls, detached);
  }

  private static @Nullable String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static LoadBalancerResult result(LoadBalancerSpec spec, ReconcileEngine.Ensured ensured) {
    LoadBalancerResult r = result(spec, ensured.loadBalancer());
    return new LoadBalancerResult(r.status(), r.annotations(), r.warnings(), describe(ensured.adopted()));
  }

  /** Describes the resources the marker operations of an adoption took over. */
  static List<String> describe(List<Operation> adopted) {
    List<String> out = new ArrayList<>();
    for (Operation op : adopted) {
      if (op instanceof Operation.MarkLoadBalancer m && m.owner() != null) {
        out.add("load balancer " + m.loadBalancerId());
      } else if (op instanceof Operation.MarkEip m && m.owner() != null) {
        out.add("EIP " + m.eipId());
      } else if (op instanceof Operation.MarkListener m && m.owner() != null) {
        out.add("listener " + m.key() + " (" + m.listenerId() + ")");
      }
    }
    return out;
  }

  private static LoadBalancerResult result(LoadBalancerSpec spec, ObservedLoadBalancer lb) {
    // kubernetes.io/elb.eip-id names the EIP lbkit created; a user's EIP (elb.custom-eip-id) is not written back.
    return ProviderSupport.ensured(spec, lb);
  }

  // ---------------------------------------------------------------- retries

  /**
   * Runs one provider call, restarting it after a retryable cloud error with exponential backoff and jitter. The
   * backoff starts over whenever an attempt made progress (applied at least one write), so that a long plan
   * under a tight rate limit still finishes; the total number of attempts stays bounded.
   */
  private <T> T withRetries(String what, @Nullable LoadBalancerSpec spec, Supplier<T> body) {
    AtomicInteger progress = new AtomicInteger();
    int sinceProgress = 0;
    for (int total = 1; ; total++) {
      int before = progress.get();
      // The writes the engine applies in this thread count as progress of this call.
      PROGRESS.set(progress);
      CALL.set(new Call(spec));
      try {
        return body.get();
      } catch (CloudApiException e) {
        sinceProgress = progress.get() > before ? 1 : sinceProgress + 1;
        if (!e.retryable() || sinceProgress >= maxAttempts || total >= maxAttempts * MAX_PROGRESS_RESTARTS) {
          throw e;
        }
        long base = backoff.toMillis() << Math.min(sinceProgress - 1, 10);
        long wait;
        synchronized (jitter) {
          wait = base / 2 + (long) (jitter.nextDouble() * base / 2);
        }
        sleeper.sleep(Duration.ofMillis(wait));
      } finally {
        PROGRESS.remove();
        CALL.remove();
      }
    }
  }

  /** What one provider call keeps beyond the planner's view. */
  private static final class Call {
    final @Nullable LoadBalancerSpec spec;
    final Map<String, String> vipPorts = new java.util.HashMap<>();

    Call(@Nullable LoadBalancerSpec spec) {
      this.spec = spec;
    }
  }

  static void deleteIgnoringNotFound(Runnable delete) {
    try {
      delete.run();
    } catch (CloudApiException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
    }
  }

  /** The cloud, after waiting for the client-side rate limit: every API call of the provider goes through here. */
  private FakeCloud api() {
    pacer.acquire();
    return cloud;
  }
}
