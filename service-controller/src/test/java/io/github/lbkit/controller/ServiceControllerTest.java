package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.k8s.NodePredicates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@EnableKubernetesMockClient(crud = true)
class ServiceControllerTest {

  static final String NS = "default";
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  KubernetesClient client;
  KubernetesMockServer server;

  final RecordingProvider provider = new RecordingProvider();
  final List<ServiceController> controllers = new ArrayList<>();

  @BeforeEach
  void nodes() {
    node("n1", "10.0.0.1", Map.of());
    node("n2", "10.0.0.2", Map.of());
  }

  @AfterEach
  void closeControllers() {
    controllers.forEach(ServiceController::close);
  }

  // ----- the upstream lifecycle -----

  @Test
  void createAddsFinalizerBeforeEnsureThenWritesStatusAnnotationsAndEvents() {
    List<String> seenAtEnsure = new ArrayList<>();
    provider.onEnsure(
        spec -> {
          Service live = client.services().inNamespace(NS).withName("web").get();
          seenAtEnsure.add(
              "finalizer=" + ServiceRules.hasFinalizer(live) + " status=" + ingress(live).size());
        });
    start(b -> {});
    Service svc = service("web", Map.of());

    Service done = awaitConverged("web");

    assertThat(seenAtEnsure.get(0)).isEqualTo("finalizer=true status=0");
    assertThat(done.getMetadata().getFinalizers()).containsExactly(ServiceRules.FINALIZER);
    assertThat(ingress(done)).extracting(LoadBalancerIngress::getIp, LoadBalancerIngress::getIpMode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.1", "VIP"));
    assertThat(done.getMetadata().getAnnotations()).containsEntry(RecordingProvider.LB_ID_ANNOTATION, "lb-1");
    assertThat(provider.lb(svc.getMetadata().getUid()).backends())
        .containsExactlyInAnyOrder(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2"));
    List<Event> events = events("web");
    assertThat(events).extracting(Event::getReason)
        .startsWith(EventRecorder.ENSURING, EventRecorder.ENSURED)
        .doesNotContain(EventRecorder.SYNC_FAILED);
    Event first = events.get(0);
    assertThat(first.getEventTime().getTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(first.getRegarding().getUid()).isEqualTo(svc.getMetadata().getUid());
    assertThat(first.getReportingController()).isEqualTo(ServiceController.Builder.DEFAULT_EVENT_COMPONENT);
    assertThat(provider.creates()).isEqualTo(1);
  }

  @Test
  void annotationChangeEnsuresAgain() {
    start(b -> {});
    service("web", Map.of());
    awaitConverged("web");
    int before = provider.calls("ensure", NS + "/web").size();

    client.services().inNamespace(NS).withName("web").edit(s -> annotate(s, "example.com/anything", "x"));

    await("another ensure", () -> provider.calls("ensure", NS + "/web").size() > before);
    assertThat(provider.creates()).isEqualTo(1);
  }

  @Test
  void nodeChangesUpdateBackendsWithoutEnsure() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");
    String uid = svc.getMetadata().getUid();
    int ensures = provider.calls("ensure", NS + "/web").size();

    node("n3", "10.0.0.3", Map.of());
    awaitBackends(uid, "n1", "n2", "n3");

    client.nodes().withName("n2").edit(n -> new NodeBuilder(n).editMetadata()
        .addToLabels(NodePredicates.EXCLUDE_LABEL, "true").endMetadata().build());
    awaitBackends(uid, "n1", "n3");

    client.nodes().withName("n1").delete();
    awaitBackends(uid, "n3");

    // Changes that leave the backend set alone trigger no cloud call; node events arrive in order, so once
    // n4's update is seen, the earlier ones have been dealt with.
    int updates = provider.calls("updateBackends", NS + "/web").size();
    client.nodes().withName("n3").edit(n -> new NodeBuilder(n).editMetadata()
        .addToLabels("team", "blue").endMetadata().build());
    node("n9", "10.0.0.9", Map.of(NodePredicates.EXCLUDE_LABEL, "")); // excluded from the start
    node("n4", "10.0.0.4", Map.of());
    awaitBackends(uid, "n3", "n4");
    awaitIdle();

    assertThat(provider.calls("updateBackends", NS + "/web")).hasSize(updates + 1);
    assertThat(provider.calls("ensure", NS + "/web")).hasSize(ensures);
    assertThat(events("web")).extracting(Event::getReason).contains(EventRecorder.UPDATED);
  }

  @Test
  void failedBackendUpdateFallsBackToFullEnsure() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");
    int ensures = provider.calls("ensure", NS + "/web").size();
    provider.failNextUpdates(1, () -> cloudError(true));

    node("n3", "10.0.0.3", Map.of());

    awaitBackends(svc.getMetadata().getUid(), "n1", "n2", "n3");
    await("a full ensure", () -> provider.calls("ensure", NS + "/web").size() > ensures);
    assertThat(events("web")).extracting(Event::getReason).contains(EventRecorder.UPDATE_FAILED);
  }

  @Test
  void podBackendsFollowEndpointSlices() {
    start(b -> {});
    slice("web-abc", "web", "10.1.0.1", "10.1.0.2");
    Service svc = service("web", Map.of(TestTranslator.PODS, "true"));
    awaitConverged("web");
    // The slice may reach the cache after the first ensure read it: the change still arrives, never lost.
    await("pod backends", () -> provider.lb(svc.getMetadata().getUid()).backends().stream()
        .map(Backend::address).collect(Collectors.toSet()).equals(Set.of("10.1.0.1", "10.1.0.2")));

    slice("web-abc", "web", "10.1.0.1", "10.1.0.3");

    await("pod backends updated", () -> provider.lb(svc.getMetadata().getUid()).backends().stream()
        .map(Backend::address).collect(Collectors.toSet()).equals(Set.of("10.1.0.1", "10.1.0.3")));
    assertThat(provider.calls("updateBackends", NS + "/web")).isNotEmpty();
  }

  @Test
  void providerWarningsBecomeWarningEvents() {
    provider.warnings(List.of(new ProviderWarning("PassThroughConstraint", "pass-through needs a dedicated ELB")));
    start(b -> {});
    service("web", Map.of());

    awaitConverged("web");

    // Published once: the re-ensure after the written-back annotation repeats the same warning quietly.
    assertThat(events("web")).filteredOn(e -> "PassThroughConstraint".equals(e.getReason()))
        .extracting(Event::getType, Event::getNote)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Warning", "pass-through needs a dedicated ELB"));
  }

  @Test
  void misspeltAnnotationKeyIsWarnedAboutOnceAndTheServiceStillServed() {
    start(b -> b.translator(new CceServiceTranslator(TranslatorOptions.of(TestTranslator.CLUSTER)))
        .driftPeriod(Duration.ofMillis(100)));
    Service svc = service("web", Map.of("kubernetes.io/elb.autocreat", "{\"type\":\"public\"}"));

    awaitConverged("web");
    int ensures = provider.calls("ensure", NS + "/web").size();
    await("drift passes", () -> provider.calls("ensure", NS + "/web").size() >= ensures + 3);

    assertThat(provider.lb(svc.getMetadata().getUid())).isNotNull();
    assertThat(events("web")).filteredOn(e -> EventRecorder.UNKNOWN_ANNOTATION.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .satisfies(e -> assertThat(e.getNote())
            .contains("kubernetes.io/elb.autocreat=")
            .contains("did you mean kubernetes.io/elb.autocreate?")
            .contains("served without them"));

    // Another unknown key is a new set: one more Warning, naming it.
    client.services().inNamespace(NS).withName("web").edit(s -> annotate(s, "lbkit.io/creation-recrd", "x"));
    await("second warning", () -> events("web").stream()
        .filter(e -> EventRecorder.UNKNOWN_ANNOTATION.equals(e.getReason())).count() == 2);
    int later = provider.calls("ensure", NS + "/web").size();
    await("more drift passes", () -> provider.calls("ensure", NS + "/web").size() >= later + 3);
    assertThat(events("web")).filteredOn(e -> EventRecorder.UNKNOWN_ANNOTATION.equals(e.getReason()))
        .hasSize(2)
        .last().satisfies(e -> assertThat(e.getNote()).contains("did you mean lbkit.io/creation-record?"));
  }

  @Test
  void noEligibleNodesIsReportedButStillEnsured() {
    client.nodes().withName("n1").delete();
    client.nodes().withName("n2").delete();
    start(b -> {});
    Service svc = service("web", Map.of());

    awaitConverged("web");

    assertThat(events("web")).extracting(Event::getReason).contains(EventRecorder.UNAVAILABLE);
    assertThat(provider.lb(svc.getMetadata().getUid()).backends()).isEmpty();
  }

  @Test
  void deletedServiceIsCleanedUpAndFinalizerRemovedLast() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");
    List<List<String>> finalizersAtDelete = new java.util.concurrent.CopyOnWriteArrayList<>();
    provider.onDelete(key -> {
      Service live = live("web");
      finalizersAtDelete.add(live == null ? List.of() : live.getMetadata().getFinalizers());
    });

    client.services().inNamespace(NS).withName("web").delete();

    await("Service gone", () -> client.services().inNamespace(NS).withName("web").get() == null);
    assertThat(provider.lb(svc.getMetadata().getUid())).isNull();
    assertThat(provider.calls("delete", NS + "/web")).hasSize(1);
    // The finalizer was still there while the cloud delete ran: it is removed last.
    assertThat(finalizersAtDelete).hasSize(1);
    assertThat(finalizersAtDelete.get(0)).contains(ServiceRules.FINALIZER);
    assertThat(events("web")).extracting(Event::getReason)
        .contains(EventRecorder.DELETING, EventRecorder.DELETED);
  }

  @Test
  void failedDeletesAreRetriedWhileTheFinalizerHoldsTheService() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");
    provider.failNextDeletes(2, () -> cloudError(true));

    client.services().inNamespace(NS).withName("web").delete();

    await("Service gone", () -> client.services().inNamespace(NS).withName("web").get() == null);
    assertThat(provider.calls("delete", NS + "/web")).hasSize(3);
    assertThat(provider.lb(svc.getMetadata().getUid())).isNull();
    assertThat(events("web")).filteredOn(e -> EventRecorder.DELETE_FAILED.equals(e.getReason())).hasSize(2);
  }

  @Test
  void typeChangedAwayFromLoadBalancerCleansUp() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");

    client.services().inNamespace(NS).withName("web")
        .edit(s -> new ServiceBuilder(s).editSpec().withType("ClusterIP").endSpec().build());

    await("finalizer removed", () -> !ServiceRules.hasFinalizer(live("web")));
    assertThat(ingress(live("web"))).isEmpty();
    assertThat(provider.lb(svc.getMetadata().getUid())).isNull();
  }

  @Test
  void cleanupFromAStaleCachedCopyAsksTheApiServerFirst() {
    // After a cleanup the informer's copy can still carry the finalizer for a moment (it lags behind the
    // controller's own writes); a sync from that copy must not delete the load balancer a second time.
    Service cleanedUp = client.services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withType("ClusterIP")
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort()
        .endSpec().build()).create();
    Map<String, Service> stale = Map.of(
        NS + "/web",
        new ServiceBuilder(cleanedUp).editMetadata().withFinalizers(ServiceRules.FINALIZER).endMetadata().build(),
        NS + "/gone",
        new ServiceBuilder(cleanedUp).editMetadata().withName("gone").withFinalizers(ServiceRules.FINALIZER)
            .withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata()
            .editSpec().withType("LoadBalancer").endSpec().build());
    java.util.concurrent.ScheduledExecutorService scheduler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      Reconciler reconciler = new Reconciler(provider, new TestTranslator(), new ServiceRules(null),
          AttachPolicy.allowAll(), new ServiceWriter(client, () -> new ServiceWriter.StatusFormat(true, null)),
          new EventRecorder(client, "test", "test"),
          new ControllerMetrics(new SimpleMeterRegistry(), TestTranslator.CLUSTER),
          new WorkQueue(scheduler, Duration.ofMillis(20), Duration.ofMillis(200)),
          new Reconciler.Listers() {
            @Override
            public @Nullable Service service(String key) {
              return stale.get(key);
            }

            @Override
            public List<Service> services() {
              return List.copyOf(stale.values());
            }

            @Override
            public List<Node> nodes() {
              return List.of();
            }

            @Override
            public List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice> endpointSlices(String key) {
              return List.of();
            }
          },
          false);

      assertThat(reconciler.sync(NS + "/web")).isEqualTo(Reconciler.Outcome.NOOP);
      assertThat(reconciler.sync(NS + "/gone")).isEqualTo(Reconciler.Outcome.NOOP);
      assertThat(provider.calls()).isEmpty();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void invalidServiceGetsWarningAndNoCloudCallUntilFixed() {
    start(b -> {});
    service("web", Map.of(TestTranslator.INVALID, "yes"));

    await("warning event", () -> events("web").stream().anyMatch(e -> "Warning".equals(e.getType())));
    awaitIdle();

    Event warning = events("web").get(0);
    assertThat(warning.getReason()).isEqualTo(EventRecorder.SYNC_FAILED);
    assertThat(warning.getNote()).contains(TestTranslator.INVALID).contains("must not be set");
    assertThat(events("web")).hasSize(1); // not retried while unchanged
    assertThat(provider.callsFor(NS + "/web")).isEmpty();
    assertThat(ServiceRules.hasFinalizer(live("web"))).isFalse();

    client.services().inNamespace(NS).withName("web").edit(s -> unannotate(s, TestTranslator.INVALID));

    awaitConverged("web");
  }

  @Test
  void invalidChangeLeavesTheExistingLoadBalancerAlone() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");
    int calls = provider.callsFor(NS + "/web").size();

    client.services().inNamespace(NS).withName("web").edit(s -> annotate(s, TestTranslator.INVALID, "x"));

    await("warning event", () -> events("web").stream().anyMatch(e -> EventRecorder.SYNC_FAILED.equals(e.getReason())));
    awaitIdle();
    assertThat(provider.callsFor(NS + "/web")).hasSize(calls);
    assertThat(provider.lb(svc.getMetadata().getUid())).isNotNull();
    assertThat(ingress(live("web"))).hasSize(1);
  }

  @Test
  void deleteWorksWhileAnnotationsAreInvalid() {
    start(b -> {});
    Service svc = service("web", Map.of());
    awaitConverged("web");
    client.services().inNamespace(NS).withName("web").edit(s -> annotate(s, TestTranslator.INVALID, "x"));
    await("warning event", () -> events("web").stream().anyMatch(e -> EventRecorder.SYNC_FAILED.equals(e.getReason())));

    client.services().inNamespace(NS).withName("web").delete();

    await("Service gone", () -> client.services().inNamespace(NS).withName("web").get() == null);
    assertThat(provider.lb(svc.getMetadata().getUid())).isNull();
  }

  @Test
  void providerFailuresBackOffAndRecover() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    provider.failNextEnsures(3, () -> cloudError(true));
    start(b -> b.meterRegistry(registry));
    service("web", Map.of());

    awaitConverged("web");

    // 3 failures and the first success; the controller's own write-back triggers no further ensure.
    assertThat(provider.calls("ensure", NS + "/web")).hasSize(4);
    assertThat(events("web")).filteredOn(e -> EventRecorder.SYNC_FAILED.equals(e.getReason())).hasSize(3);
    assertThat(registry.get("lbkit.reconcile").tag("outcome", "error").counter().count()).isEqualTo(3.0);
    assertThat(registry.get("lbkit.reconcile").tag("outcome", "success").counter().count()).isGreaterThanOrEqualTo(1.0);
    assertThat(registry.get("lbkit.cloud.calls").tags("operation", "ensure", "outcome", "failure").counter().count())
        .isEqualTo(3.0);
    assertThat(registry.get("lbkit.queue.depth").gauge().value()).isZero();
    assertThat(registry.get("lbkit.reconcile.duration").timer().count()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void nonRetryableFailuresAreRetriedWithBackoffToo() {
    provider.failNextEnsures(2, () -> cloudError(false));
    start(b -> {});
    service("web", Map.of());

    awaitConverged("web");

    assertThat(provider.calls("ensure", NS + "/web")).hasSize(3);
  }

  @Test
  void retryLaterIsHonouredInsteadOfBackoff() {
    provider.failNextEnsures(1, () -> new RetryLaterException("ensure: still provisioning", Duration.ofMillis(100)));
    // A backoff of an hour: only the RetryLaterException's own delay can bring the second attempt in time.
    start(b -> b.backoff(Duration.ofHours(1), Duration.ofHours(1)));
    service("web", Map.of());

    awaitConverged("web");

    assertThat(provider.calls("ensure", NS + "/web")).hasSize(2);
  }

  static Stream<Arguments> classes() {
    return Stream.of(
        Arguments.of("no class served, Service without class", null, null, true),
        Arguments.of("no class served, Service of another class", null, "example.com/other", false),
        Arguments.of("class served, Service of that class", "lbkit.io/elb", "lbkit.io/elb", true),
        Arguments.of("class served, Service without class", "lbkit.io/elb", null, false),
        Arguments.of("class served, Service of another class", "lbkit.io/elb", "example.com/other", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classes")
  void loadBalancerClassFiltering(String name, @Nullable String served, @Nullable String serviceClass, boolean want) {
    start(b -> b.loadBalancerClass(served));
    service("target", Map.of(), serviceClass);
    service("probe", Map.of(), served); // always served; informer events arrive in order
    awaitConverged("probe");

    if (want) {
      awaitConverged("target");
    } else {
      assertThat(provider.callsFor(NS + "/target")).isEmpty();
      assertThat(ServiceRules.hasFinalizer(live("target"))).isFalse();
      assertThat(events("target")).isEmpty();
    }
  }

  @Test
  void controllersOfDifferentClassesNeverTouchEachOthersServices() {
    // The cluster's default (class-less) controller and two lbkit controllers serving classes a and b.
    RecordingProvider a = new RecordingProvider();
    RecordingProvider b = new RecordingProvider();
    start(x -> {});
    start(a, x -> x.loadBalancerClass("example.com/a"));
    start(b, x -> x.loadBalancerClass("example.com/b"));
    service("plain", Map.of());
    service("svc-a", Map.of(), "example.com/a");
    service("svc-b", Map.of(), "example.com/b");
    await("all three served", () -> Stream.of("plain", "svc-a", "svc-b").allMatch(n -> !ingress(live(n)).isEmpty()));

    assertThat(live("plain").getMetadata().getFinalizers()).containsExactly(ServiceRules.FINALIZER);
    assertThat(live("svc-a").getMetadata().getFinalizers())
        .containsExactly(ServiceRules.classFinalizer("example.com/a"));
    assertThat(live("svc-b").getMetadata().getFinalizers())
        .containsExactly(ServiceRules.classFinalizer("example.com/b"));
    assertThat(ServiceRules.classFinalizer("example.com/a")).startsWith("lbkit.io/cleanup-example.com.a-")
        .isNotEqualTo(ServiceRules.classFinalizer("example.com/b"));

    for (String n : List.of("plain", "svc-a", "svc-b")) {
      client.services().inNamespace(NS).withName(n).delete();
    }
    await("all three gone", () -> Stream.of("plain", "svc-a", "svc-b").allMatch(n -> live(n) == null));

    assertThat(provider.calls().stream().map(RecordingProvider.Call::service).distinct())
        .containsExactly(NS + "/plain");
    assertThat(a.calls().stream().map(RecordingProvider.Call::service).distinct()).containsExactly(NS + "/svc-a");
    assertThat(b.calls().stream().map(RecordingProvider.Call::service).distinct()).containsExactly(NS + "/svc-b");
    assertThat(provider.calls("delete", NS + "/plain")).hasSize(1);
    assertThat(a.calls("delete", NS + "/svc-a")).hasSize(1);
    assertThat(b.calls("delete", NS + "/svc-b")).hasSize(1);
  }

  @Test
  void classModeUsesItsOwnFinalizerAndLeavesTheUpstreamOneAlone() {
    // A class-less Service the cluster's default controller serves: it carries the upstream finalizer.
    client.services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("theirs").withNamespace(NS).withFinalizers(ServiceRules.FINALIZER).endMetadata()
        .withNewSpec().withType("LoadBalancer")
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30081).endPort()
        .endSpec().build()).create();
    start(b -> b.loadBalancerClass("lbkit.io/elb"));
    service("ours", Map.of(), "lbkit.io/elb");

    awaitConverged("ours");

    assertThat(live("ours").getMetadata().getFinalizers()).containsExactly(ServiceRules.classFinalizer("lbkit.io/elb"));
    assertThat(live("theirs").getMetadata().getFinalizers()).containsExactly(ServiceRules.FINALIZER);
    assertThat(provider.callsFor(NS + "/theirs")).isEmpty();
    assertThat(events("theirs")).isEmpty();
  }

  @Test
  void restartResumesWithoutDuplicateCreates() {
    ServiceController first = start(b -> {});
    service("web", Map.of());
    awaitConverged("web");
    first.close();
    int ensures = provider.calls("ensure", NS + "/web").size();

    start(b -> {});

    await("re-ensured after restart", () -> provider.calls("ensure", NS + "/web").size() > ensures);
    awaitIdle();
    assertThat(provider.creates()).isEqualTo(1);
    assertThat(live("web").getMetadata().getFinalizers()).containsExactly(ServiceRules.FINALIZER);
    assertThat(ingress(live("web"))).hasSize(1);
  }

  @Test
  void driftIsRepairedPeriodically() {
    start(b -> b.driftPeriod(Duration.ofMillis(200)));
    Service svc = service("web", Map.of());
    awaitConverged("web");
    String uid = svc.getMetadata().getUid();
    int events = events("web").size();
    int ensures = provider.calls("ensure", NS + "/web").size();

    // Converged: drift passes re-ensure, and stay quiet.
    await("drift passes", () -> provider.calls("ensure", NS + "/web").size() >= ensures + 3);
    assertThat(events("web")).hasSize(events);
    assertThat(provider.creates()).isEqualTo(1);

    provider.dropBehindTheBack(uid);

    await("load balancer re-created", () -> provider.lb(uid) != null);
    await("new address in the status", () -> ingress(live("web")).get(0).getIp().equals("192.0.2.2"));
    assertThat(provider.creates()).isEqualTo(2);
    await("Ensured event for the repair", () -> events("web").stream()
        .filter(e -> EventRecorder.ENSURED.equals(e.getReason())).count() == 2);
  }

  @Test
  void driftIsCheckedAgainstTheProvidersSnapshotAndOnlyDriftedServicesAreEnsured() {
    provider.snapshots(true);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    start(b -> b.driftPeriod(Duration.ofMillis(200)).meterRegistry(registry));
    Service web = service("web", Map.of());
    service("api", Map.of());
    awaitConverged("web");
    awaitConverged("api");
    String uid = web.getMetadata().getUid();
    int webEnsures = provider.calls("ensure", NS + "/web").size();
    int apiEnsures = provider.calls("ensure", NS + "/api").size();
    int events = events("api").size();

    // Converged: the passes are answered by snapshots, not by ensures.
    await("drift passes over snapshots", () -> provider.calls().stream()
        .filter(c -> c.operation().equals("snapshot")).count() >= 4);
    assertThat(provider.calls("ensure", NS + "/web")).hasSize(webEnsures);
    assertThat(provider.calls("ensure", NS + "/api")).hasSize(apiEnsures);
    assertThat(events("api")).hasSize(events);
    assertThat(registry.find("lbkit.drift.checks").tag("answer", "snapshot").counter()).isNotNull()
        .satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(2));

    provider.dropBehindTheBack(uid);

    // The next snapshot shows web drifted: web alone is ensured, and its load balancer comes back.
    await("load balancer re-created", () -> provider.lb(uid) != null);
    await("new address in the status", () -> ingress(live("web")).get(0).getIp().equals("192.0.2.3"));
    assertThat(provider.calls("ensure", NS + "/api")).hasSize(apiEnsures);
    assertThat(provider.creates()).isEqualTo(3);
  }

  @Test
  void driftWithoutSnapshotsEnsuresEveryService() {
    provider.snapshots(true);
    start(b -> b.driftPeriod(Duration.ofMillis(200)).driftSnapshots(false));
    service("web", Map.of());
    awaitConverged("web");
    int ensures = provider.calls("ensure", NS + "/web").size();

    await("drift passes", () -> provider.calls("ensure", NS + "/web").size() >= ensures + 3);
    assertThat(provider.calls()).noneMatch(c -> c.operation().equals("snapshot"));
  }

  @Test
  void attachPolicyRefusesWithWarningAndNoCloudCall() {
    start(b -> b.attachPolicy(AttachPolicy.namespaces(Set.of("infra"))));
    service("web", Map.of(TestTranslator.ATTACH, "lb-shared-1"));

    await("warning event", () -> events("web").stream().anyMatch(e -> "Warning".equals(e.getType())));
    awaitIdle();

    assertThat(events("web").get(0).getNote()).contains("lb-shared-1").contains("attach policy");
    assertThat(provider.callsFor(NS + "/web")).isEmpty();
    assertThat(ServiceRules.hasFinalizer(live("web"))).isFalse();
  }

  @Test
  void recreatedServiceDeletesTheOldLoadBalancerFirst() {
    start(b -> {});
    Service old = service("web", Map.of());
    awaitConverged("web");
    String oldUid = old.getMetadata().getUid();

    // Gone behind the finalizer's back, and re-created under the same name.
    client.services().inNamespace(NS).withName("web")
        .edit(s -> new ServiceBuilder(s).editMetadata().withFinalizers(List.of()).endMetadata().build());
    client.services().inNamespace(NS).withName("web").delete();
    await("Service gone", () -> client.services().inNamespace(NS).withName("web").get() == null);
    Service fresh = service("web", Map.of());
    String newUid = fresh.getMetadata().getUid();

    await("new load balancer", () -> provider.lb(newUid) != null);
    await("old load balancer deleted", () -> provider.lb(oldUid) == null);
    List<RecordingProvider.Call> calls = provider.callsFor(NS + "/web");
    int deleteOld = indexOf(calls, "delete", oldUid);
    int ensureNew = indexOf(calls, "ensure", newUid);
    assertThat(deleteOld).isNotNegative().isLessThan(ensureNew);
  }

  @Test
  void onlyTheLeaderReconciles() {
    RecordingProvider other = new RecordingProvider();
    ServiceController a = start(b -> b.leaderElection(NS, "lbkit", "a")
        .leaderElectionTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100)));
    await("a leads", a::isActive);
    ServiceController b = start(other, x -> x.leaderElection(NS, "lbkit", "b")
        .leaderElectionTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100)));
    service("web", Map.of());
    awaitConverged("web");
    assertThat(b.isActive()).isFalse();
    assertThat(other.calls()).isEmpty();

    a.close(); // releases the Lease

    await("b leads", b::isActive);
    await("b reconciles", () -> !other.calls("ensure", NS + "/web").isEmpty());
    assertThat(provider.creates()).isEqualTo(1);
  }

  static Stream<Arguments> serverVersions() {
    return Stream.of(
        Arguments.of("1.30 keeps ipMode Proxy", "30", "nip.example", "192.0.2.1", null, "Proxy"),
        Arguments.of("1.29 with a fallback gets a hostname", "29+", "nip.example", null, "192.0.2.1.nip.example", null),
        Arguments.of("1.29 without a fallback gets the bare ip", "29", null, "192.0.2.1", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverVersions")
  void ipModeFollowsTheServerVersion(
      String name, String minor, @Nullable String suffix, @Nullable String ip, @Nullable String hostname,
      @Nullable String ipMode) {
    server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor(minor).build());
    start(b -> b.hostnameFallback(suffix));
    service("web", Map.of(TestTranslator.PASS_THROUGH, "true"));

    Service done = awaitConverged("web");

    assertThat(ingress(done))
        .extracting(LoadBalancerIngress::getIp, LoadBalancerIngress::getHostname, LoadBalancerIngress::getIpMode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ip, hostname, ipMode));
  }

  @Test
  void aFailedVersionReadIsTriedAgainAtTheNextStatusWrite() {
    // The mock answers /version from an expectation of its own; replace it: one refusal (not retried by the
    // client, unlike a 5xx), then 1.29.
    server.clearExpectations();
    server.expect().get().withPath("/version").andReturn(403, "{}").once();
    server.expect().get().withPath("/version").andReturn(200, "{\"major\":\"1\",\"minor\":\"29\"}").always();
    start(b -> b.hostnameFallback("nip.example"));
    service("web", Map.of(TestTranslator.PASS_THROUGH, "true"));
    awaitConverged("web");

    // The first read failed; had that been remembered, the status would carry ipMode Proxy for ever. Read again
    // at the next status write (brought on by a user's change), the 1.29 server gets the hostname fallback.
    client.services().inNamespace(NS).withName("web")
        .edit(s -> new ServiceBuilder(s).editMetadata().addToAnnotations("example.com/touched", "1").endMetadata()
            .build());
    await("the status follows the 1.29 server once it answers", () -> ingress(live("web")).stream()
        .anyMatch(i -> "192.0.2.1.nip.example".equals(i.getHostname()) && i.getIpMode() == null));
  }

  @Test
  void closeIsPromptAndIdempotent() {
    ServiceController c = start(b -> {});
    service("web", Map.of());
    awaitConverged("web");

    c.close();
    c.close();

    assertThat(c.isActive()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .noneMatch(n -> n.startsWith("lbkit-worker"));
  }

  @Test
  void losingTheLeaseStopsWorkAndStandsAgain() {
    ServiceController a = start(b -> b.leaderElection(NS, "lbkit", "a")
        .leaderElectionTimings(Duration.ofSeconds(1), Duration.ofMillis(800), Duration.ofMillis(100)));
    await("a leads and runs", a::idle); // fully started: the mock cannot close a watch that is still opening

    // Someone else takes the Lease: a must stop at its next renewal...
    await("Lease taken over", () -> {
      try {
        client.leases().inNamespace(NS).withName("lbkit").edit(l -> {
          l.getSpec().setHolderIdentity("intruder");
          l.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
          return l;
        });
        return true;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() == 409) {
          return false; // raced with a renewal: read again
        }
        throw e;
      }
    });
    await("a stopped", () -> !a.isActive());

    // ...and lead again once the intruder's Lease expires unrenewed.
    await("a leads again", a::isActive);
    service("web", Map.of());
    awaitConverged("web");
  }

  @Test
  void closeAbandonsStuckWorkAfterTheBoundedWait() {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
    provider.onEnsure(spec -> {
      entered.countDown();
      try {
        new java.util.concurrent.CountDownLatch(1).await(); // a cloud call that never answers
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    });
    ServiceController c = start(b -> b.closeTimeout(Duration.ofMillis(200)));
    service("web", Map.of());
    await("ensure in flight", () -> entered.getCount() == 0);

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), c::close);

    await("stuck worker interrupted", interrupted::get);
    assertThat(c.isActive()).isFalse();
  }

  @Test
  void startTwiceIsRefused() {
    ServiceController c = start(b -> {});

    org.assertj.core.api.Assertions.assertThatThrownBy(c::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }

  @Test
  void builderNamesTheMissingSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceController.builder().client(client).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("provider(LoadBalancerProvider) is required");
  }

  // ----- helpers -----

  private ServiceController start(Consumer<ServiceController.Builder> customize) {
    return start(provider, customize);
  }

  private ServiceController start(RecordingProvider p, Consumer<ServiceController.Builder> customize) {
    ServiceController.Builder b =
        ServiceController.builder()
            .client(client)
            .provider(p)
            .translator(new TestTranslator())
            .clusterName(TestTranslator.CLUSTER)
            .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .nodeSyncDelay(Duration.ofMillis(20))
            .driftPeriod(Duration.ZERO)
            .closeTimeout(Duration.ofSeconds(5));
    customize.accept(b);
    ServiceController c = b.build();
    controllers.add(c);
    c.start();
    return c;
  }

  private Node node(String name, String ip, Map<String, String> labels) {
    return client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus()
        .build()).create();
  }

  private Service service(String name, Map<String, String> annotations) {
    return service(name, annotations, null);
  }

  private Service service(String name, Map<String, String> annotations, @Nullable String lbClass) {
    return client.services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).withAnnotations(annotations).endMetadata()
        .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(lbClass)
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
        .endSpec().build()).create();
  }

  private void slice(String name, String service, String... ips) {
    EndpointSliceBuilder b = new EndpointSliceBuilder()
        .withNewMetadata().withName(name).withNamespace(NS)
        .addToLabels(Reconciler.SERVICE_NAME_LABEL, service).endMetadata()
        .withAddressType("IPv4");
    for (String ip : ips) {
      b.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions().endEndpoint();
    }
    client.discovery().v1().endpointSlices().inNamespace(NS).resource(b.build()).createOr(r -> r.update());
  }

  private static Service annotate(Service s, String key, String value) {
    Map<String, String> a = new HashMap<>(ServiceRules.annotations(s));
    a.put(key, value);
    return new ServiceBuilder(s).editMetadata().withAnnotations(a).endMetadata().build();
  }

  private static Service unannotate(Service s, String key) {
    Map<String, String> a = new HashMap<>(ServiceRules.annotations(s));
    a.remove(key);
    return new ServiceBuilder(s).editMetadata().withAnnotations(a).endMetadata().build();
  }

  private Service live(String name) {
    return client.services().inNamespace(NS).withName(name).get();
  }

  private static List<LoadBalancerIngress> ingress(Service s) {
    return s.getStatus() == null || s.getStatus().getLoadBalancer() == null
            || s.getStatus().getLoadBalancer().getIngress() == null
        ? List.of()
        : s.getStatus().getLoadBalancer().getIngress();
  }

  /** Waits until a Service has its status, its written-back annotation, and the controller is idle. */
  private Service awaitConverged(String name) {
    await(name + " converged", () -> {
      Service s = live(name);
      return s != null && !ingress(s).isEmpty()
          && ServiceRules.annotations(s).containsKey(RecordingProvider.LB_ID_ANNOTATION)
          && events(name).stream().anyMatch(e -> EventRecorder.ENSURED.equals(e.getReason()))
          && !provider.calls("ensure", NS + "/" + name).isEmpty()
          && controllers.stream().anyMatch(ServiceController::idle);
    });
    awaitIdle();
    return live(name);
  }

  private void awaitIdle() {
    await("controller idle", () -> controllers.stream().filter(ServiceController::isActive)
        .allMatch(ServiceController::idle));
  }

  private void awaitBackends(String uid, String... nodeNames) {
    await("backends " + List.of(nodeNames), () -> {
      RecordingProvider.Lb lb = provider.lb(uid);
      return lb != null
          && lb.backends().stream().map(Backend::nodeName).collect(Collectors.toSet()).equals(Set.of(nodeNames));
    });
  }

  private List<Event> events(String service) {
    return client.events().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> service.equals(e.getRegarding().getName()))
        .sorted(Comparator.comparing((Event e) -> e.getEventTime().getTime()).thenComparing(e -> e.getMetadata().getName()))
        .toList();
  }

  private static int indexOf(List<RecordingProvider.Call> calls, String op, String uid) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).operation().equals(op) && calls.get(i).uid().equals(uid)) {
        return i;
      }
    }
    return -1;
  }

  private static CloudApiException cloudError(boolean retryable) {
    return new CloudApiException("createLoadBalancer", retryable ? 503 : 400, "ELB.TEST", "req-1", retryable,
        "injected failure", null);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
