package io.github.lbkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.CreationRecord;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerException;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.tck.CloudInspector.ForeignLoadBalancer;
import io.github.lbkit.tck.CloudInspector.Kind;
import io.github.lbkit.tck.CloudInspector.OwnedResource;
import io.github.lbkit.tck.CloudInspector.UserEip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link LoadBalancerProvider} must meet, as JUnit 5 tests.
 *
 * <h2>Running it for a new cloud</h2>
 *
 * <ol>
 *   <li>Add {@code io.github.lbkit:lbkit-provider-tck} with test scope, next to JUnit Jupiter's engine.
 *   <li>Write a test class in your provider's module that extends this class. In a {@code @BeforeEach} method,
 *       create a fresh cloud double (an in-memory model or an HTTP emulator of your cloud's API; never a real
 *       cloud), a provider over it, and a {@link CloudInspector} over the same double. Return them from
 *       {@link #provider()} and {@link #inspector()}.
 *   <li>When your cloud needs more to auto-create a load balancer (a class, a subnet, a flavor), override
 *       {@link #autoCreate(ServiceKey, boolean)}.
 *   <li>Implement the optional parts of {@link CloudInspector} ({@code injectTransientFaults},
 *       {@code crashAfterWrites}) if your double can; the tests that need them are skipped otherwise, which a
 *       serious provider should not settle for.
 *   <li>Run {@code mvn verify}. Every test names the rule it checks; a failure message says what was expected.
 * </ol>
 *
 * <p>The provider under test must not really sleep: give it a sleeper or clock that returns at once, so that
 * backoff under injected faults costs nothing.
 */
public abstract class LoadBalancerProviderContract {

  /** The cluster name of every Service the kit makes. */
  protected static final String CLUSTER = "tck-cluster";

  private static final AtomicInteger SERVICES = new AtomicInteger();

  private static final List<Backend> NODES =
      List.of(Backend.node("node-1", "10.0.0.1"), Backend.node("node-2", "10.0.0.2"));

  /** Creates the contract. */
  protected LoadBalancerProviderContract() {}

  /**
   * Returns the provider under test, fresh for each test.
   *
   * @return the provider
   */
  protected abstract LoadBalancerProvider provider();

  /**
   * Returns the inspector over the provider's cloud double, fresh for each test.
   *
   * @return the inspector
   */
  protected abstract CloudInspector inspector();

  /**
   * Returns the listener options {@code optionsChangeInPlace} changes a listener to: a keepalive timeout by
   * default. A provider whose API cannot carry that option (and refuses it) returns options it can change.
   *
   * @return the listener options of the changed listener
   */
  protected ListenerOptions changedListenerOptions() {
    return new ListenerOptions(120, null, null, null, List.of(), null, InsertHeaders.NONE, null);
  }

  /**
   * Returns a second provider instance over the same cloud double, as a second controller without leader
   * election would have. Override to run the race test between two instances.
   *
   * @return the second provider, or empty to skip that test
   */
  protected Optional<LoadBalancerProvider> secondProviderOnTheSameCloud() {
    return Optional.empty();
  }

  /**
   * Starts a spec that auto-creates a load balancer. Override to add what your cloud needs, such as its own
   * settings of a public address in {@link LoadBalancerSpec.Builder#cloudOptions}.
   *
   * @param key the Service
   * @param publicAddress whether the load balancer gets a public address (an EIP)
   * @return a builder with the attachment set and nothing else
   */
  protected LoadBalancerSpec.Builder autoCreate(ServiceKey key, boolean publicAddress) {
    Attachment.AutoCreate a =
        publicAddress
            ? Attachment.AutoCreate.publicAddress("lbkit-tck-" + key.name())
            : Attachment.AutoCreate.inner("lbkit-tck-" + key.name());
    return LoadBalancerSpec.builder(key, a);
  }

  /**
   * Starts a spec that attaches to an existing load balancer. Override to add what your cloud needs.
   *
   * @param key the Service
   * @param loadBalancerId the load balancer
   * @return a builder with the attachment set and nothing else
   */
  protected LoadBalancerSpec.Builder attach(ServiceKey key, String loadBalancerId) {
    return LoadBalancerSpec.builder(key, new Attachment.Existing(loadBalancerId));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Returns a new Service key, unique within the JVM.
   *
   * @param name the Service name
   * @return the key
   */
  protected static ServiceKey newKey(String name) {
    int n = SERVICES.incrementAndGet();
    return new ServiceKey(CLUSTER, "default", name + "-" + n, "uid-" + name + "-" + n);
  }

  private static ListenerSpec tcp(int port, int nodePort) {
    return ListenerSpec.tcp(port, nodePort);
  }

  private static ListenerSpec withHealthCheck(ListenerSpec l) {
    return new ListenerSpec(l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), l.options(),
        l.pool(), new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null));
  }

  private LoadBalancerSpec basic(ServiceKey key, boolean publicAddress) {
    return autoCreate(key, publicAddress).listener(withHealthCheck(tcp(80, 30080))).backends(NODES).build();
  }

  private List<OwnedResource> owned(ServiceKey key, Kind kind) {
    return inspector().ownedResources(key).stream().filter(r -> r.kind() == kind).toList();
  }

  private Set<String> details(ServiceKey key, Kind kind) {
    return owned(key, kind).stream().map(OwnedResource::detail).collect(Collectors.toSet());
  }

  private Set<String> ids(ServiceKey key, Kind kind) {
    return owned(key, kind).stream().map(OwnedResource::id).collect(Collectors.toSet());
  }

  private long writesDuring(Runnable r) {
    long before = inspector().writes();
    r.run();
    return inspector().writes() - before;
  }

  private void assertNothingOwned(ServiceKey key) {
    assertThat(inspector().ownedResources(key))
        .as("resources still owned by %s after delete", key)
        .isEmpty();
  }

  /** Calls until it succeeds, as a controller requeueing on retryable errors would. */
  private static <T> T eventually(Supplier<T> call) {
    LoadBalancerException last = null;
    for (int i = 0; i < 30; i++) {
      try {
        return call.get();
      } catch (LoadBalancerException e) {
        if (!e.retryable()) {
          throw e;
        }
        last = e;
      }
    }
    throw new AssertionError("did not succeed after 30 retryable failures; last: " + last, last);
  }

  private static LoadBalancerHints hintsOf(LoadBalancerResult r) {
    return LoadBalancerHints.fromAnnotations(r.annotations());
  }

  // ---------------------------------------------------------------- create and converge

  /** Rule: ensure creates a load balancer and reports its address and id; find sees it. */
  @Test
  void createReturnsAnAddress() {
    ServiceKey key = newKey("create");
    LoadBalancerResult r = provider().ensure(basic(key, true));
    assertThat(r.status().ingress()).as("the ingress list").hasSize(1);
    assertThat(r.status().ingress().get(0).ip()).as("the ingress address").isNotBlank();
    assertThat(r.status().loadBalancerId()).as("the reported load balancer id").isNotBlank();
    assertThat(ids(key, Kind.LOAD_BALANCER))
        .as("ids of the load balancers the Service owns").containsExactly(r.status().loadBalancerId());
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactly("TCP:80");
    assertThat(details(key, Kind.MEMBER))
        .as("the members the Service owns (address:port)")
        .containsExactlyInAnyOrder("10.0.0.1:30080", "10.0.0.2:30080");
    assertThat(provider().find(key, hintsOf(r))).as("what find reports for the Service")
        .hasValueSatisfying(s -> assertThat(s.loadBalancerId())
            .as("the reported load balancer id").isEqualTo(r.status().loadBalancerId()));
    assertThat(provider().find(key, LoadBalancerHints.NONE)).as("find by marker alone").isPresent();
  }

  /** Rule: a converged Service costs zero writes. */
  @ParameterizedTest(name = "public address: {0}")
  @ValueSource(booleans = {true, false})
  void secondEnsureOfAnUnchangedSpecMakesNoWrites(boolean publicAddress) {
    ServiceKey key = newKey("zero-writes");
    LoadBalancerSpec spec = basic(key, publicAddress);
    LoadBalancerResult first = provider().ensure(spec);
    LoadBalancerSpec again = spec.toBuilder().hints(hintsOf(first)).build();
    long writes = writesDuring(() -> assertThat(provider().ensure(again).status())
        .as("the result of the ensure").isEqualTo(first.status()));
    assertThat(writes).as("writes of a second ensure of an unchanged spec").isZero();
  }

  /**
   * Rule (only for a provider that observes in bulk, {@link LoadBalancerProvider#snapshot()}): a snapshot agrees
   * with ensure. A converged Service is answered with what ensure returned, a changed spec or a Service without a
   * load balancer is not converged, a deleted one is not converged in a later snapshot, and a snapshot never writes.
   */
  @Test
  void snapshotAgreesWithEnsure() {
    assumeTrue(provider().snapshot().isPresent(), "the provider does not observe in bulk");
    ServiceKey key = newKey("snapshot");
    LoadBalancerSpec spec = basic(key, true);
    LoadBalancerResult ensured = provider().ensure(spec);
    LoadBalancerSpec again = spec.toBuilder().hints(hintsOf(ensured)).build();

    long writes = writesDuring(() -> {
      CloudSnapshot snapshot = provider().snapshot().orElseThrow();
      assertThat(snapshot.converged(again)).as("a snapshot's answer for a converged Service")
          .hasValueSatisfying(r -> assertThat(r.status()).as("the status it gives").isEqualTo(ensured.status()));
      assertThat(snapshot.converged(again.toBuilder().listeners(List.of(tcp(80, 30080), tcp(443, 30443))).build()))
          .as("a snapshot's answer for a spec asking for one more port").isEmpty();
      assertThat(snapshot.converged(basic(newKey("snapshot-none"), false)))
          .as("a snapshot's answer for a Service with no load balancer").isEmpty();
    });
    assertThat(writes).as("writes made by taking and asking a snapshot").isZero();

    provider().delete(key, hintsOf(ensured));
    assertThat(provider().snapshot().orElseThrow().converged(again))
        .as("a later snapshot's answer for a deleted Service").isEmpty();
  }

  /** Rule: listeners follow the spec's ports; the load balancer stays. */
  @Test
  void portsAddedRemovedAndChanged() {
    ServiceKey key = newKey("ports");
    LoadBalancerSpec.Builder b = autoCreate(key, false).backends(NODES);
    String lb = provider().ensure(b.listeners(List.of(tcp(80, 30080))).build()).status().loadBalancerId();

    provider().ensure(b.listeners(List.of(tcp(80, 30080), tcp(443, 30443))).build());
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactlyInAnyOrder("TCP:80", "TCP:443");
    assertThat(details(key, Kind.MEMBER))
        .as("the members the Service owns (address:port)").contains("10.0.0.1:30443", "10.0.0.1:30080");

    provider().ensure(b.listeners(List.of(tcp(443, 30443))).build());
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactly("TCP:443");
    assertThat(details(key, Kind.MEMBER))
        .as("the members the Service owns (address:port)")
        .containsExactlyInAnyOrder("10.0.0.1:30443", "10.0.0.2:30443");

    LoadBalancerResult r = provider().ensure(b.listeners(List.of(tcp(8443, 30443))).build());
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactly("TCP:8443");
    assertThat(owned(key, Kind.POOL)).as("the pools the Service owns").hasSize(1);

    LoadBalancerSpec udp =
        b.listeners(List.of(new ListenerSpec("", Protocol.UDP, 8443, 30443, 8443, ListenerOptions.NONE,
            PoolSpec.DEFAULT, null))).build();
    provider().ensure(udp);
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactly("UDP:8443");
    assertThat(r.status().loadBalancerId()).as("the reported load balancer id").isEqualTo(lb);
    assertThat(ids(key, Kind.LOAD_BALANCER)).as("ids of the load balancers the Service owns").containsExactly(lb);
  }

  /** Rule: updateBackends converges members only, and never creates a load balancer. */
  @Test
  void backendsAddedAndRemovedThroughUpdateBackends() {
    ServiceKey key = newKey("backends");
    LoadBalancerSpec spec = basic(key, false);
    // Before any ensure, updateBackends either does nothing or asks to retry later; any other error fails here.
    runAllowingRetryLater(() -> provider().updateBackends(spec));
    assertThat(inspector().ownedResources(key)).as("updateBackends must not create anything").isEmpty();

    String lb = provider().ensure(spec).status().loadBalancerId();
    Set<String> listeners = ids(key, Kind.LISTENER);
    provider().updateBackends(spec.toBuilder()
        .backends(List.of(NODES.get(0), NODES.get(1), Backend.node("node-3", "10.0.0.3"))).build());
    assertThat(details(key, Kind.MEMBER)).as("the members the Service owns (address:port)")
        .containsExactlyInAnyOrder("10.0.0.1:30080", "10.0.0.2:30080", "10.0.0.3:30080");
    provider().updateBackends(spec.toBuilder().backends(List.of(Backend.node("node-3", "10.0.0.3"))).build());
    assertThat(details(key, Kind.MEMBER))
        .as("the members the Service owns (address:port)").containsExactly("10.0.0.3:30080");
    provider().updateBackends(spec.toBuilder().backends(List.of()).build());
    assertThat(details(key, Kind.MEMBER)).as("the members the Service owns (address:port)").isEmpty();
    assertThat(ids(key, Kind.LOAD_BALANCER)).as("ids of the load balancers the Service owns").containsExactly(lb);
    assertThat(ids(key, Kind.LISTENER)).as("ids of the listeners the Service owns").isEqualTo(listeners);
  }

  private static void runAllowingRetryLater(Runnable r) {
    try {
      r.run();
    } catch (RetryLaterException e) {
      // allowed: the load balancer does not exist yet
    }
  }

  /** Rule: what can be updated is updated in place; nothing is recreated. */
  @Test
  void optionsChangeInPlace() {
    ServiceKey key = newKey("options");
    LoadBalancerSpec spec = basic(key, true);
    String lb = provider().ensure(spec).status().loadBalancerId();
    Set<String> listeners = ids(key, Kind.LISTENER);
    Set<String> pools = ids(key, Kind.POOL);

    ListenerSpec l = spec.listeners().get(0);
    ListenerSpec changed = new ListenerSpec(l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(),
        changedListenerOptions(),
        new PoolSpec(Algorithm.LEAST_CONNECTIONS, new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 10)),
        new HealthCheck(HealthCheck.Type.TCP, 10, 5, 2, null, null, null, null));
    LoadBalancerSpec next = spec.toBuilder().listeners(List.of(changed)).build();
    long writes = writesDuring(() -> assertThat(provider().ensure(next).status().loadBalancerId())
        .as("the result of the ensure").isEqualTo(lb));
    assertThat(writes).as("an options change makes writes").isPositive();
    assertThat(ids(key, Kind.LOAD_BALANCER)).as("ids of the load balancers the Service owns").containsExactly(lb);
    assertThat(ids(key, Kind.LISTENER)).as("listener kept").isEqualTo(listeners);
    assertThat(ids(key, Kind.POOL)).as("pool kept").isEqualTo(pools);
    assertThat(writesDuring(() -> provider().ensure(next))).as("converged after the change").isZero();

    LoadBalancerSpec noCheck = spec.toBuilder().listeners(List.of(new ListenerSpec(l.portName(), l.protocol(),
        l.port(), l.nodePort(), l.targetPort(), changed.options(), changed.pool(), null))).build();
    provider().ensure(noCheck);
    assertThat(owned(key, Kind.MONITOR)).as("health check removed").isEmpty();
    assertThat(writesDuring(() -> provider().ensure(noCheck)))
        .as("writes of an ensure that should find everything converged").isZero();
  }

  /** Rule: pass-through gives ipMode Proxy; its absence VIP. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"OFF", "ON", "ONLY_LOCAL"})
  void passThroughSetsIpMode(String mode) {
    PassThrough p = PassThrough.valueOf(mode);
    ServiceKey key = newKey("pass-through");
    LoadBalancerResult r = provider().ensure(basic(key, true).toBuilder().passThrough(p).build());
    assertThat(r.status().ingress().get(0).ipMode())
        .as("the ingress ipMode").isEqualTo(p == PassThrough.OFF ? IpMode.VIP : IpMode.PROXY);
  }

  // ---------------------------------------------------------------- other people's resources

  /** Rule: an existing load balancer keeps listeners that are not ours, and is not deleted with the Service. */
  @Test
  void existingLoadBalancerKeepsForeignListeners() {
    ForeignLoadBalancer foreign = inspector().createForeignLoadBalancer(Protocol.TCP, 9000, true);
    ServiceKey key = newKey("attach");
    LoadBalancerSpec spec =
        attach(key, foreign.loadBalancerId()).listener(tcp(80, 30080)).backends(NODES).build();
    LoadBalancerResult r = provider().ensure(spec);
    assertThat(r.status().loadBalancerId()).as("the reported load balancer id").isEqualTo(foreign.loadBalancerId());
    assertThat(r.status().ingress().get(0).ip()).as("the ingress address").isEqualTo(foreign.eipAddress());
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactly("TCP:80");
    assertThat(ids(key, Kind.LOAD_BALANCER)).as("an attached load balancer is not ours").isEmpty();
    assertThat(inspector().exists(foreign.listenerId()))
        .as("whether foreign.listenerId() exists in the cloud").isTrue();
    assertThat(writesDuring(() -> provider().ensure(spec.toBuilder().hints(hintsOf(r)).build())))
        .as("writes of an ensure that should find everything converged").isZero();

    provider().delete(key, hintsOf(r));
    assertNothingOwned(key);
    assertThat(inspector().exists(foreign.loadBalancerId()))
        .as("whether foreign.loadBalancerId() exists in the cloud").isTrue();
    assertThat(inspector().exists(foreign.listenerId()))
        .as("whether foreign.listenerId() exists in the cloud").isTrue();
    assertThat(inspector().exists(String.valueOf(foreign.eipId()))).as("the user's EIP").isTrue();
  }

  /** Rule: a port held by a listener that is not ours is a conflict, never a takeover. */
  @Test
  void portHeldBySomeoneElseIsRefused() {
    ForeignLoadBalancer foreign = inspector().createForeignLoadBalancer(Protocol.TCP, 80, false);
    ServiceKey key = newKey("conflict");
    LoadBalancerSpec spec = attach(key, foreign.loadBalancerId()).listener(tcp(80, 30080)).backends(NODES).build();
    long writes = writesDuring(() ->
        assertThatThrownBy(() -> provider().ensure(spec)).isInstanceOf(OwnershipConflictException.class));
    assertThat(writes).as("writes before refusing").isZero();
    assertThat(inspector().exists(foreign.listenerId()))
        .as("whether foreign.listenerId() exists in the cloud").isTrue();
    assertNothingOwned(key);
  }

  /** Rule: an EIP the user brought is bound and used, and never deleted. */
  @Test
  void userEipIsNeverDeleted() {
    UserEip eip = inspector().createUserEip();
    ServiceKey key = newKey("user-eip");
    LoadBalancerSpec spec = autoCreate(key, false).customEipId(eip.id()).listener(tcp(80, 30080)).build();
    LoadBalancerResult r = provider().ensure(spec);
    assertThat(r.status().ingress().get(0).ip()).as("the ingress address").isEqualTo(eip.address());
    assertThat(writesDuring(() -> provider().ensure(spec.toBuilder().hints(hintsOf(r)).build())))
        .as("writes of an ensure that should find everything converged").isZero();
    provider().delete(key, hintsOf(r));
    assertNothingOwned(key);
    assertThat(inspector().exists(eip.id())).as("the user's EIP after delete").isTrue();
    assertThat(provider().find(key, hintsOf(r))).as("what find reports for the Service").isEmpty();
  }

  // ---------------------------------------------------------------- delete

  /** Rule: delete removes everything owned, and a second delete is fine. */
  @ParameterizedTest(name = "public address: {0}")
  @ValueSource(booleans = {true, false})
  void deleteRemovesEverythingAndTwiceIsFine(boolean publicAddress) {
    ServiceKey key = newKey("delete");
    LoadBalancerResult r = provider().ensure(basic(key, publicAddress));
    assertThat(inspector().ownedResources(key)).as("every resource the Service owns").isNotEmpty();
    provider().delete(key, hintsOf(r));
    assertNothingOwned(key);
    assertThat(inspector().exists(r.status().loadBalancerId()))
        .as("whether r.status().loadBalancerId() exists in the cloud").isFalse();
    provider().delete(key, hintsOf(r));
    provider().delete(key, LoadBalancerHints.NONE);
    assertThat(provider().find(key, hintsOf(r))).as("what find reports for the Service").isEmpty();
  }

  /** Rule: delete never needs valid annotations. */
  @Test
  void deleteWorksWithInvalidAnnotations() {
    ServiceKey key = newKey("bad-annotations");
    provider().ensure(basic(key, true));
    LoadBalancerHints hints = LoadBalancerHints.fromAnnotations(Map.of(
        "kubernetes.io/elb.class", "no-such-class",
        "kubernetes.io/elb.autocreate", "{not json",
        CreationRecord.ANNOTATION, "garbage"));
    provider().delete(key, hints);
    assertNothingOwned(key);
  }

  /** Rule: delete of an attached Service finds its listeners from the key alone. */
  @Test
  void deleteOfAnAttachedServiceWorksFromTheKeyAlone() {
    ForeignLoadBalancer foreign = inspector().createForeignLoadBalancer(Protocol.TCP, 9000, false);
    ServiceKey key = newKey("attach-delete");
    provider().ensure(attach(key, foreign.loadBalancerId()).listener(tcp(80, 30080)).backends(NODES).build());
    assertThat(provider().find(key, LoadBalancerHints.NONE)).as("what find reports for the Service").isPresent();
    provider().delete(key, LoadBalancerHints.NONE);
    assertNothingOwned(key);
    assertThat(inspector().exists(foreign.listenerId()))
        .as("whether foreign.listenerId() exists in the cloud").isTrue();
  }

  /** Rule: a crash at any point of a create leaves nothing behind after delete. */
  @ParameterizedTest(name = "crash after write {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void deleteAfterAHalfFinishedCreateLeavesNothing(int k) {
    assumeTrue(inspector().crashAfterWrites(k), "the cloud double cannot simulate a crash");
    ServiceKey key = newKey("crash-delete");
    try {
      provider().ensure(basic(key, true));
    } catch (Throwable crashed) { // Any Throwable: CloudInspector#crashAfterWrites lets the double throw what it likes.
      // The crash, or nothing when the create needed fewer writes.
    } finally {
      inspector().clearFaults();
    }
    provider().delete(key, LoadBalancerHints.NONE);
    assertNothingOwned(key);
  }

  /** Rule: an ensure after a crash finishes the job without a second load balancer. */
  @ParameterizedTest(name = "crash after write {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void ensureAfterAHalfFinishedCreateConverges(int k) {
    assumeTrue(inspector().crashAfterWrites(k), "the cloud double cannot simulate a crash");
    ServiceKey key = newKey("crash-ensure");
    LoadBalancerSpec spec = basic(key, true);
    try {
      provider().ensure(spec);
    } catch (Throwable crashed) { // Any Throwable: CloudInspector#crashAfterWrites lets the double throw what it likes.
      // As above.
    } finally {
      inspector().clearFaults();
    }
    LoadBalancerResult r = provider().ensure(spec);
    assertThat(ids(key, Kind.LOAD_BALANCER))
        .as("ids of the load balancers the Service owns").containsExactly(r.status().loadBalancerId());
    assertThat(owned(key, Kind.EIP)).as("the eips the Service owns").hasSize(1);
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactly("TCP:80");
    assertThat(details(key, Kind.MEMBER))
        .as("the members the Service owns (address:port)")
        .containsExactlyInAnyOrder("10.0.0.1:30080", "10.0.0.2:30080");
    assertThat(writesDuring(() -> provider().ensure(spec)))
        .as("writes of an ensure that should find everything converged").isZero();
  }

  // ---------------------------------------------------------------- races and faults

  /** Rule: two concurrent ensures of one Service create one load balancer. */
  @Test
  void concurrentEnsuresCreateOneLoadBalancer() throws Exception {
    race(provider(), provider());
  }

  /** Rule: two provider instances (two controllers) racing on one Service create one load balancer. */
  @Test
  void twoProviderInstancesRacingCreateOneLoadBalancer() throws Exception {
    Optional<LoadBalancerProvider> second = secondProviderOnTheSameCloud();
    assumeTrue(second.isPresent(), "no second provider instance over the same cloud double");
    race(provider(), second.get());
  }

  private void race(LoadBalancerProvider first, LoadBalancerProvider second) throws Exception {
    inspector().interleaveCalls();
    int services = 6;
    List<ServiceKey> keys = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2 * services);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<LoadBalancerResult>> results = new ArrayList<>();
      for (int s = 0; s < services; s++) {
        ServiceKey key = newKey("race");
        keys.add(key);
        LoadBalancerSpec spec = basic(key, true);
        for (LoadBalancerProvider p : List.of(first, second)) {
          results.add(pool.submit(() -> {
            start.await();
            return eventually(() -> p.ensure(spec));
          }));
        }
      }
      start.countDown();
      for (int s = 0; s < services; s++) {
        ServiceKey key = keys.get(s);
        String a = results.get(2 * s).get(60, TimeUnit.SECONDS).status().loadBalancerId();
        String b = results.get(2 * s + 1).get(60, TimeUnit.SECONDS).status().loadBalancerId();
        assertThat(a).as("both ensures of %s report one load balancer", key).isEqualTo(b);
        assertThat(ids(key, Kind.LOAD_BALANCER)).as("load balancers of %s", key).containsExactly(a);
        assertThat(owned(key, Kind.EIP)).as("the eips the Service owns").hasSize(1);
        assertThat(owned(key, Kind.LISTENER)).as("the listeners the Service owns").hasSize(1);
      }
    } finally {
      pool.shutdownNow();
      inspector().clearFaults();
    }
  }

  /** Rule: under transient faults, ensure and delete converge with no duplicates. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void transientFaultsConvergeWithoutDuplicates(long seed) {
    ServiceKey key = newKey("faults");
    LoadBalancerSpec spec = basic(key, true).toBuilder()
        .listeners(List.of(withHealthCheck(tcp(80, 30080)), tcp(443, 30443))).build();
    assumeTrue(inspector().injectTransientFaults(0.3, seed), "the cloud double cannot inject faults");
    LoadBalancerResult r;
    try {
      r = eventually(() -> provider().ensure(spec));
    } finally {
      inspector().clearFaults();
    }
    assertThat(ids(key, Kind.LOAD_BALANCER))
        .as("ids of the load balancers the Service owns").containsExactly(r.status().loadBalancerId());
    assertThat(owned(key, Kind.EIP)).as("the eips the Service owns").hasSize(1);
    assertThat(details(key, Kind.LISTENER))
        .as("the listeners the Service owns (PROTOCOL:port)").containsExactlyInAnyOrder("TCP:80", "TCP:443");
    assertThat(owned(key, Kind.POOL)).as("the pools the Service owns").hasSize(2);
    assertThat(owned(key, Kind.MONITOR)).as("the monitors the Service owns").hasSize(1);
    assertThat(owned(key, Kind.MEMBER)).as("the members the Service owns").hasSize(4);
    assertThat(writesDuring(() -> provider().ensure(spec)))
        .as("writes of an ensure that should find everything converged").isZero();

    inspector().injectTransientFaults(0.3, seed + 1000);
    try {
      eventually(() -> {
        provider().delete(key, LoadBalancerHints.NONE);
        return true;
      });
    } finally {
      inspector().clearFaults();
    }
    assertNothingOwned(key);
  }
}
