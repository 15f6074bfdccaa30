package io.github.lbkit.controller;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * One real kube-apiserver (v1.20.2, with etcd) per test JVM, started on first use through
 * {@code io.fabric8:kube-api-test} in offline mode. The binaries come from {@code scripts/kube-apiserver.sh}.
 * Without them the tests are skipped with a message saying how to get them, unless
 * {@value #REQUIRE_ENV}{@code =true} (or the system property {@value #REQUIRE_PROPERTY}) makes that a failure,
 * as {@code .ci/run} does.
 */
final class RealApiServer {

  static final String VERSION = "1.20.2";
  static final String REQUIRE_ENV = "LBKIT_REQUIRE_KUBE_APISERVER";
  static final String REQUIRE_PROPERTY = "lbkit.requireKubeApiServer";

  private static KubeAPIServer server;
  private static String kubeconfig;

  private RealApiServer() {}

  static Path binaries() {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    Path root = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    return root.resolve("k8s").resolve(VERSION + "-linux-amd64");
  }

  static boolean required() {
    return Boolean.parseBoolean(System.getenv(REQUIRE_ENV)) || Boolean.getBoolean(REQUIRE_PROPERTY);
  }

  /** Starts the server once, or skips (fails, when required) the calling test when the binaries are missing. */
  static synchronized String kubeconfig() {
    if (kubeconfig != null) {
      return kubeconfig;
    }
    Path bin = binaries();
    boolean present =
        Files.isExecutable(bin.resolve("kube-apiserver")) && Files.isExecutable(bin.resolve("etcd"))
            && Files.isExecutable(bin.resolve("kubectl"));
    String message =
        "real kube-apiserver " + VERSION + " not found in " + bin + "; run scripts/kube-apiserver.sh (Debian 12, "
            + "root; about 9 minutes once) to build it, or set KUBE_API_TEST_DIR to where it lies";
    if (!present) {
      if (required()) {
        throw new AssertionError(message + " (" + REQUIRE_ENV + " is set, so this is a failure)");
      }
      Assumptions.abort(message);
    }
    KubeAPIServer s =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    s.start();
    Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "kube-apiserver-stop"));
    server = s;
    kubeconfig = s.getKubeConfigYaml();
    return kubeconfig;
  }

  /** A new client of the server; the caller closes it. */
  static KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig())).build();
  }

  /** A new client of the server that connects through {@code proxy} instead; the caller closes it. */
  static KubernetesClient clientVia(TcpProxy proxy) {
    Config c = Config.fromKubeconfig(kubeconfig());
    c.setMasterUrl("https://127.0.0.1:" + proxy.port());
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  static String masterUrl() {
    return Config.fromKubeconfig(kubeconfig()).getMasterUrl();
  }
}
