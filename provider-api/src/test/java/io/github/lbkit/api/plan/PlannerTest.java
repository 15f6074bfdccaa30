package io.github.lbkit.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.InsertHeaders;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.OwnershipConflictException;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.SessionPersistence;
import io.github.lbkit.api.plan.Operation.AddMembers;
import io.github.lbkit.api.plan.Operation.BindEip;
import io.github.lbkit.api.plan.Operation.CreateEip;
import io.github.lbkit.api.plan.Operation.CreateListener;
import io.github.lbkit.api.plan.Operation.CreateLoadBalancer;
import io.github.lbkit.api.plan.Operation.CreateMonitor;
import io.github.lbkit.api.plan.Operation.CreatePool;
import io.github.lbkit.api.plan.Operation.DeleteEip;
import io.github.lbkit.api.plan.Operation.DeleteListener;
import io.github.lbkit.api.plan.Operation.DeleteLoadBalancer;
import io.github.lbkit.api.plan.Operation.DeleteMonitor;
import io.github.lbkit.api.plan.Operation.DeletePool;
import io.github.lbkit.api.plan.Operation.RemoveMembers;
import io.github.lbkit.api.plan.Operation.UnbindEip;
import io.github.lbkit.api.plan.Operation.UpdateListener;
import io.github.lbkit.api.plan.Operation.UpdateMonitor;
import io.github.lbkit.api.plan.Operation.UpdatePool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {

  static final ServiceKey KEY = new ServiceKey("c1", "default", "web", "uid-1");
  static final String OURS = OwnerMarker.of(KEY).value();
  static final String OTHER = new OwnerMarker("c1", "uid-2").value();
  static final Attachment.AutoCreate PUBLIC = Attachment.AutoCreate.publicAddress("lb");
  static final Attachment.AutoCreate INNER = Attachment.AutoCreate.inner("lb");
  static final HealthCheck HC = new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, null);
  static final HealthCheck HC2 = new HealthCheck(HealthCheck.Type.TCP, 10, 3, 3, null, null, null, null);
  static final List<Backend> NODES = List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n2", "10.0.0.2"));
  static final ObservedEip OUR_EIP = new ObservedEip("eip-1", "198.51.100.1", OURS);
  static final ObservedEip USER_EIP = new ObservedEip("eip-u", "198.51.100.9", null);

  static ListenerSpec tcp(int port, int nodePort) {
    return ListenerSpec.tcp(port, nodePort);
  }

  static ListenerSpec withHc(ListenerSpec l, HealthCheck hc) {
    return new ListenerSpec(
        l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), l.options(), l.pool(), hc);
  }

  static ListenerSpec withPool(ListenerSpec l, PoolSpec pool) {
    return new ListenerSpec(
        l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), l.options(), pool, l.healthCheck());
  }

  static ListenerSpec withOptions(ListenerSpec l, ListenerOptions o) {
    return new ListenerSpec(
        l.portName(), l.protocol(), l.port(), l.nodePort(), l.targetPort(), o, l.pool(), l.healthCheck());
  }

  static ListenerOptions keepalive(int seconds) {
    return new ListenerOptions(seconds, null, null, null, List.of(), null, InsertHeaders.NONE, null);
  }

  static LoadBalancerSpec spec(Attachment a, List<ListenerSpec> listeners, List<Backend> backends) {
    return LoadBalancerSpec.builder(KEY, a).listeners(listeners).backends(backends).build();
  }

  static List<ObservedMember> members(int nodePort, String... addresses) {
    List<ObservedMember> out = new ArrayList<>();
    for (String a : addresses) {
      out.add(new ObservedMember("m-" + a + "-" + nodePort, a, nodePort));
    }
    return out;
  }

  static ObservedListener listener(
      String id, Protocol p, int port, String owner, ListenerOptions o, ObservedPool pool) {
    return new ObservedListener(id, p, port, owner, o, pool);
  }

  static ObservedPool pool(String id, PoolSpec s, ObservedMonitor m, List<ObservedMember> members) {
    return new ObservedPool(id, s.algorithm(), s.sessionPersistence(), m, members);
  }

  /** The converged tree of spec(PUBLIC, [tcp 80 -> 30080 with HC], NODES). */
  static ObservedLoadBalancer converged() {
    return lb(
        OURS,
        OUR_EIP,
        List.of(
            listener(
                "l-80",
                Protocol.TCP,
                80,
                OURS,
                ListenerOptions.NONE,
                pool("p-80", PoolSpec.DEFAULT, new ObservedMonitor("h-80", HC),
                    members(30080, "10.0.0.1", "10.0.0.2")))),
        List.of());
  }

  static ObservedLoadBalancer lb(
      String owner, ObservedEip eip, List<ObservedListener> listeners, List<ObservedEip> detached) {
    return new ObservedLoadBalancer("lb-1", "lb", owner, "192.168.0.10", eip, listeners, detached);
  }

  static ObservedLoadBalancer withListeners(ObservedLoadBalancer lb, List<ObservedListener> ls) {
    return new ObservedLoadBalancer(lb.id(), lb.name(), lb.owner(), lb.vipAddress(), lb.eip(), ls,
        lb.detachedEips());
  }

  static final ListenerSpec L80 = withHc(tcp(80, 30080), HC);
  static final LoadBalancerSpec BASE = spec(PUBLIC, List.of(L80), NODES);

  static Stream<Arguments> cases() {
    ObservedLoadBalancer conv = converged();
    ObservedListener l80 = conv.listeners().get(0);
    ObservedPool p80 = l80.pool();
    ObservedListener foreign9000 =
        listener("l-f", Protocol.TCP, 9000, OTHER, ListenerOptions.NONE,
            pool("p-f", PoolSpec.DEFAULT, null, members(31000, "10.0.0.7")));
    ObservedListener unmarked9001 =
        listener("l-u", Protocol.UDP, 9001, null, ListenerOptions.NONE, null);
    return Stream.of(
        c("nothing observed, public: LB, EIP, listener, pool, monitor, members in order",
            BASE, null,
            List.of(
                new CreateLoadBalancer("lb", OURS, LoadBalancerClass.SHARED, PUBLIC, null, java.util.Map.of()),
                new CreateEip(OURS),
                new BindEip(null),
                new CreateListener("TCP:80", Protocol.TCP, 80, OURS, ListenerOptions.NONE),
                new CreatePool("TCP:80", Protocol.TCP, PoolSpec.DEFAULT),
                new CreateMonitor("TCP:80", HC),
                new AddMembers("TCP:80", List.of(new MemberTarget("10.0.0.1", 30080),
                    new MemberTarget("10.0.0.2", 30080))))),
        c("nothing observed, inner without backends: no EIP, no members",
            spec(INNER, List.of(tcp(80, 30080)), List.of()), null,
            List.of(
                new CreateLoadBalancer("lb", OURS, LoadBalancerClass.SHARED, INNER, null, java.util.Map.of()),
                new CreateListener("TCP:80", Protocol.TCP, 80, OURS, ListenerOptions.NONE),
                new CreatePool("TCP:80", Protocol.TCP, PoolSpec.DEFAULT))),
        c("nothing observed, custom EIP: bound, not created",
            BASE.toBuilder().customEipId("eip-u").listeners(List.of()).build(), null,
            List.of(
                new CreateLoadBalancer("lb", OURS, LoadBalancerClass.SHARED, PUBLIC, null, java.util.Map.of()),
                new BindEip("eip-u"))),
        c("converged: empty plan", BASE, conv, List.of()),
        c("converged with foreign and unmarked listeners on other ports: empty plan",
            BASE, withListeners(conv, List.of(l80, foreign9000, unmarked9001)), List.of()),
        c("algorithm changed: pool updated in place",
            spec(PUBLIC, List.of(withPool(L80, new PoolSpec(Algorithm.LEAST_CONNECTIONS, null))), NODES), conv,
            List.of(new UpdatePool("p-80", "TCP:80", new PoolSpec(Algorithm.LEAST_CONNECTIONS, null)))),
        c("persistence added: pool updated in place",
            spec(PUBLIC, List.of(withPool(L80, new PoolSpec(Algorithm.ROUND_ROBIN,
                new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 5)))), NODES), conv,
            List.of(new UpdatePool("p-80", "TCP:80", new PoolSpec(Algorithm.ROUND_ROBIN,
                new SessionPersistence(SessionPersistence.Type.SOURCE_IP, 5))))),
        c("health check changed: monitor updated in place",
            spec(PUBLIC, List.of(withHc(L80, HC2)), NODES), conv,
            List.of(new UpdateMonitor("h-80", "TCP:80", HC2))),
        c("health check with null (cloud default) fields: the cloud's reported values match, no update",
            BASE,
            withListeners(conv, List.of(listener("l-80", Protocol.TCP, 80, OURS, ListenerOptions.NONE,
                pool("p-80", PoolSpec.DEFAULT,
                    new ObservedMonitor("h-80",
                        new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, 3, "/", "200", 30080)),
                    members(30080, "10.0.0.1", "10.0.0.2"))))),
            List.of()),
        c("health check with a set field that differs from the cloud's: monitor updated",
            spec(PUBLIC, List.of(withHc(L80,
                new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, 8080))), NODES),
            withListeners(conv, List.of(listener("l-80", Protocol.TCP, 80, OURS, ListenerOptions.NONE,
                pool("p-80", PoolSpec.DEFAULT,
                    new ObservedMonitor("h-80",
                        new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, 3, "/", "200", 30080)),
                    members(30080, "10.0.0.1", "10.0.0.2"))))),
            List.of(new UpdateMonitor("h-80", "TCP:80",
                new HealthCheck(HealthCheck.Type.TCP, 5, 3, 3, null, null, null, 8080)))),
        c("health check removed: monitor deleted",
            spec(PUBLIC, List.of(tcp(80, 30080)), NODES), conv,
            List.of(new DeleteMonitor("h-80", "TCP:80"))),
        c("keepalive set: listener updated in place",
            spec(PUBLIC, List.of(withOptions(L80, keepalive(100))), NODES), conv,
            List.of(new UpdateListener("l-80", "TCP:80", keepalive(100)))),
        c("null options are do-not-care even when the cloud reports values",
            BASE,
            withListeners(conv, List.of(new ObservedListener("l-80", Protocol.TCP, 80, OURS, keepalive(300), p80))),
            List.of()),
        c("backend added and removed: members diffed",
            spec(PUBLIC, List.of(L80), List.of(Backend.node("n2", "10.0.0.2"), Backend.node("n3", "10.0.0.3"))),
            conv,
            List.of(
                new RemoveMembers("p-80", "TCP:80", members(30080, "10.0.0.1")),
                new AddMembers("TCP:80", List.of(new MemberTarget("10.0.0.3", 30080))))),
        c("node port changed: members replaced, listener kept",
            spec(PUBLIC, List.of(withHc(tcp(80, 30081), HC)), NODES), conv,
            List.of(
                new RemoveMembers("p-80", "TCP:80", members(30080, "10.0.0.1", "10.0.0.2")),
                new AddMembers("TCP:80", List.of(new MemberTarget("10.0.0.1", 30081),
                    new MemberTarget("10.0.0.2", 30081))))),
        c("port changed: old listener chain deleted before the new one is created",
            spec(PUBLIC, List.of(tcp(81, 30080)), NODES), conv,
            List.of(
                new RemoveMembers("p-80", "TCP:80", members(30080, "10.0.0.1", "10.0.0.2")),
                new DeleteMonitor("h-80", "TCP:80"),
                new DeletePool("p-80", "TCP:80"),
                new DeleteListener("l-80", "TCP:80"),
                new CreateListener("TCP:81", Protocol.TCP, 81, OURS, ListenerOptions.NONE),
                new CreatePool("TCP:81", Protocol.TCP, PoolSpec.DEFAULT),
                new AddMembers("TCP:81", List.of(new MemberTarget("10.0.0.1", 30080),
                    new MemberTarget("10.0.0.2", 30080))))),
        c("listener without a pool (interrupted create): pool chain completed",
            BASE,
            withListeners(conv,
                List.of(new ObservedListener("l-80", Protocol.TCP, 80, OURS, ListenerOptions.NONE, null))),
            List.of(
                new CreatePool("TCP:80", Protocol.TCP, PoolSpec.DEFAULT),
                new CreateMonitor("TCP:80", HC),
                new AddMembers("TCP:80", List.of(new MemberTarget("10.0.0.1", 30080),
                    new MemberTarget("10.0.0.2", 30080))))),
        c("public LB without EIP: EIP created and bound",
            BASE, lb(OURS, null, conv.listeners(), List.of()),
            List.of(new CreateEip(OURS), new BindEip(null))),
        c("public LB without EIP but a detached EIP of ours: that one is bound",
            BASE, lb(OURS, null, conv.listeners(), List.of(OUR_EIP)),
            List.of(new BindEip("eip-1"))),
        c("custom EIP replaces our EIP: ours unbound and deleted, user's bound",
            BASE.toBuilder().customEipId("eip-u").build(), conv,
            List.of(new UnbindEip("eip-1"), new DeleteEip("eip-1"), new BindEip("eip-u"))),
        c("existing LB: only our listener added, foreign kept",
            spec(new Attachment.Existing("lb-1"), List.of(tcp(80, 30080)), List.of()),
            lb(null, USER_EIP, List.of(foreign9000), List.of()),
            List.of(
                new CreateListener("TCP:80", Protocol.TCP, 80, OURS, ListenerOptions.NONE),
                new CreatePool("TCP:80", Protocol.TCP, PoolSpec.DEFAULT))));
  }

  static Arguments c(String name, LoadBalancerSpec desired, ObservedLoadBalancer observed, List<Operation> ops) {
    return Arguments.of(Named.of(name, desired), Optional.ofNullable(observed), ops);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(LoadBalancerSpec desired, Optional<ObservedLoadBalancer> observed, List<Operation> expected) {
    assertThat(Planner.plan(desired, observed).operations()).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> deleteCases() {
    ObservedLoadBalancer conv = converged();
    ObservedListener l80 = conv.listeners().get(0);
    ObservedListener foreign =
        listener("l-f", Protocol.TCP, 9000, OTHER, ListenerOptions.NONE, null);
    List<Operation> chain80 =
        List.of(
            new RemoveMembers("p-80", "TCP:80", members(30080, "10.0.0.1", "10.0.0.2")),
            new DeleteMonitor("h-80", "TCP:80"),
            new DeletePool("p-80", "TCP:80"),
            new DeleteListener("l-80", "TCP:80"));
    List<Operation> full = new ArrayList<>(chain80);
    full.addAll(List.of(new UnbindEip("eip-1"), new DeleteEip("eip-1"), new DeleteLoadBalancer("lb-1")));
    List<Operation> userEip = new ArrayList<>(chain80);
    userEip.addAll(List.of(new UnbindEip("eip-u"), new DeleteLoadBalancer("lb-1")));
    return Stream.of(
        Arguments.of(Named.of("nothing observed: nothing to do", Optional.empty()), List.of()),
        Arguments.of(Named.of("our LB: reverse order, EIP deleted", Optional.of(conv)), full),
        Arguments.of(
            Named.of("our LB with a user EIP: unbound, never deleted",
                Optional.of(lb(OURS, USER_EIP, List.of(l80), List.of()))),
            userEip),
        Arguments.of(
            Named.of("attached LB: only our listener chain",
                Optional.of(lb(null, USER_EIP, List.of(l80, foreign), List.of()))),
            chain80),
        Arguments.of(
            Named.of("our LB with a foreign listener: LB kept",
                Optional.of(lb(OURS, OUR_EIP, List.of(l80, foreign), List.of()))),
            chain80),
        Arguments.of(
            Named.of("detached EIP of ours deleted, LB empty",
                Optional.of(lb(OURS, null, List.of(), List.of(OUR_EIP)))),
            List.of(new DeleteEip("eip-1"), new DeleteLoadBalancer("lb-1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deleteCases")
  void plansDelete(Optional<ObservedLoadBalancer> observed, List<Operation> expected) {
    assertThat(Planner.planDelete(KEY, observed).operations()).containsExactlyElementsOf(expected);
  }

  @Test
  void portHeldByAnotherServiceIsAConflict() {
    ObservedLoadBalancer foreign =
        lb(null, null, List.of(listener("l-f", Protocol.HTTP, 80, OTHER, ListenerOptions.NONE, null)), List.of());
    LoadBalancerSpec desired = spec(new Attachment.Existing("lb-1"), List.of(tcp(80, 30080)), NODES);
    assertThatThrownBy(() -> Planner.plan(desired, Optional.of(foreign)))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("port 80")
        .hasMessageContaining("l-f");
  }

  @Test
  void udpAndTcpOnOnePortDoNotConflict() {
    ObservedLoadBalancer foreign =
        lb(null, null, List.of(listener("l-f", Protocol.UDP, 80, OTHER, ListenerOptions.NONE, null)), List.of());
    LoadBalancerSpec desired = spec(new Attachment.Existing("lb-1"), List.of(tcp(80, 30080)), List.of());
    assertThat(Planner.plan(desired, Optional.of(foreign)).operations()).hasSize(2);
  }

  @Test
  void autoCreateRefusesALoadBalancerOwnedBySomeoneElse() {
    assertThatThrownBy(() -> Planner.plan(BASE, Optional.of(lb(OTHER, null, List.of(), List.of()))))
        .isInstanceOf(OwnershipConflictException.class)
        .hasMessageContaining("not owned by this Service");
  }

  @Test
  void planMembersTouchesOnlyMembers() {
    LoadBalancerSpec desired =
        spec(PUBLIC, List.of(withHc(withPool(L80, new PoolSpec(Algorithm.SOURCE_IP, null)), HC2)),
            List.of(Backend.node("n1", "10.0.0.1")));
    assertThat(Planner.planMembers(desired, converged()).operations())
        .containsExactly(new RemoveMembers("p-80", "TCP:80", members(30080, "10.0.0.2")));
  }

  @Test
  void markerRoundTripsAndRejectsOthers() {
    OwnerMarker m = OwnerMarker.of(KEY);
    assertThat(OwnerMarker.parse(m.value())).contains(m);
    assertThat(m.matches(OURS)).isTrue();
    assertThat(m.matches(OTHER)).isFalse();
    assertThat(m.matches(null)).isFalse();
    assertThat(m.matches("some user description")).isFalse();
  }

  // ---------------------------------------------------------------- target groups and detached pools

  static ObservedLoadBalancer withDetachedPools(ObservedLoadBalancer lb, List<ObservedPool> pools) {
    return new ObservedLoadBalancer(lb.id(), lb.name(), lb.owner(), lb.vipAddress(), lb.eip(),
        lb.listeners(), lb.detachedEips(), pools);
  }

  /** Rule: a target-group cloud gets its whole member set in one operation, on create and on change. */
  @Test
  void targetGroupMembersAreReplacedAsAWholeSet() {
    List<MemberTarget> both = List.of(new MemberTarget("10.0.0.1", 30080), new MemberTarget("10.0.0.2", 30080));
    assertThat(Planner.plan(BASE, Optional.empty(), PoolStyle.TARGET_GROUP).operations())
        .contains(new Operation.ReplaceMembers("TCP:80", null, both))
        .noneMatch(op -> op instanceof AddMembers);
    assertThat(Planner.plan(BASE, Optional.of(converged()), PoolStyle.TARGET_GROUP).operations())
        .as("a converged target group").isEmpty();

    LoadBalancerSpec swapped = spec(PUBLIC, List.of(L80),
        List.of(Backend.node("n1", "10.0.0.1"), Backend.node("n3", "10.0.0.3")));
    assertThat(Planner.planMembers(swapped, converged(), PoolStyle.TARGET_GROUP).operations())
        .containsExactly(new Operation.ReplaceMembers("TCP:80", "p-80",
            List.of(new MemberTarget("10.0.0.1", 30080), new MemberTarget("10.0.0.3", 30080))));
  }

  /** Rule: a duplicate member observed in a target group is a difference, fixed by replacing the set. */
  @Test
  void targetGroupWithADuplicateMemberIsReplaced() {
    ObservedLoadBalancer dup = withListeners(converged(), List.of(listener("l-80", Protocol.TCP, 80, OURS,
        ListenerOptions.NONE, pool("p-80", PoolSpec.DEFAULT, new ObservedMonitor("h-80", HC),
            members(30080, "10.0.0.1", "10.0.0.1")))));
    assertThat(Planner.planMembers(BASE, dup, PoolStyle.TARGET_GROUP).operations()).hasSize(1);
  }

  /** Rule: a target group goes after the listener that refers to it, with its members and check. */
  @Test
  void targetGroupDeleteRemovesTheListenerFirst() {
    assertThat(Planner.planDelete(KEY, Optional.of(converged()), PoolStyle.TARGET_GROUP).operations())
        .containsExactly(
            new DeleteListener("l-80", "TCP:80"),
            new DeletePool("p-80", "TCP:80"),
            new UnbindEip("eip-1"),
            new DeleteEip("eip-1"),
            new DeleteLoadBalancer("lb-1"));
  }

  /** Rule: a pool of ours that no listener uses is deleted, by ensure and by delete, in either style. */
  @Test
  void detachedPoolsAreDeleted() {
    ObservedPool orphan = pool("p-orphan", PoolSpec.DEFAULT, new ObservedMonitor("h-orphan", HC),
        members(30080, "10.0.0.1"));
    ObservedLoadBalancer observed = withDetachedPools(converged(), List.of(orphan));
    assertThat(Planner.plan(BASE, Optional.of(observed), PoolStyle.TARGET_GROUP).operations())
        .containsExactly(new DeletePool("p-orphan", ""));
    assertThat(Planner.plan(BASE, Optional.of(observed)).operations())
        .containsExactly(
            new RemoveMembers("p-orphan", "", members(30080, "10.0.0.1")),
            new DeleteMonitor("h-orphan", ""),
            new DeletePool("p-orphan", ""));
    assertThat(Planner.planDelete(KEY, Optional.of(observed), PoolStyle.TARGET_GROUP).operations())
        .contains(new DeletePool("p-orphan", ""))
        .endsWith(new DeleteLoadBalancer("lb-1"));
  }
}
