package io.github.lbkit.fake;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.fake.FakeResources.Listener;
import io.github.lbkit.fake.FakeResources.Member;
import io.github.lbkit.fake.FakeResources.Monitor;
import io.github.lbkit.fake.FakeResources.Pool;
import io.github.lbkit.fake.FakeResources.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Serves a {@link FakeCloud}'s load balancers for real: every TCP, HTTP or HTTPS listener becomes a TCP proxy
 * on a loopback address that balances connections over the listener's pool members with the pool's algorithm,
 * skips members its health monitor finds down, and counts connections. Tests and demos connect to
 * {@link #endpoint(String, int)} — the local stand-in for "the load balancer's address and port" — and can then
 * prove from {@link #connections(String)} that traffic really went through the load balancer.
 *
 * <p>It follows the cloud as it changes: listeners that appear get a proxy, listeners that go away lose theirs,
 * and member, algorithm and monitor changes apply to the next connection. HTTP and HTTPS listeners are proxied
 * at the TCP level (no TLS termination, no header insertion); UDP listeners are not served. Reads of the cloud
 * are not journaled, so serving traffic never changes the call counts a test asserts on.
 */
public final class LoadBalancerTraffic implements AutoCloseable {

  /**
   * One served listener.
   *
   * @param loadBalancerId the load balancer
   * @param listenerId the listener
   * @param protocol the listener's protocol
   * @param port the listener's port
   * @param addresses the load balancer's addresses: its VIP and, when bound, its EIP
   * @param local where the proxy listens on this machine
   * @param connections connections accepted so far
   */
  public record Endpoint(
      String loadBalancerId,
      String listenerId,
      Protocol protocol,
      int port,
      List<String> addresses,
      InetSocketAddress local,
      long connections) {
    /**
     * Copies the list.
     *
     * @param loadBalancerId the load balancer
     * @param listenerId the listener
     * @param protocol the listener's protocol
     * @param port the listener's port
     * @param addresses the load balancer's addresses: its VIP and, when bound, its EIP
     * @param local where the proxy listens on this machine
     * @param connections connections accepted so far
     */
    public Endpoint {
      addresses = List.copyOf(addresses);
    }
  }

  private record Served(TcpProxy proxy, String loadBalancerId, Protocol protocol, int port) {}

  private record PoolState(List<InetSocketAddress> members, Algorithm algorithm, @Nullable HealthCheck check) {}

  private final FakeCloud cloud;
  private final InetAddress bindAddress;
  private final Clock clock;
  private final ScheduledExecutorService refresher;
  private final Map<String, Served> served = new ConcurrentHashMap<>();
  private final Map<String, PoolState> pools = new ConcurrentHashMap<>();
  private final Map<String, HealthTracker> health = new ConcurrentHashMap<>();
  private volatile Map<String, List<String>> addressesByLoadBalancer = Map.of();
  private volatile boolean closed;

  private LoadBalancerTraffic(FakeCloud cloud, InetAddress bindAddress, Clock clock) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lbkit-fake-traffic");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts serving a cloud's load balancers on the loopback address, following its changes every 100 ms.
   *
   * @param cloud the cloud
   * @return the server; close it to stop every proxy
   */
  public static LoadBalancerTraffic serve(FakeCloud cloud) {
    return serve(cloud, InetAddress.getLoopbackAddress(), Clock.systemUTC());
  }

  /**
   * Starts serving a cloud's load balancers on a local address.
   *
   * @param cloud the cloud
   * @param bindAddress the local address the proxies listen on (a loopback address)
   * @param clock the clock health results age by
   * @return the server; close it to stop every proxy
   */
  public static LoadBalancerTraffic serve(FakeCloud cloud, InetAddress bindAddress, Clock clock) {
    LoadBalancerTraffic t = new LoadBalancerTraffic(cloud, bindAddress, clock);
    t.refresh();
    t.refresher.scheduleWithFixedDelay(t::refreshQuietly, 100, 100, TimeUnit.MILLISECONDS);
    return t;
  }

  /**
   * Brings the proxies in line with the cloud now, instead of at the next periodic refresh.
   *
   * @throws UncheckedIOException when a proxy cannot bind its port
   */
  public synchronized void refresh() {
    if (closed) {
      return;
    }
    List<Tree> trees = cloud.snapshot();
    Map<String, List<String>> addresses = new HashMap<>();
    Set<String> live = new HashSet<>();
    for (Tree tree : trees) {
      List<String> lbAddresses = new ArrayList<>();
      lbAddresses.add(tree.loadBalancer().vipAddress());
      if (tree.eip() != null) {
        lbAddresses.add(tree.eip().address());
      }
      addresses.put(tree.loadBalancer().id(), List.copyOf(lbAddresses));
      for (Listener l : tree.listeners()) {
        if (l.protocol() == Protocol.UDP) {
          continue;
        }
        live.add(l.id());
        pools.put(l.id(), poolState(tree, l));
        if (!served.containsKey(l.id())) {
          served.put(l.id(), new Served(startProxy(l), l.loadBalancerId(), l.protocol(), l.port()));
        }
      }
    }
    addressesByLoadBalancer = Map.copyOf(addresses);
    for (String id : List.copyOf(served.keySet())) {
      if (!live.contains(id)) {
        Served gone = served.remove(id);
        pools.remove(id);
        health.remove(id);
        gone.proxy().close();
      }
    }
  }

  /**
   * Returns where to connect on this machine to reach a load balancer at one of its addresses (VIP or EIP)
   * and a listener port.
   *
   * @param address the load balancer's VIP or EIP, as the Service status shows it
   * @param port the listener port
   * @return the local endpoint, or empty when no such listener is served
   */
  public Optional<InetSocketAddress> endpoint(String address, int port) {
    return endpoints().stream()
        .filter(e -> e.port() == port && e.addresses().contains(address))
        .map(Endpoint::local)
        .findFirst();
  }

  /**
   * Returns every served listener with its counters.
   *
   * @return the endpoints
   */
  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    Map<String, List<String>> addresses = addressesByLoadBalancer;
    served.forEach(
        (listenerId, s) ->
            out.add(
                new Endpoint(
                    s.loadBalancerId(),
                    listenerId,
                    s.protocol(),
                    s.port(),
                    addresses.getOrDefault(s.loadBalancerId(), List.of()),
                    s.proxy().address(),
                    s.proxy().connectionsAccepted())));
    out.sort((a, b) -> a.loadBalancerId().equals(b.loadBalancerId())
        ? Integer.compare(a.port(), b.port()) : a.loadBalancerId().compareTo(b.loadBalancerId()));
    return out;
  }

  /**
   * Returns how many connections a load balancer has accepted, over all its listeners.
   *
   * @param loadBalancerId the load balancer
   * @return the count; 0 when it is not served
   */
  public long connections(String loadBalancerId) {
    long n = 0;
    for (Served s : served.values()) {
      if (s.loadBalancerId().equals(loadBalancerId)) {
        n += s.proxy().connectionsAccepted();
      }
    }
    return n;
  }

  @Override
  public synchronized void close() {
    closed = true;
    refresher.shutdownNow();
    served.values().forEach(s -> s.proxy().close());
    served.clear();
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The next refresh tries again; a failure here must not stop the refresher.
    }
  }

  private TcpProxy startProxy(Listener l) {
    String id = l.id();
    HealthTracker tracker =
        health.computeIfAbsent(id, k -> new HealthTracker(() -> {
          PoolState p = pools.get(k);
          return p == null ? null : p.check();
        }, clock));
    try {
      return new TcpProxy(
          bindAddress,
          () -> {
            PoolState p = pools.get(id);
            return p == null ? List.of() : p.members();
          },
          () -> {
            PoolState p = pools.get(id);
            return p == null ? Algorithm.ROUND_ROBIN : p.algorithm();
          },
          tracker,
          l.protocol().name().toLowerCase(java.util.Locale.ROOT) + "-" + l.port());
    } catch (IOException e) {
      throw new UncheckedIOException("serve listener " + l.protocol() + ":" + l.port() + ": cannot bind a proxy", e);
    }
  }

  private static PoolState poolState(Tree tree, Listener l) {
    Pool pool = null;
    for (Pool p : tree.pools()) {
      if (p.listenerId().equals(l.id()) || p.id().equals(l.defaultPoolId())) {
        pool = p;
      }
    }
    if (pool == null) {
      return new PoolState(List.of(), Algorithm.ROUND_ROBIN, null);
    }
    List<InetSocketAddress> members = new ArrayList<>();
    for (Member m : tree.members()) {
      if (m.poolId().equals(pool.id())) {
        members.add(new InetSocketAddress(m.address(), m.port()));
      }
    }
    HealthCheck check = null;
    for (Monitor m : tree.monitors()) {
      if (m.poolId().equals(pool.id())) {
        check = m.settings();
      }
    }
    return new PoolState(List.copyOf(members), pool.algorithm(), check);
  }
}
