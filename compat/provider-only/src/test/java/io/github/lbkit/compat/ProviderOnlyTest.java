package io.github.lbkit.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerProviders;
import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.api.ServiceKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Huawei Cloud provider, found on the classpath, calls a loopback double of the ELB API. */
class ProviderOnlyTest {

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startDouble() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      // An empty account: every list (GET .../elb/<collection>) is empty; anything else is not in this double.
      String path = exchange.getRequestURI().getRawPath();
      String collection = path.substring(path.lastIndexOf('/') + 1);
      boolean list = "GET".equals(exchange.getRequestMethod()) && path.matches("/v[23]/p1/elb/[a-z_]+");
      byte[] body = (list ? "{\"" + collection + "\":[]}" : "{\"error_msg\":\"not in this double\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("X-Request-Id", "req-" + requests.size());
      exchange.sendResponseHeaders(list ? 200 : 404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopDouble() {
    server.stop(0);
  }

  @Test
  void findOnAnEmptyAccountListsLoadBalancersBySignedRequests() {
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    ProviderConfig config = ProviderConfig.of(
        "huaweicloud.region", "cn-north-4",
        "huaweicloud.projectId", "p1",
        "huaweicloud.accessKey", "AK1",
        "huaweicloud.secretKey", "SK1",
        "huaweicloud.endpoint.elb", endpoint,
        "huaweicloud.endpoint.vpc", endpoint);
    try (LoadBalancerProvider provider =
        LoadBalancerProviders.discover().byName("huaweicloud").orElseThrow().create(config)) {
      assertEquals("huaweicloud", provider.name());

      assertTrue(provider.find(new ServiceKey("compat", "default", "web", "uid-1"), LoadBalancerHints.NONE)
          .isEmpty());
    }

    assertFalse(requests.isEmpty(), "the provider made no request");
    assertTrue(requests.stream().allMatch(r -> r.matches("GET /v[23]/p1/elb/[a-z_]+")), "requests: " + requests);
    assertTrue(requests.contains("GET /v2/p1/elb/loadbalancers"), "requests: " + requests);
    assertTrue(requests.contains("GET /v3/p1/elb/loadbalancers"), "requests: " + requests);
    assertTrue(authorizations.stream().allMatch(a -> a.startsWith("SDK-HMAC-SHA256") && a.contains("Access=AK1")),
        "authorizations: " + authorizations);
  }
}
