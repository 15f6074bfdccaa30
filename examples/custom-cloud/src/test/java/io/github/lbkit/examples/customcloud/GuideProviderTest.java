package io.github.lbkit.examples.customcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's provider in the README is this module's {@code GuideProvider}, word for word, and it works. */
class GuideProviderTest {

  private static final String SOURCE = "src/test/java/io/github/lbkit/examples/customcloud/GuideProvider.java";

  /** Rule: the README's snippet is the compiled source between the guide markers, so the two cannot drift. */
  @Test
  void theReadmeSnippetIsTheCompiledSource() throws IOException {
    String source = Files.readString(Path.of(SOURCE));
    String region = source.substring(source.indexOf("// guide:begin\n") + "// guide:begin\n".length(),
        source.indexOf("// guide:end\n"));
    String readme = Files.readString(Path.of("README.md"));
    String marker = "<!-- compiled and run by GuideProviderTest: " + SOURCE + " -->\n```java\n";
    int start = readme.indexOf(marker);
    assertThat(start).as("the README's marker before the guide's snippet").isNotNegative();
    String snippet = readme.substring(start + marker.length(), readme.indexOf("```\n", start + marker.length()));
    assertThat(snippet).isEqualTo(region);
  }

  /** Rule: the guide's provider creates, converges with zero writes, follows the backends and deletes all. */
  @Test
  void theGuidesProviderServesAServiceFromCreateToDelete() {
    ToyCloud cloud = new ToyCloud();
    GuideProvider provider = new GuideProvider(cloud);
    ServiceKey key = new ServiceKey("demo", "default", "guide", "uid-guide");
    ListenerSpec l = ListenerSpec.tcp(80, 30080);
    LoadBalancerSpec spec = LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner("guide"))
        .listener(new ListenerSpec(l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), l.options(),
            l.pool(), new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null)))
        .backends(List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2")))
        .build();

    LoadBalancerResult created = provider.ensure(spec);
    assertThat(created.status().ingress()).singleElement()
        .satisfies(i -> assertThat(i.ip()).startsWith("192.168.0."));
    long writes = cloud.writes();
    assertThat(provider.ensure(spec).status()).isEqualTo(created.status());
    assertThat(cloud.writes()).as("writes of a second ensure").isEqualTo(writes);

    provider.updateBackends(spec.toBuilder().backends(List.of(Backend.node("n3", "10.0.0.3"))).build());
    String listener = cloud.listenersTagged(OwnerMarker.of(key).value()).get(0).id();
    String pool = cloud.poolOf(listener).orElseThrow().id();
    assertThat(cloud.membersOf(pool)).extracting(ToyCloud.Member::address).containsExactly("10.0.0.3");

    provider.delete(key, LoadBalancerHints.fromAnnotations(created.annotations()));
    assertThat(provider.find(key, LoadBalancerHints.NONE)).isEmpty();
    assertThat(cloud.exists(created.status().loadBalancerId())).isFalse();
    assertThat(cloud.exists(listener)).isFalse();
  }
}
