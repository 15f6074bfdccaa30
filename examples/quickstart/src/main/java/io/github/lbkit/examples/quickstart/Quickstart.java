package io.github.lbkit.examples.quickstart;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.controller.ServiceController;
import io.github.lbkit.fake.Call;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import io.github.lbkit.fake.FakeResources;
import io.github.lbkit.fake.LoadBalancerTraffic;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * CCE's pass-through procedure, end to end, on this machine: no cloud account, no cluster.
 *
 * <p>It starts an embedded Kubernetes API (the fabric8 mock server), creates the procedure's nginx Deployment and
 * its pass-through Service, and runs lbkit's service controller with the CCE translator and the fake cloud. The
 * fake cloud serves its load balancers for real on loopback, and two small HTTP servers stand in for the nginx
 * pods on their nodes. Then it replays the procedure's verification: the load balancer starts with no
 * connections; a request from inside the cluster to the load balancer's address returns the nginx welcome page;
 * and the load balancer now counts one connection — the request really went through it, because the Service's
 * status says {@code ipMode: Proxy}. Finally it deletes the Service and shows that nothing is left in the cloud.
 *
 * <p>Run it with {@code mvn -B -q -pl examples/quickstart -am package -Pquickstart -DskipTests}; it exits 0 when every step
 * passed and 1 otherwise.
 */
public final class Quickstart {

  static final String CLUSTER = "quickstart";
  static final String NAMESPACE = "default";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final PrintStream out;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private int step;

  /**
   * Creates a quickstart that prints to a stream.
   *
   * @param out where the walkthrough is printed
   */
  public Quickstart(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Runs the quickstart and exits with its status.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // The embedded API server logs every request through java.util.logging; the walkthrough says enough.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
    int status = new Quickstart(System.out).run();
    System.exit(status);
  }

  /**
   * Runs every step and cleans up.
   *
   * @return 0 when every step passed, 1 otherwise
   */
  public int run() {
    long started = System.nanoTime();
    out.println("lbkit quickstart: CCE pass-through networking, end to end on this machine");
    out.println();
    try {
      runSteps();
      out.println();
      out.printf("PASSED in %.1f s%n", (System.nanoTime() - started) / 1e9);
      return 0;
    } catch (StepFailed | RuntimeException e) {
      out.println();
      out.println("FAILED: " + e.getMessage());
      return 1;
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        try {
          closeables.get(i).close();
        } catch (Exception e) {
          // shutting down: nothing more to do
        }
      }
    }
  }

  private void runSteps() throws StepFailed {
    // 1. The Kubernetes API.
    // CRUD storage behind the mock's canned answers, which include /version.
    Map<ServerRequest, Queue<ServerResponse>> answers = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), answers, new KubernetesMixedDispatcher(answers), false);
    server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
    server.init(InetAddress.getLoopbackAddress(), 0);
    closeables.add(server::destroy);
    KubernetesClient client = server.createClient();
    closeables.add(client);
    heading("Embedded Kubernetes API (fabric8 mock server, reporting v1.31) on " + client.getMasterUrl());

    // 2. Nodes, the Deployment and its pods.
    List<InetAddress> nodeAddresses = nodeAddresses();
    int nodePort = freePort(nodeAddresses);
    int healthCheckNodePort = freePort(nodeAddresses);
    KubernetesSerialization yaml = new KubernetesSerialization();
    Deployment deployment = yaml.unmarshal(resource("seed/nginx-deployment.yaml"), Deployment.class);
    client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
    heading("Deployment nginx (" + deployment.getSpec().getReplicas() + " replicas) and its nodes");
    List<NginxPod> pods = new ArrayList<>();
    for (int i = 0; i < nodeAddresses.size(); i++) {
      String nodeName = "node-" + (i + 1);
      String address = nodeAddresses.get(i).getHostAddress();
      client.nodes().resource(node(nodeName, address)).create();
      String podName = "nginx-7c4c5cc6b5-" + (i == 0 ? "vpncx" : "xj5wl");
      client.pods().inNamespace(NAMESPACE).resource(pod(podName, nodeName, address)).create();
      NginxPod pod;
      try {
        pod = new NginxPod(podName, nodeAddresses.get(i), nodePort, healthCheckNodePort);
      } catch (IOException e) {
        throw new StepFailed("start the stand-in for pod " + podName + ": " + e.getMessage());
      }
      closeables.add(pod);
      pods.add(pod);
      detail("%-8s %-15s pod %s (nginx on the node's port %d, kube-proxy health on %d)",
          nodeName, address, podName, nodePort, healthCheckNodePort);
    }

    // 3. The cloud and the controller.
    FakeCloud cloud = FakeCloud.create(2026);
    FakeLoadBalancerProvider provider = FakeLoadBalancerProvider.over(cloud);
    LoadBalancerTraffic traffic = LoadBalancerTraffic.serve(cloud);
    closeables.add(traffic);
    ServiceController controller =
        ServiceController.builder()
            .client(client)
            .provider(provider)
            .translator(new CceServiceTranslator(TranslatorOptions.of(CLUSTER)))
            .clusterName(CLUSTER)
            .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
            .nodeSyncDelay(Duration.ofMillis(100))
            .build();
    controller.start();
    closeables.add(controller);
    heading("Service controller started: CCE annotations, fake cloud, cluster \"" + CLUSTER + "\"");

    // 4. The pass-through Service.
    Service service = yaml.unmarshal(resource("seed/nginx-service-passthrough.yaml"), Service.class);
    service.getMetadata().setNamespace(NAMESPACE);
    // The mock API server allocates no ports; do what the real one would.
    service.getSpec().getPorts().get(0).setNodePort(nodePort);
    service.getSpec().setHealthCheckNodePort(healthCheckNodePort);
    client.services().inNamespace(NAMESPACE).resource(service).create();
    heading("Service default/nginx created, as in the procedure:");
    service.getMetadata().getAnnotations().forEach((k, v) -> detail("%s: %s", k, v));
    detail("spec.externalTrafficPolicy: %s, port 80 -> targetPort 80 (nodePort %d)",
        service.getSpec().getExternalTrafficPolicy(), nodePort);

    long t0 = System.nanoTime();
    Service ready = await("the Service to get a load balancer address and its written-back id", () -> {
      Service s = client.services().inNamespace(NAMESPACE).withName("nginx").get();
      return s != null && s.getStatus() != null
          && s.getMetadata().getAnnotations().containsKey(LoadBalancerHints.ELB_ID) && s.getStatus().getLoadBalancer() != null
          && s.getStatus().getLoadBalancer().getIngress() != null
          && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
    }, () -> client.services().inNamespace(NAMESPACE).withName("nginx").get());
    LoadBalancerIngress ingress = ready.getStatus().getLoadBalancer().getIngress().get(0);
    heading(String.format("Status after %.1f s: status.loadBalancer.ingress[0] = {ip: %s, ipMode: %s}",
        (System.nanoTime() - t0) / 1e9, ingress.getIp(), ingress.getIpMode()));
    Map<String, String> annotations = ready.getMetadata().getAnnotations();
    String lbId = annotations.get(LoadBalancerHints.ELB_ID);
    detail("written back: %s=%s", LoadBalancerHints.ELB_ID, lbId);
    detail("written back: %s=%s", LoadBalancerHints.ELB_EIP_ID, annotations.get(LoadBalancerHints.ELB_EIP_ID));
    detail("finalizers: %s", ready.getMetadata().getFinalizers());
    check(lbId != null, "the Service carries " + LoadBalancerHints.ELB_ID);
    check("Proxy".equals(ingress.getIpMode()), "pass-through gives ipMode Proxy, got " + ingress.getIpMode());

    // 5. The cloud.
    heading("Cloud inventory");
    printInventory(cloud);
    FakeResources.Tree tree =
        cloud.snapshot().stream().filter(t -> t.loadBalancer().id().equals(lbId)).findFirst()
            .orElseThrow(() -> new StepFailed("the load balancer " + lbId + " is not in the cloud"));
    check("james".equals(tree.loadBalancer().name()), "the load balancer is named james");
    check(tree.eip() != null && tree.eip().bandwidth().sizeMbit() == 5, "its EIP has 5 Mbit/s");
    check(tree.members().size() == nodeAddresses.size(), "every node is a member");

    // 6. The procedure's verification.
    heading("Verification, as in the procedure");
    traffic.refresh();
    long before = traffic.connections(lbId);
    detail("load balancer %s connections: %d", tree.loadBalancer().name(), before);
    check(before == 0, "the load balancer starts with 0 connections");
    String page = curlFromPod(pods.get(0).name(), ingress, traffic, nodeAddresses.get(0), nodePort);
    check(page.contains("Welcome to nginx!"), "the request returns the nginx welcome page");
    long after = traffic.connections(lbId);
    detail("load balancer %s connections: %d", tree.loadBalancer().name(), after);
    check(after == 1, "the load balancer counted the request: connections went from 0 to 1");
    detail("ipMode Proxy: kube-proxy does not short-circuit the address, so in-cluster traffic goes through the"
        + " load balancer");

    // 7. What it cost.
    heading("Cloud calls so far: " + cloud.reads() + " reads, " + cloud.writes() + " writes");
    printCalls(cloud.journal());

    // 8. Delete and show nothing is left.
    client.services().inNamespace(NAMESPACE).withName("nginx").delete();
    await("the Service to be deleted after its load balancer", () ->
        client.services().inNamespace(NAMESPACE).withName("nginx").get() == null, () -> null);
    List<FakeResources.Resource> left = cloud.inventory();
    heading("Service deleted: the controller removed the load balancer, then its finalizer; cloud resources"
        + " left: " + left.size());
    check(left.isEmpty(), "nothing is left behind: " + left);
  }

  private String curlFromPod(
      String podName, LoadBalancerIngress ingress, LoadBalancerTraffic traffic, InetAddress podNode, int nodePort)
      throws StepFailed {
    detail("$ kubectl exec -it %s -- /bin/sh", podName);
    detail("# curl %s", ingress.getIp());
    // What kube-proxy does with the packet: with ipMode VIP it would deliver it to a local endpoint directly;
    // with ipMode Proxy it leaves the node for the load balancer.
    InetSocketAddress target =
        "Proxy".equals(ingress.getIpMode())
            ? traffic.endpoint(ingress.getIp(), 80)
                .orElseThrow(() -> new StepFailed("the load balancer serves no listener on port 80"))
            : new InetSocketAddress(podNode, nodePort);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + target.getHostString() + ":" + target.getPort() + "/"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : response.body().split("\n")) {
        detail("%s", line);
      }
      return response.body();
    } catch (IOException e) {
      throw new StepFailed("curl " + ingress.getIp() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed("curl " + ingress.getIp() + ": interrupted");
    }
  }

  private void printInventory(FakeCloud cloud) {
    for (FakeResources.Tree t : cloud.snapshot()) {
      FakeResources.LoadBalancer lb = t.loadBalancer();
      detail("load balancer  %s  name %s, class %s, VIP %s", lb.id(), lb.name(),
          lb.loadBalancerClass().annotationValue(), lb.vipAddress());
      if (t.eip() != null) {
        detail("EIP            %s  %s, %s, %d Mbit/s %s, bandwidth %s", t.eip().id(), t.eip().address(),
            t.eip().type(), t.eip().bandwidth().sizeMbit(), t.eip().bandwidth().shareType(),
            t.eip().bandwidth().name());
      }
      for (FakeResources.Listener l : t.listeners()) {
        detail("listener       %s  %s:%d", l.id(), l.protocol(), l.port());
      }
      for (FakeResources.Pool p : t.pools()) {
        detail("pool           %s  %s, %s%s", p.id(), p.protocol(), p.algorithm(),
            p.persistence() == null ? "" : ", sticky " + p.persistence().type());
      }
      for (FakeResources.Monitor m : t.monitors()) {
        detail("health monitor %s  %s %s on port %s every %d s", m.id(), m.settings().type(),
            m.settings().path() == null ? "" : m.settings().path(),
            m.settings().monitorPort() == null ? "of the member" : m.settings().monitorPort(),
            m.settings().delaySeconds());
      }
      for (FakeResources.Member m : t.members()) {
        detail("member         %s  %s:%d", m.id(), m.address(), m.port());
      }
      detail("owner          %s", lb.description());
    }
  }

  private void printCalls(List<Call> journal) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Call c : journal) {
      counts.merge(c.operation().name() + (c.operation().mutating() ? " (write)" : ""), 1, Integer::sum);
    }
    counts.forEach((op, n) -> detail("%-32s %d", op, n));
  }

  private void heading(String text) {
    out.printf("[%d] %s%n", ++step, text);
  }

  private void detail(String format, Object... args) {
    out.println("      " + String.format(format, args));
  }

  private void check(boolean ok, String what) throws StepFailed {
    if (!ok) {
      throw new StepFailed(what);
    }
    out.println("      ok: " + what);
  }

  private static <T> T await(String what, BooleanSupplier done, java.util.function.Supplier<T> result)
      throws StepFailed {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return result.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed("interrupted while waiting for " + what);
      }
    }
    throw new StepFailed("timed out after " + STEP_TIMEOUT.getSeconds() + " s waiting for " + what);
  }

  /** Two nodes on their own loopback addresses where the system allows it (Linux does), else one. */
  private static List<InetAddress> nodeAddresses() throws StepFailed {
    List<InetAddress> out = new ArrayList<>();
    for (String a : List.of("127.0.0.2", "127.0.0.3")) {
      try {
        InetAddress address = InetAddress.getByName(a);
        new ServerSocket(0, 1, address).close();
        out.add(address);
      } catch (IOException e) {
        // this system does not route the whole loopback range
      }
    }
    if (out.isEmpty()) {
      out.add(InetAddress.getLoopbackAddress());
    }
    return out;
  }

  private static int freePort(List<InetAddress> addresses) throws StepFailed {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, addresses.get(0))) {
        port = s.getLocalPort();
      } catch (IOException e) {
        throw new StepFailed("find a free port: " + e.getMessage());
      }
      boolean free = true;
      for (InetAddress a : addresses) {
        try {
          new ServerSocket(port, 1, a).close();
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return port;
      }
    }
    throw new StepFailed("find a port free on every node address");
  }

  private static Node node(String name, String address) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
        .withNewSpec().withProviderID("fake://" + name).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(address).endAddress().endStatus()
        .build();
  }

  private static Pod pod(String name, String nodeName, String hostIp) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("app", "nginx").endMetadata()
        .withNewSpec().withNodeName(nodeName).addNewContainer().withName("container-0").withImage("nginx:latest")
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running").withHostIP(hostIp).endStatus()
        .build();
  }

  private static String resource(String name) {
    try (InputStream in = Quickstart.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the examples jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A step did not do what the procedure expects; the message says which. */
  static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }
}
