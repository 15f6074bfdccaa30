package io.github.lbkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lbkit.api.Algorithm;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's load balancers carry real traffic on loopback, balanced over healthy members. */
class LoadBalancerTrafficTest {

  private static final ServiceKey KEY = new ServiceKey("demo", "default", "web", "uid-1");

  private final List<Backend> backendServers = new ArrayList<>();
  private final List<ServerSocket> servers = new ArrayList<>();
  private FakeCloud cloud;
  private FakeLoadBalancerProvider provider;
  private LoadBalancerTraffic traffic;

  @BeforeEach
  void start() throws IOException {
    for (String name : List.of("pod-a", "pod-b")) {
      ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      servers.add(s);
      Thread t = new Thread(() -> answer(s, name), "test-" + name);
      t.setDaemon(true);
      t.start();
      backendServers.add(new Backend("127.0.0.1", null, Map.of("", s.getLocalPort())));
    }
    cloud = FakeCloud.create(7);
    provider = FakeLoadBalancerProvider.over(cloud);
    traffic = LoadBalancerTraffic.serve(cloud);
  }

  @AfterEach
  void stop() throws IOException {
    traffic.close();
    for (ServerSocket s : servers) {
      s.close();
    }
  }

  @Test
  void roundRobinSpreadsConnectionsAndCountsThem() throws IOException {
    LoadBalancerResult result = provider.ensure(spec(null));
    traffic.refresh();
    String address = result.status().ingress().get(0).ip();
    InetSocketAddress endpoint = traffic.endpoint(address, 80).orElseThrow();
    String lbId = result.status().loadBalancerId();

    assertThat(traffic.connections(lbId)).isZero();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(fetch(endpoint));
    }

    assertThat(answers).containsExactlyInAnyOrder("pod-a", "pod-b", "pod-a", "pod-b");
    assertThat(traffic.connections(lbId)).isEqualTo(4);
  }

  @Test
  void aMemberTheHealthMonitorFindsDownGetsNoTraffic() throws IOException {
    servers.get(1).close(); // pod-b is gone
    HealthCheck tcp = new HealthCheck(HealthCheck.Type.TCP, 1, 1, 1, null, null, null, null);
    LoadBalancerResult result = provider.ensure(spec(tcp));
    traffic.refresh();
    InetSocketAddress endpoint =
        traffic.endpoint(result.status().ingress().get(0).ip(), 80).orElseThrow();

    for (int i = 0; i < 3; i++) {
      assertThat(fetch(endpoint)).isEqualTo("pod-a");
    }
  }

  @Test
  void aDeletedLoadBalancerIsNoLongerServed() throws IOException {
    LoadBalancerResult result = provider.ensure(spec(null));
    traffic.refresh();
    String address = result.status().ingress().get(0).ip();
    assertThat(traffic.endpoint(address, 80)).isPresent();

    provider.delete(KEY, io.github.lbkit.api.LoadBalancerHints.NONE);
    traffic.refresh();

    assertThat(traffic.endpoint(address, 80)).isEmpty();
    assertThat(traffic.endpoints()).isEmpty();
  }

  @Test
  void servingTrafficMakesNoCloudCalls() throws IOException {
    LoadBalancerResult result = provider.ensure(spec(null));
    long reads = cloud.reads();
    long writes = cloud.writes();
    traffic.refresh();
    fetch(traffic.endpoint(result.status().ingress().get(0).ip(), 80).orElseThrow());

    assertThat(cloud.reads()).isEqualTo(reads);
    assertThat(cloud.writes()).isEqualTo(writes);
  }

  private LoadBalancerSpec spec(HealthCheck check) {
    ListenerSpec listener =
        new ListenerSpec("", Protocol.TCP, 80, 0, 0, ListenerOptions.NONE,
            new PoolSpec(Algorithm.ROUND_ROBIN, null), check);
    return LoadBalancerSpec.builder(KEY, Attachment.AutoCreate.inner("web"))
        .listener(listener)
        .backendMode(BackendMode.PODS)
        .backends(backendServers)
        .build();
  }

  private static String fetch(InetSocketAddress endpoint) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(endpoint, 2_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
  }

  private static void answer(ServerSocket server, String name) {
    while (!server.isClosed()) {
      try (Socket c = server.accept()) {
        InputStream in = c.getInputStream();
        in.read();
        OutputStream out = c.getOutputStream();
        out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // closed
      }
    }
  }
}
