package io.github.lbkit.examples.quickstart;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for one nginx pod of the seed's Deployment, reached through its node: an HTTP server on the node's
 * loopback address and the Service's node port that answers the nginx welcome page, and the node's health check
 * node port answering {@code /healthz} the way kube-proxy does when the node has a local endpoint.
 */
final class NginxPod implements AutoCloseable {

  static final String WELCOME_PAGE =
      "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
          + "<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed"
          + " and working. Further configuration is required.</p>\n"
          + "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

  private final String name;
  private final HttpServer web;
  private final HttpServer health;
  private final AtomicLong requests = new AtomicLong();

  NginxPod(String name, InetAddress nodeAddress, int nodePort, int healthCheckNodePort) throws IOException {
    this.name = name;
    this.web = HttpServer.create(new InetSocketAddress(nodeAddress, nodePort), 16);
    web.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = WELCOME_PAGE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.getResponseHeaders().add("Server", "nginx (" + name + ")");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    this.health = HttpServer.create(new InetSocketAddress(nodeAddress, healthCheckNodePort), 16);
    health.createContext(
        "/healthz",
        exchange -> {
          byte[] body = "{\"localEndpoints\": 1}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    web.start();
    health.start();
  }

  String name() {
    return name;
  }

  long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    web.stop(0);
    health.stop(0);
  }
}
