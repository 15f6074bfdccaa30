package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The controller against a real kube-apiserver (v1.20.2) and the fake cloud: the lifecycle, restarts, leader
 * election and the defects only a real API server shows. Skipped (with how to get the server) when its binaries
 * are missing, unless {@code LBKIT_REQUIRE_KUBE_APISERVER=true}. v1.20 has no {@code loadBalancerClass}, no
 * {@code ipMode} and no {@code discovery.k8s.io/v1}; the tests that need those are in
 * {@link ServiceControllerTest}, on the fabric8 mock.
 */
class RealApiServerTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static KubernetesClient client;
  static final AtomicInteger NAMESPACES = new AtomicInteger();

  String ns;
  FakeCloud cloud;
  Recording provider;
  final List<ServiceController> controllers = new ArrayList<>();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void server() {
    client = RealApiServer.client();
    for (String n : List.of("n1", "n2")) {
      if (client.nodes().withName(n).get() == null) {
        node(n, n.equals("n1") ? "10.0.0.1" : "10.0.0.2");
      }
    }
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @BeforeEach
  void namespace(TestInfo info) {
    ns = "t" + NAMESPACES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    cloud = FakeCloud.create(42);
    provider = new Recording(FakeLoadBalancerProvider.over(cloud));
  }

  @AfterEach
  void close() throws Exception {
    controllers.forEach(ServiceController::close);
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  // ----- lifecycle -----

  @Test
  void createConvergesWithFinalizerStatusWriteBackAndOnePairOfEvents() {
    ServiceController c = start(b -> {});
    // Created without annotations: the real server stores none, and the write-back must set the whole map
    // (adding one member to an absent map is refused with 422).
    assertThat(service("web", Map.of()).getMetadata().getAnnotations()).isNullOrEmpty();

    Service done = awaitConverged("web");

    assertThat(done.getMetadata().getFinalizers()).contains(ServiceRules.FINALIZER);
    assertThat(done.getMetadata().getAnnotations()).containsKey("kubernetes.io/elb.id");
    assertThat(cloud.listLoadBalancers(null)).hasSize(1);
    awaitIdle(c);
    // Defect 7: the controller's own write-back must not cause a second reconcile and a second pair of Events.
    assertThat(reasons("web")).containsExactly(EventRecorder.ENSURING, EventRecorder.ENSURED);
    assertThat(provider.count("ensure")).isEqualTo(1);
  }

  @Test
  void annotationAndNodeChangesReachTheCloud() {
    ServiceController c = start(b -> {});
    service("web", Map.of());
    awaitConverged("web");
    awaitIdle(c);

    edit("web", s -> s.getMetadata().getAnnotations().put("test/extra", "1"));
    await(() -> provider.count("ensure") == 2, "the annotation change re-ensures");
    node("n3", "10.0.0.3");
    try {
      await(() -> provider.lastBackends().contains("10.0.0.3"), "the new node becomes a backend");
    } finally {
      client.nodes().withName("n3").delete();
    }
  }

  @Test
  void typeChangeToClusterIpDeletesOnceAndRemovesWhatWasWrittenBackThenBack() {
    ServiceController c = start(b -> {});
    service("web", Map.of());
    awaitConverged("web");
    awaitIdle(c);

    edit("web", s -> {
      s.getSpec().setType("ClusterIP");
      s.getSpec().getPorts().forEach(p -> p.setNodePort(null));
    });
    await(() -> {
      Service s = get("web");
      return s.getMetadata().getFinalizers() == null || s.getMetadata().getFinalizers().isEmpty();
    }, "the finalizer goes");
    awaitIdle(c);
    Service s = get("web");
    assertThat(cloud.listLoadBalancers(null)).isEmpty();
    assertThat(s.getStatus().getLoadBalancer().getIngress()).isNullOrEmpty();
    // Defect 6: one delete, and nothing of the gone load balancer left on the Service.
    assertThat(provider.count("delete")).isEqualTo(1);
    assertThat(ServiceRules.annotations(s))
        .doesNotContainKeys("kubernetes.io/elb.id", "kubernetes.io/elb.eip-id", "lbkit.io/creation-record",
            ServiceWriter.WRITTEN_BACK);

    edit("web", x -> x.getSpec().setType("LoadBalancer"));
    awaitConverged("web");
    assertThat(cloud.listLoadBalancers(null)).hasSize(1);
  }

  @Test
  void deleteRemovesTheLoadBalancerAndTheService() {
    start(b -> {});
    service("web", Map.of());
    awaitConverged("web");

    client.services().inNamespace(ns).withName("web").delete();

    await(() -> get("web") == null, "the Service is gone");
    assertThat(cloud.listLoadBalancers(null)).isEmpty();
  }

  @Test
  void serviceDeletedWhileNoControllerRunsIsCleanedUpByTheNextOne() {
    ServiceController first = start(b -> {});
    service("web", Map.of());
    awaitConverged("web");
    first.close();

    client.services().inNamespace(ns).withName("web").delete();
    assertThat(get("web").getMetadata().getDeletionTimestamp()).isNotNull();

    start(b -> {});
    await(() -> get("web") == null, "the next controller finishes the deletion");
    assertThat(cloud.listLoadBalancers(null)).isEmpty();
  }

  // ----- defects only a real API server shows -----

  @Test
  void classModeLeavesTheDefaultControllersServicesAlone() {
    // Defect 1. v1.20 drops spec.loadBalancerClass, so the default controller's Service is class-less as in
    // any cluster: it carries the upstream finalizer and a status the default controller wrote.
    Service other = service("theirs", Map.of());
    edit("theirs", s -> s.getMetadata().setFinalizers(List.of(ServiceRules.FINALIZER)));
    ServiceController c = start(b -> b.loadBalancerClass("lbkit.io/a"));
    awaitIdle(c);

    Service after = get("theirs");
    assertThat(after.getMetadata().getFinalizers()).containsExactly(ServiceRules.FINALIZER);
    assertThat(provider.count("delete")).isZero();
    assertThat(reasons("theirs")).isEmpty();
    assertThat(other).isNotNull();
  }

  @Test
  void warningWithALongMultiByteNoteIsPublished() {
    // Defect 4: the API server refuses a note over 1,024 bytes. 600 characters of 2 bytes each are under
    // 1,024 characters but over 1,024 bytes, so the note must be cut by bytes. (A provider error carries the
    // text: a validation Problem shows at most 200 characters of the value, too few to reach the limit.)
    String message = "é".repeat(600);
    provider.beforeEnsure = () -> {
      throw new IllegalStateException(message);
    };
    start(b -> {});
    service("web", Map.of());

    await(() -> reasons("web").contains(EventRecorder.SYNC_FAILED), "the Warning is published");
    String note = events("web").stream().filter(e -> EventRecorder.SYNC_FAILED.equals(e.getReason()))
        .findFirst().orElseThrow().getNote();
    assertThat(note).as("the note as published").startsWith("Error syncing load balancer: " + "é".repeat(400))
        .endsWith("é…");
    assertThat(note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isBetween(1000, 1024);
  }

  @Test
  void loadBalancerIpIsReportedNotSilentlyIgnored() {
    // Defect 8.
    start(b -> {});
    Service s = newService("web", Map.of());
    s.getSpec().setLoadBalancerIP("192.0.2.77");
    client.services().inNamespace(ns).resource(s).create();

    awaitConverged("web");
    await(() -> reasons("web").contains(Reconciler.LOAD_BALANCER_IP_IGNORED), "a Warning names the field");
    assertThat(notes("web")).anyMatch(n -> n.contains("spec.loadBalancerIP"));
  }

  @Test
  void defaultSettingsWorkOnAServerWithoutEndpointSliceV1() {
    // Defect 5: v1.20 serves discovery.k8s.io/v1beta1 only. Default settings watch EndpointSlices.
    ServiceController c = start(b -> {});
    service("web", Map.of());
    awaitConverged("web");
    assertThat(c.isActive()).isTrue();
    service("pods", Map.of(TestTranslator.PODS, "true"));
    await(() -> reasons("pods").contains(EventRecorder.UNAVAILABLE), "pod backends are reported unavailable");
  }

  @Test
  void nodeChangeDuringTheFirstEnsureAfterARestartIsNotLost() throws Exception {
    // Defect 3.
    CountDownLatch inEnsure = new CountDownLatch(1);
    CountDownLatch nodeAdded = new CountDownLatch(1);
    provider.beforeEnsure = () -> {
      inEnsure.countDown();
      try {
        nodeAdded.await(30, TimeUnit.SECONDS);
        Thread.sleep(1500); // lets the controller's informer and node batch see the node while ensure runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    service("web", Map.of());
    start(b -> {});
    assertThat(inEnsure.await(30, TimeUnit.SECONDS)).isTrue();
    node("n4", "10.0.0.4");
    nodeAdded.countDown();
    try {
      await(() -> provider.lastBackends().contains("10.0.0.4"), "the node added during ensure is synced");
    } finally {
      provider.beforeEnsure = null;
      client.nodes().withName("n4").delete();
    }
  }

  // ----- leader election -----

  @Test
  void closingLeaderKeepsTheLeaseUntilItsWorkIsDone() throws Exception {
    // Defect 2: the Lease passes only after the workers are idle. A standby waits for it: while the closing
    // leader's ensure is still running, well past the 1 s a released Lease lasts, the standby must not lead.
    // (A released Lease keeps its holder's name, so the holder alone does not tell; the standby does.)
    String lease = "lease-" + ns;
    CountDownLatch inEnsure = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> atEnd = Collections.synchronizedList(new ArrayList<>());
    ServiceController a = start(b -> b.leaderElection(ns, lease, "a").closeTimeout(Duration.ofSeconds(30)));
    await(a::isActive, "a leads");
    ServiceController standby = start(b -> b.leaderElection(ns, lease, "b"));
    java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
    provider.beforeEnsure = () -> {
      if (!first.getAndSet(false)) {
        return; // the standby's ensure, once it leads
      }
      inEnsure.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
        Thread.sleep(3000); // longer than a released Lease lasts plus the standby's retry period
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Lease l = client.leases().inNamespace(ns).withName(lease).get();
      atEnd.add("holder=" + (l == null ? "" : l.getSpec().getHolderIdentity()) + " standbyLeads=" + standby.isActive());
    };
    service("web", Map.of());
    assertThat(inEnsure.await(30, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(a::close);
    closer.start();
    Thread.sleep(500); // close() has begun
    release.countDown();
    closer.join(30_000);

    assertThat(atEnd).containsExactly("holder=a standbyLeads=false");
    await(standby::isActive, "the standby leads once the closing leader is done");
  }

  @Test
  void partitionedLeaderStopsAndTheStandbyTakesOver() throws Exception {
    String lease = "lease-" + ns;
    URI api = URI.create(RealApiServer.masterUrl());
    TcpProxy proxy = new TcpProxy(api.getHost(), api.getPort());
    closeables.add(proxy);
    KubernetesClient partitioned = RealApiServer.clientVia(proxy);
    closeables.add(partitioned);
    ServiceController a = start(partitioned, b -> b.leaderElection(ns, lease, "a"));
    await(a::isActive, "a leads");
    ServiceController b = start(b2 -> b2.leaderElection(ns, lease, "b"));

    proxy.cut();

    await(b::isActive, "the standby takes over");
    // Defect 2: the cut-off leader stopped all work before the Lease could pass (it used to go on
    // reconciling from its stale cache for about 24 s after the standby took over).
    assertThat(a.isActive()).as("the cut-off leader is still working when the standby takes over").isFalse();
    service("web", Map.of());
    awaitConverged("web");
  }

  @Test
  void leaderWhoseClientIsClosedStepsDownAndTheStandbyTakesOver() {
    // Defect 2: a leader whose client its owner closed can do nothing, yet it renewed the Lease for ever.
    String lease = "lease-" + ns;
    KubernetesClient own = RealApiServer.client();
    closeables.add(own);
    ServiceController a = start(own, b -> b.leaderElection(ns, lease, "a"));
    await(a::isActive, "a leads");
    ServiceController b = start(b2 -> b2.leaderElection(ns, lease, "b"));

    own.close();

    await(b::isActive, "the standby takes over from the leader whose client is closed");
    assertThat(a.isActive()).as("the leader whose client is closed still holds a session").isFalse();
    service("web", Map.of());
    awaitConverged("web");
  }

  // ----- helpers -----

  // ----- adoption -----

  @Test
  void aLoadBalancerCceCreatedIsAdoptedKeepingItsAddressesAndNothingIsCreatedOrDeleted() {
    io.github.lbkit.fake.CceSeed.Seeded cce = io.github.lbkit.fake.CceSeed.loadBalancer(cloud, "web-lb",
        io.github.lbkit.api.LoadBalancerClass.SHARED, true,
        List.of(new io.github.lbkit.fake.CceSeed.Port(io.github.lbkit.api.Protocol.TCP, 80, 31977)),
        List.of("10.0.0.1", "10.0.0.2"));
    int before = cloud.journal().size();
    ServiceController c = start(b -> b.adoption(true).translator(new NamespaceTranslator(ns,
        new io.github.lbkit.cce.CceServiceTranslator(
            io.github.lbkit.cce.TranslatorOptions.of(TestTranslator.CLUSTER).withAdoption(true)))));
    Service svc = newService("web", Map.of(
        "kubernetes.io/elb.autocreate", "{\"type\":\"public\",\"name\":\"web-lb\",\"bandwidth_name\":\"bw\","
            + "\"bandwidth_chargemode\":\"bandwidth\",\"bandwidth_size\":10,\"bandwidth_sharetype\":\"PER\","
            + "\"eip_type\":\"5_bgp\"}",
        "kubernetes.io/elb.id", cce.loadBalancerId(),
        "kubernetes.io/elb.eip-id", cce.eipId()));
    svc.getSpec().getPorts().get(0).setNodePort(31977);
    client.services().inNamespace(ns).resource(svc).create();

    await(() -> reasons("web").contains(EventRecorder.ADOPTED)
        && ServiceRules.annotations(get("web")).containsKey("lbkit.io/creation-record"), "web is adopted");
    awaitIdle(c);

    assertThat(get("web").getStatus().getLoadBalancer().getIngress()).extracting(i -> i.getIp())
        .containsExactly(cce.address());
    assertThat(cloud.journal().subList(before, cloud.journal().size()))
        .filteredOn(call -> call.operation().mutating()).extracting(call -> call.operation().name())
        .as("markers only: nothing created or deleted").allMatch(n -> n.startsWith("UPDATE_")).isNotEmpty();
  }

  ServiceController start(Consumer<ServiceController.Builder> custom) {
    return start(client, custom);
  }

  ServiceController start(KubernetesClient via, Consumer<ServiceController.Builder> custom) {
    ServiceController.Builder b =
        ServiceController.builder()
            .client(via)
            .provider(provider)
            .translator(new NamespaceTranslator(ns))
            .clusterName(TestTranslator.CLUSTER)
            .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
            .nodeSyncDelay(Duration.ofMillis(10))
            .leaderElectionTimings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500));
    custom.accept(b);
    ServiceController c = b.build();
    controllers.add(c);
    c.start();
    return c;
  }

  static void node(String name, String ip) {
    client.nodes().resource(
            new NodeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build())
        .create();
  }

  Service newService(String name, Map<String, String> annotations) {
    return new ServiceBuilder()
        .withNewMetadata().withNamespace(ns).withName(name).withAnnotations(annotations.isEmpty() ? null : new java.util.HashMap<>(annotations))
        .endMetadata()
        .withNewSpec().withType("LoadBalancer").withSelector(Map.of("app", name))
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort()
        .endSpec()
        .build();
  }

  Service service(String name, Map<String, String> annotations) {
    return client.services().inNamespace(ns).resource(newService(name, annotations)).create();
  }

  Service get(String name) {
    return client.services().inNamespace(ns).withName(name).get();
  }

  void edit(String name, Consumer<Service> change) {
    client.services().inNamespace(ns).withName(name).edit(s -> {
      if (s.getMetadata().getAnnotations() == null) {
        s.getMetadata().setAnnotations(new java.util.HashMap<>());
      }
      change.accept(s);
      return s;
    });
  }

  Service awaitConverged(String name) {
    await(() -> {
      Service s = get(name);
      return s != null && s.getStatus() != null && s.getStatus().getLoadBalancer() != null
          && s.getStatus().getLoadBalancer().getIngress() != null
          && !s.getStatus().getLoadBalancer().getIngress().isEmpty()
          && ServiceRules.annotations(s).containsKey("kubernetes.io/elb.id");
    }, name + " converges");
    return get(name);
  }

  static void awaitIdle(ServiceController c) {
    await(c::idle, "the controller is idle");
    await(c::idle, "the controller is still idle"); // events of our own writes may arrive just after
  }

  List<Event> events(String name) {
    return client.events().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getRegarding().getName()))
        .sorted(java.util.Comparator.comparing(e -> e.getEventTime().getTime()))
        .toList();
  }

  List<String> reasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }

  List<String> notes(String name) {
    return events(name).stream().map(Event::getNote).toList();
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Serves only the test's namespace, so that tests sharing the server do not see each other's Services. */
  static final class NamespaceTranslator implements io.github.lbkit.k8s.ServiceTranslator {
    private final io.github.lbkit.k8s.ServiceTranslator delegate;
    private final String ns;

    NamespaceTranslator(String ns) {
      this(ns, new TestTranslator());
    }

    NamespaceTranslator(String ns, io.github.lbkit.k8s.ServiceTranslator delegate) {
      this.ns = ns;
      this.delegate = delegate;
    }

    @Override
    public LoadBalancerSpec translate(
        Service service, List<io.fabric8.kubernetes.api.model.Node> nodes,
        List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice> slices) {
      if (!ns.equals(service.getMetadata().getNamespace())) {
        throw new io.github.lbkit.api.InvalidServiceException(
            ServiceRules.keyOf(service), List.of(new io.github.lbkit.api.Problem("namespace",
                service.getMetadata().getNamespace(), "not this test's")));
      }
      return delegate.translate(service, nodes, slices);
    }

    @Override
    public ServiceKey key(Service service) {
      return delegate.key(service);
    }
  }

  /** Counts the calls to the fake provider and lets a test act inside ensure. */
  static final class Recording implements LoadBalancerProvider {
    private final LoadBalancerProvider delegate;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile Set<String> lastBackends = Set.of();
    volatile Runnable beforeEnsure;

    Recording(LoadBalancerProvider delegate) {
      this.delegate = delegate;
    }

    int count(String call) {
      synchronized (calls) {
        return (int) calls.stream().filter(call::equals).count();
      }
    }

    Set<String> lastBackends() {
      return lastBackends;
    }

    private void backends(LoadBalancerSpec spec) {
      lastBackends = spec.backends().stream().map(Backend::address).collect(Collectors.toSet());
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Capabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
      return delegate.find(key, hints);
    }

    @Override
    public LoadBalancerResult ensure(LoadBalancerSpec spec) {
      Runnable r = beforeEnsure;
      if (r != null) {
        r.run();
      }
      calls.add("ensure");
      LoadBalancerResult result = delegate.ensure(spec);
      backends(spec);
      return result;
    }

    @Override
    public void updateBackends(LoadBalancerSpec spec) {
      calls.add("updateBackends");
      delegate.updateBackends(spec);
      backends(spec);
    }

    @Override
    public void delete(ServiceKey key, LoadBalancerHints hints) {
      calls.add("delete");
      delegate.delete(key, hints);
    }
  }
}
