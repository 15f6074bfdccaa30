package io.github.lbkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ServiceWriterTest {

  KubernetesClient client;
  KubernetesMockServer server;

  ServiceWriter writer() {
    return new ServiceWriter(client, () -> new ServiceWriter.StatusFormat(true, null));
  }

  Service create(List<String> finalizers, Map<String, String> annotations) {
    return client.services().inNamespace("default").resource(new ServiceBuilder()
        .withNewMetadata().withName("web").withNamespace("default")
        .withFinalizers(finalizers).withAnnotations(annotations).endMetadata()
        .withNewSpec().withType("LoadBalancer").addNewPort().withPort(80).endPort().endSpec().build()).create();
  }

  Service live() {
    return client.services().inNamespace("default").withName("web").get();
  }

  @Test
  void finalizerIsAddedAndRemovedWithoutTouchingOthers() {
    Service svc = create(List.of("example.com/a"), Map.of());

    Service added = writer().addFinalizer(svc);
    assertThat(added.getMetadata().getFinalizers()).containsExactly("example.com/a", ServiceRules.FINALIZER);

    client.services().inNamespace("default").withName("web").edit(s -> new ServiceBuilder(s).editMetadata()
        .addToFinalizers("example.com/b").endMetadata().build());
    writer().removeFinalizer(live());

    assertThat(live().getMetadata().getFinalizers()).containsExactly("example.com/a", "example.com/b");
  }

  @Test
  void finalizerIsAddedWhenThereAreNone() {
    Service svc = create(List.of(), Map.of());

    writer().addFinalizer(svc);

    assertThat(live().getMetadata().getFinalizers()).containsExactly(ServiceRules.FINALIZER);
  }

  @Test
  void aConcurrentChangeMakesThePatchRecomputeFromTheFreshCopy() {
    Service svc = create(List.of("example.com/a", ServiceRules.FINALIZER), Map.of());
    AtomicInteger computed = new AtomicInteger();

    writer().patchMetadata(svc, fresh -> {
      if (computed.incrementAndGet() == 1) {
        // Someone inserts a finalizer in front of ours between our read and our patch.
        client.services().inNamespace("default").withName("web").edit(s -> {
          List<String> f = new ArrayList<>(s.getMetadata().getFinalizers());
          f.add(0, "example.com/first");
          return new ServiceBuilder(s).editMetadata().withFinalizers(f).endMetadata().build();
        });
      }
      int i = fresh.getMetadata().getFinalizers().indexOf(ServiceRules.FINALIZER);
      return List.of(Map.of("op", "remove", "path", "/metadata/finalizers/" + i));
    });

    assertThat(computed).hasValue(2);
    assertThat(live().getMetadata().getFinalizers()).containsExactly("example.com/first", "example.com/a");
  }

  @Test
  void writtenBackAnnotationsAreMergedAndKeysEscaped() {
    Service svc = create(List.of(), Map.of("keep/me", "1", "kubernetes.io/elb.id", "old"));

    writer().writeBackAnnotations(svc, Map.of("kubernetes.io/elb.id", "lb-1", "odd~key/x", "2"));

    assertThat(live().getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(Map.of("keep/me", "1", "kubernetes.io/elb.id", "lb-1", "odd~key/x", "2",
            ServiceWriter.WRITTEN_BACK, "kubernetes.io/elb.id,odd~key/x"));
  }

  @Test
  void annotationsAreAddedToAServiceWithoutAny() {
    Service svc = client.services().inNamespace("default").resource(new ServiceBuilder()
        .withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().withType("LoadBalancer").endSpec().build()).create();

    writer().writeBackAnnotations(svc, Map.of("kubernetes.io/elb.id", "lb-1"));

    assertThat(live().getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(
        Map.of("kubernetes.io/elb.id", "lb-1", ServiceWriter.WRITTEN_BACK, "kubernetes.io/elb.id"));
  }

  @Test
  void whatTheControllerWritesIsNeverTakenForAMisspeltKey() {
    Service svc = create(List.of(), Map.of());
    writer().writeBackAnnotations(svc, Map.of("kubernetes.io/elb.id", "lb-1", "kubernetes.io/elb.eip-id", "eip-1",
        CceAnnotations.CREATION_RECORD, "x"));

    assertThat(live().getMetadata().getAnnotations()).containsKey(ServiceWriter.WRITTEN_BACK);
    assertThat(new CceServiceTranslator(TranslatorOptions.of("c")).unknownAnnotations(live())).isEmpty();
  }

  @Test
  void removeWrittenBackTakesOffExactlyWhatWasWritten() {
    Service svc = create(List.of(), Map.of("keep/me", "1"));
    writer().writeBackAnnotations(svc, Map.of("kubernetes.io/elb.id", "lb-1", "lbkit.io/creation-record", "x"));

    writer().removeWrittenBack(live());

    assertThat(live().getMetadata().getAnnotations()).containsExactlyEntriesOf(Map.of("keep/me", "1"));
  }

  @Test
  void statusReplacesTheIngressListAndSkipsEqualWrites() {
    Service svc = create(List.of(), Map.of());
    ServiceWriter w = writer();

    assertThat(w.writeStatus(svc, List.of(Ingress.ip("192.0.2.10", IpMode.VIP)))).isTrue();
    assertThat(w.writeStatus(live(), List.of(Ingress.ip("192.0.2.10", IpMode.VIP)))).isFalse();
    assertThat(w.writeStatus(live(), List.of(Ingress.ip("192.0.2.11", IpMode.PROXY)))).isTrue();

    assertThat(live().getStatus().getLoadBalancer().getIngress())
        .extracting(LoadBalancerIngress::getIp, LoadBalancerIngress::getIpMode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.11", "Proxy"));

    assertThat(w.writeStatus(live(), List.of())).isTrue();
    assertThat(live().getStatus().getLoadBalancer().getIngress()).isEmpty();
  }
}
