package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.lbkit.api.CreationRecord;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.fake.CceSeed;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.fake.FakeResources.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller taking over Services CCE's own controller served, on the fake cloud: the adoption event and
 * counter, the refusals, and handing a Service back.
 */
@EnableKubernetesMockClient(crud = true)
class AdoptionControllerTest {

  static final String NS = "shop";
  static final String CLUSTER = "prod";
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  static final String AUTO = "{\"type\":\"public\",\"name\":\"web-lb\",\"bandwidth_name\":\"bw\","
      + "\"bandwidth_chargemode\":\"bandwidth\",\"bandwidth_size\":10,\"bandwidth_sharetype\":\"PER\","
      + "\"eip_type\":\"5_bgp\"}";

  KubernetesClient client;

  final FakeCloud cloud = FakeCloud.create(5);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<ServiceController> controllers = new ArrayList<>();

  @BeforeEach
  void nodes() {
    for (String[] n : new String[][] {{"n1", "10.0.0.1"}, {"n2", "10.0.0.2"}}) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n[0]).endMetadata()
          .withNewStatus().addNewAddress().withType("InternalIP").withAddress(n[1]).endAddress().endStatus()
          .build()).create();
    }
  }

  @AfterEach
  void close() {
    controllers.forEach(ServiceController::close);
  }

  CceSeed.Seeded seed(LoadBalancerClass cls) {
    return CceSeed.loadBalancer(cloud, "web-lb", cls, true,
        List.of(new CceSeed.Port(Protocol.TCP, 80, 30080)), List.of("10.0.0.1", "10.0.0.2"));
  }

  Service serviceAsCceLeftIt(CceSeed.Seeded cce) {
    return client.services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).withAnnotations(Map.of(
            "kubernetes.io/elb.class", "union",
            "kubernetes.io/elb.autocreate", AUTO,
            "kubernetes.io/elb.id", cce.loadBalancerId(),
            "kubernetes.io/elb.eip-id", cce.eipId(),
            "kubernetes.io/elb.mark", "0"))
        .endMetadata()
        .withNewSpec().withType("LoadBalancer")
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
        .endSpec().build()).create();
  }

  void start(Consumer<ServiceController.Builder> customize) {
    ServiceController.Builder b = ServiceController.builder()
        .client(client)
        .provider(FakeLoadBalancerProvider.over(cloud))
        .translator(new CceServiceTranslator(TranslatorOptions.of(CLUSTER)))
        .clusterName(CLUSTER)
        .meterRegistry(meters)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .nodeSyncDelay(Duration.ofMillis(20))
        .driftPeriod(Duration.ZERO)
        .closeTimeout(Duration.ofSeconds(5));
    customize.accept(b);
    ServiceController c = b.build();
    controllers.add(c);
    c.start();
  }

  List<String> writesSince(int journalSize) {
    return cloud.journal().subList(journalSize, cloud.journal().size()).stream()
        .filter(c -> c.operation().mutating()).map(c -> c.operation().name()).toList();
  }

  @Test
  void aServiceCceServedIsAdoptedKeepingItsAddressThenDeletedNormally() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    int before = cloud.journal().size();
    start(b -> b.adoption(true));
    Service svc = serviceAsCceLeftIt(cce);

    await("adopted", () -> reasons().contains(EventRecorder.ADOPTED) && !ingress(live()).isEmpty()
        && ServiceRules.annotations(live()).containsKey(CreationRecord.ANNOTATION));

    assertThat(writesSince(before)).as("only markers written")
        .allMatch(w -> w.startsWith("UPDATE_")).isNotEmpty();
    assertThat(ingress(live())).extracting(LoadBalancerIngress::getIp).containsExactly(cce.address());
    assertThat(ServiceRules.annotations(live())).containsEntry("kubernetes.io/elb.id", cce.loadBalancerId())
        .containsEntry("kubernetes.io/elb.eip-id", cce.eipId());
    Event adopted = events().stream().filter(e -> EventRecorder.ADOPTED.equals(e.getReason())).findFirst()
        .orElseThrow();
    assertThat(adopted.getType()).isEqualTo(EventRecorder.NORMAL);
    assertThat(adopted.getNote()).contains(cce.address()).contains("load balancer " + cce.loadBalancerId())
        .contains("EIP " + cce.eipId()).contains("listener TCP:80");
    assertThat(meters.counter("lbkit.adoptions", "cluster", CLUSTER).count()).isEqualTo(1.0);
    String marker = OwnerMarker.of(new io.github.lbkit.api.ServiceKey(CLUSTER, NS, "web",
        svc.getMetadata().getUid())).value();
    assertThat(cloud.inventory()).filteredOn(r -> r.kind() != io.github.lbkit.fake.FakeResources.Kind.POOL
        && r.kind() != io.github.lbkit.fake.FakeResources.Kind.MEMBER).extracting(Resource::owner)
        .containsOnly(marker);

    client.services().inNamespace(NS).withName("web").delete();
    await("deleted", () -> live() == null);
    assertThat(cloud.inventory()).as("deleted normally, the adopted EIP too").isEmpty();
    assertThat(meters.counter("lbkit.adoptions", "cluster", CLUSTER).count()).isEqualTo(1.0);
  }

  @Test
  void withAdoptionOffTheServiceIsRefusedSayingHowToTurnItOnAndNothingIsWritten() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    long writes = cloud.writes();
    start(b -> {});
    serviceAsCceLeftIt(cce);

    await("refused", () -> events().stream().anyMatch(e -> "Warning".equals(e.getType())));
    assertThat(events()).filteredOn(e -> "Warning".equals(e.getType())).first()
        .satisfies(e -> assertThat(e.getNote()).contains("ServiceController.builder().adoption(true)"));
    assertThat(cloud.writes()).isEqualTo(writes);
  }

  @Test
  void aMismatchIsRefusedWithAnAdoptionRefusedWarningAndNothingIsWritten() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.DEDICATED); // the Service says union
    long writes = cloud.writes();
    start(b -> b.adoption(true));
    serviceAsCceLeftIt(cce);

    await("refused", () -> reasons().contains(EventRecorder.ADOPTION_REFUSED));
    Event refused = events().stream().filter(e -> EventRecorder.ADOPTION_REFUSED.equals(e.getReason()))
        .findFirst().orElseThrow();
    assertThat(refused.getType()).isEqualTo("Warning");
    assertThat(refused.getNote()).contains("it is performance (the Service asks for union)")
        .contains("set kubernetes.io/elb.class: performance");
    assertThat(cloud.writes()).isEqualTo(writes);
    assertThat(meters.find("lbkit.adoptions").counter()).isNull();
  }

  @Test
  void aServiceHandedBackLosesMarkerAndFinalizerAndItsDeletionDeletesNothing() {
    CceSeed.Seeded cce = seed(LoadBalancerClass.SHARED);
    start(b -> b.adoption(true));
    serviceAsCceLeftIt(cce);
    await("adopted", () -> reasons().contains(EventRecorder.ADOPTED)
        && ServiceRules.annotations(live()).containsKey(CreationRecord.ANNOTATION));
    List<Resource> adopted = cloud.inventory();
    int before = cloud.journal().size();

    Map<String, String> a = new HashMap<>(ServiceRules.annotations(live()));
    a.put(Reconciler.RELEASE, "true");
    client.services().inNamespace(NS).withName("web")
        .edit(s -> new ServiceBuilder(s).editMetadata().withAnnotations(a).endMetadata().build());

    await("released", () -> reasons().contains(EventRecorder.RELEASED)
        && (live().getMetadata().getFinalizers() == null || live().getMetadata().getFinalizers().isEmpty()));
    assertThat(writesSince(before)).as("markers removed, nothing deleted").allMatch(w -> w.startsWith("UPDATE_"));
    assertThat(cloud.inventory()).extracting(Resource::owner).containsOnly("");
    assertThat(ServiceRules.annotations(live())).doesNotContainKey(CreationRecord.ANNOTATION)
        .containsEntry("kubernetes.io/elb.id", cce.loadBalancerId())
        .containsEntry("kubernetes.io/elb.eip-id", cce.eipId());
    assertThat(ingress(live())).extracting(LoadBalancerIngress::getIp).containsExactly(cce.address());

    client.services().inNamespace(NS).withName("web").delete();
    await("deleted", () -> live() == null);
    assertThat(cloud.inventory()).extracting(Resource::id)
        .containsExactlyElementsOf(adopted.stream().map(Resource::id).toList());
  }

  // ----- attaching by id: only to a load balancer of the same namespace, unless a policy allows more -----

  Service lbService(String ns, String name, Map<String, String> annotations) {
    return client.services().inNamespace(ns).resource(new ServiceBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).withAnnotations(annotations).endMetadata()
        .withNewSpec().withType("LoadBalancer")
        .addNewPort().withName("p").withProtocol("TCP").withPort(name.hashCode() % 1000 + 2000)
        .withNodePort(30000 + Math.abs(name.hashCode() % 2000)).endPort()
        .endSpec().build()).create();
  }

  List<Event> eventsOf(String ns, String name) {
    return client.events().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getRegarding().getName())).toList();
  }

  String createdLoadBalancer(String ns, String name) {
    lbService(ns, name, Map.of());
    await(name + " created", () -> ServiceRules.annotations(client.services().inNamespace(ns).withName(name).get())
        .containsKey("kubernetes.io/elb.id"));
    return ServiceRules.annotations(client.services().inNamespace(ns).withName(name).get())
        .get("kubernetes.io/elb.id");
  }

  @Test
  void byDefaultAServiceAttachesOnlyToALoadBalancerOfItsOwnNamespace() {
    start(b -> {});
    String theirs = createdLoadBalancer("payments", "gateway");
    String ours = createdLoadBalancer(NS, "front");
    long writes = cloud.writes();

    lbService(NS, "intruder", Map.of("kubernetes.io/elb.id", theirs));
    await("refused", () -> eventsOf(NS, "intruder").stream().anyMatch(e -> "Warning".equals(e.getType())));
    assertThat(eventsOf(NS, "intruder")).filteredOn(e -> "Warning".equals(e.getType())).first()
        .satisfies(e -> assertThat(e.getNote()).contains(theirs).contains("namespace payments")
            .contains("allow namespace shop").contains("AttachPolicy.sameNamespace().or("));
    assertThat(cloud.writes()).as("refused before any write").isEqualTo(writes);

    lbService(NS, "neighbour", Map.of("kubernetes.io/elb.id", ours));
    await("attached", () -> eventsOf(NS, "neighbour").stream()
        .anyMatch(e -> EventRecorder.ENSURED.equals(e.getReason())));
    assertThat(cloud.snapshot().stream().filter(t -> t.loadBalancer().id().equals(ours)).findFirst().orElseThrow()
        .listeners()).hasSize(2);
  }

  @Test
  void aLoadBalancerNoServiceCreatedNeedsAnExplicitPolicy() {
    CceSeed.Seeded console = CceSeed.loadBalancer(cloud, "made-by-hand", LoadBalancerClass.SHARED, false,
        List.of(), List.of());
    start(b -> {});
    long writes = cloud.writes();
    lbService(NS, "web", Map.of("kubernetes.io/elb.id", console.loadBalancerId()));
    await("refused", () -> events().stream().anyMatch(e -> "Warning".equals(e.getType())));
    assertThat(events().get(0).getNote()).contains("not created by a Service of this cluster");
    assertThat(cloud.writes()).isEqualTo(writes);
  }

  @Test
  void anExplicitPolicyAllowsMore() {
    CceSeed.Seeded console = CceSeed.loadBalancer(cloud, "made-by-hand", LoadBalancerClass.SHARED, false,
        List.of(), List.of());
    start(b -> b.attachPolicy(AttachPolicy.sameNamespace()
        .or(AttachPolicy.allow((namespace, lb) -> namespace.equals(NS) && lb.equals(console.loadBalancerId())))));
    lbService(NS, "web", Map.of("kubernetes.io/elb.id", console.loadBalancerId()));
    await("attached", () -> reasons().contains(EventRecorder.ENSURED));
    assertThat(cloud.snapshot().get(0).listeners()).hasSize(1);
  }

  // ----- helpers -----

  Service live() {
    return client.services().inNamespace(NS).withName("web").get();
  }

  static List<LoadBalancerIngress> ingress(Service s) {
    return s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
            || s.getStatus().getLoadBalancer().getIngress() == null
        ? List.of()
        : s.getStatus().getLoadBalancer().getIngress();
  }

  List<Event> events() {
    return client.events().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "web".equals(e.getRegarding().getName())).toList();
  }

  List<String> reasons() {
    return events().stream().map(Event::getReason).toList();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
