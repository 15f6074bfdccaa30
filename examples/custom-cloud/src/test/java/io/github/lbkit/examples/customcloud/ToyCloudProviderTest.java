package io.github.lbkit.examples.customcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the toy provider adds to the kit: the listener options its cloud has no field for are refused. */
class ToyCloudProviderTest {

  private final ToyCloud cloud = new ToyCloud();
  private final ToyCloudProvider provider = new ToyCloudProvider(cloud);

  static Stream<Arguments> optionsWithoutAField() {
    return Stream.of(
        Arguments.of("client timeout", options(null, 30, null, InsertHeaders.NONE)),
        Arguments.of("member timeout", options(null, null, 30, InsertHeaders.NONE)),
        Arguments.of("inserted headers", options(null, null, null, new InsertHeaders(true, null, null))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionsWithoutAField")
  void optionsWithoutAFieldAreRefusedBeforeAnyWrite(String name, ListenerOptions options) {
    LoadBalancerSpec spec = spec("refused", options);
    assertThatThrownBy(() -> provider.ensure(spec))
        .isInstanceOfSatisfying(InvalidServiceException.class, e -> assertThat(e.problems())
            .singleElement()
            .satisfies(p -> assertThat(p.rule()).contains("only an idle (keepalive) timeout")));
    assertThat(cloud.writes()).as("writes before refusing").isZero();
  }

  @Test
  void theKeepaliveTimeoutIsTheListenersIdleTimeout() {
    LoadBalancerSpec spec = spec("idle", options(90, null, null, InsertHeaders.NONE));
    provider.ensure(spec);
    assertThat(cloud.listenersTagged(OwnerMarker.of(spec.key()).value()))
        .singleElement()
        .satisfies(l -> assertThat(l.idleTimeout()).isEqualTo(90));
  }

  /** Rule: what the toy cannot do is observed as off, so a Service asking for "off" converges. */
  @Test
  void optionsAskedOffConvergeWithZeroWrites() {
    LoadBalancerSpec spec = spec("off",
        new ListenerOptions(null, null, null, null, List.of(), false, new InsertHeaders(false, false, false), false));
    provider.ensure(spec);
    long before = cloud.writes();
    provider.ensure(spec);
    assertThat(cloud.writes() - before).as("writes of the second ensure").isZero();
  }

  private static ListenerOptions options(
      Integer keepalive, Integer clientTimeout, Integer memberTimeout, InsertHeaders headers) {
    return new ListenerOptions(keepalive, clientTimeout, memberTimeout, null, List.of(), null, headers, null);
  }

  private static LoadBalancerSpec spec(String name, ListenerOptions options) {
    ServiceKey key = new ServiceKey("demo", "default", name, "uid-" + name);
    return LoadBalancerSpec.builder(key, Attachment.AutoCreate.inner(name))
        .listener(new ListenerSpec("", Protocol.TCP, 80, 30080, 80, options, PoolSpec.DEFAULT, null))
        .build();
  }
}
