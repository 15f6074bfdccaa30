package io.github.lbkit.fake;

import io.github.lbkit.api.Algorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a loopback address that stands in for one listener of a fake load balancer: it accepts
 * connections, picks a healthy member with the pool's algorithm, and pumps bytes both ways. It counts
 * connections, so a test (or the quickstart) can prove that traffic really went through the load balancer.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final Supplier<List<InetSocketAddress>> members;
  private final Supplier<Algorithm> algorithm;
  private final HealthTracker health;
  private final ExecutorService pumps;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong roundRobin = new AtomicLong();
  private final Map<InetSocketAddress, AtomicInteger> perMember = new ConcurrentHashMap<>();
  private volatile boolean closed;

  TcpProxy(
      InetAddress bindAddress,
      Supplier<List<InetSocketAddress>> members,
      Supplier<Algorithm> algorithm,
      HealthTracker health,
      String name)
      throws IOException {
    this.members = Objects.requireNonNull(members, "members");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.health = Objects.requireNonNull(health, "health");
    this.server = new ServerSocket();
    this.server.setReuseAddress(true);
    this.server.bind(new InetSocketAddress(bindAddress, 0), 50);
    AtomicInteger n = new AtomicInteger();
    this.pumps =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lbkit-fake-" + name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pumps.execute(this::acceptLoop);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  long connectionsAccepted() {
    return accepted.get();
  }

  int activeConnections() {
    return active.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      accepted.incrementAndGet();
      pumps.execute(() -> serve(client));
    }
  }

  private void serve(Socket client) {
    InetSocketAddress target = choose(client.getInetAddress());
    if (target == null) {
      closeQuietly(client); // no healthy member: the load balancer resets the connection
      return;
    }
    AtomicInteger memberActive = perMember.computeIfAbsent(target, k -> new AtomicInteger());
    active.incrementAndGet();
    memberActive.incrementAndGet();
    try (Socket upstream = new Socket()) {
      upstream.connect(target, 2_000);
      Thread back = new Thread(() -> pump(upstream, client), "lbkit-fake-pump");
      back.setDaemon(true);
      back.start();
      pump(client, upstream);
      back.join(5_000);
    } catch (IOException e) {
      // The member refused or failed; the client sees the connection close, as with a real load balancer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      memberActive.decrementAndGet();
      active.decrementAndGet();
      closeQuietly(client);
    }
  }

  private @Nullable InetSocketAddress choose(InetAddress clientAddress) {
    List<InetSocketAddress> healthy = new ArrayList<>();
    for (InetSocketAddress m : members.get()) {
      if (health.healthy(m)) {
        healthy.add(m);
      }
    }
    if (healthy.isEmpty()) {
      return null;
    }
    switch (algorithm.get()) {
      case SOURCE_IP:
        return healthy.get(Math.floorMod(clientAddress.hashCode(), healthy.size()));
      case LEAST_CONNECTIONS:
        InetSocketAddress best = healthy.get(0);
        int bestCount = Integer.MAX_VALUE;
        for (InetSocketAddress m : healthy) {
          int c = perMember.computeIfAbsent(m, k -> new AtomicInteger()).get();
          if (c < bestCount) {
            best = m;
            bestCount = c;
          }
        }
        return best;
      case ROUND_ROBIN:
      default:
        return healthy.get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) healthy.size()));
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (SocketException e) {
      // closed by the other side
    } catch (IOException e) {
      // best effort: the connection ends
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    pumps.shutdownNow();
  }
}
