package io.github.lbkit.huaweicloud.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stateful emulator of the Huawei Cloud shared ELB (v2), EIP (v1, v3 associate) and VPC subnet (v1) APIs on
 * WireMock, bound to 127.0.0.1. It keeps resources in memory, answers with the documented paths, bodies, error
 * shapes ({@code {"error_msg","error_code","request_id"}} for ELB, {@code {"code","message"}} for EIP/VPC) and
 * codes, sets {@code X-Request-Id}, and rejects requests that are not signed like the SDK signs them with 401.
 * Faults can be queued, and every request is journaled for request-shape assertions.
 */
final class ElbEmulator implements AutoCloseable {

  /** One received request. */
  record Recorded(
      String method, String path, Map<String, List<String>> query, @Nullable JsonNode body, int status) {}

  private record Fault(String method, Pattern path, int status, @Nullable String code, int delayMillis) {}

  /** A write whose answer is lost: it is applied, then answered with {@code status}, or 0 for a reset. */
  private record LostAnswer(String method, Pattern path, int status) {}

  private record Hook(String method, Pattern path, Runnable action) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The most members one batch-add or batch-delete call may carry. */
  static final int MAX_BATCH_MEMBERS = 200;
  private static final Pattern AUTH =
      Pattern.compile("^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$");
  private static final Set<String> LISTENER_PROTOCOLS = Set.of("TCP", "UDP", "HTTP", "TERMINATED_HTTPS");
  private static final Set<String> POOL_PROTOCOLS = Set.of("TCP", "UDP", "HTTP");
  private static final Set<String> ALGORITHMS = Set.of("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP");
  private static final Set<String> MONITOR_TYPES = Set.of("TCP", "HTTP", "UDP_CONNECT");

  private final String projectId;
  private final String accessKey;
  private final String secretKey;
  private final WireMockServer server;
  private final Map<String, ObjectNode> loadBalancers = new LinkedHashMap<>();
  private final Map<String, ObjectNode> listeners = new LinkedHashMap<>();
  private final Map<String, ObjectNode> pools = new LinkedHashMap<>();
  private final Map<String, ObjectNode> members = new LinkedHashMap<>();
  private final OperationThrottle memberCreationLimit = new OperationThrottle();
  private final Map<String, ObjectNode> monitors = new LinkedHashMap<>();
  private final Map<String, ObjectNode> publicIps = new LinkedHashMap<>();
  private final Map<String, ObjectNode> subnets = new LinkedHashMap<>();
  private final Map<String, ObjectNode> v3LoadBalancers = new LinkedHashMap<>();
  private final Map<String, ObjectNode> v3Listeners = new LinkedHashMap<>();
  private final Map<String, ObjectNode> v3Pools = new LinkedHashMap<>();
  private final Map<String, ObjectNode> v3Members = new LinkedHashMap<>();
  private final Map<String, ObjectNode> v3Monitors = new LinkedHashMap<>();
  private final Map<String, ObjectNode> ipGroups = new LinkedHashMap<>();
  private final Map<String, ObjectNode> flavors = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Deque<Hook> hooks = new ArrayDeque<>();
  private final Deque<LostAnswer> lostAnswers = new ArrayDeque<>();
  private final Set<String> answeredWrites = new java.util.HashSet<>();
  private int loseEveryFirstAnswer;
  private boolean loseEveryFirstAnswerOn;
  private int lostFirstAnswers;
  private final List<Recorded> journal = new ArrayList<>();
  private int sequence;
  private double faultRate;
  private int crashCountdown;
  private boolean classicErrors;
  private boolean crashed;
  private java.util.Random faultRandom = new java.util.Random(0);
  private int loadBalancerQuota = 50;
  private int publicIpQuota = 50;

  private ElbEmulator(String projectId, String accessKey, String secretKey) {
    this.projectId = projectId;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.server =
        new WireMockServer(
            options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .gzipDisabled(true)
                .jettyAcceptors(1)
                .containerThreads(8)
                .extensions(new Transformer()));
  }

  /**
   * Starts an emulator that accepts only requests for the given project signed with the given key pair.
   */
  static ElbEmulator start(String projectId, String accessKey, String secretKey) {
    ElbEmulator e = new ElbEmulator(projectId, accessKey, secretKey);
    e.server.start();
    e.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    return e;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  // ------------------------------------------------------------------ test controls

  /** Adds a VPC subnet; returns it for chaining nothing. */
  synchronized void addSubnet(String vpcSubnetId, String neutronSubnetId, String vpcId, String cidr) {
    ObjectNode s = JSON.createObjectNode();
    s.put("id", vpcSubnetId);
    s.put("name", "subnet-" + vpcSubnetId);
    s.put("cidr", cidr);
    s.put("gateway_ip", cidr.replaceAll("\\.0/\\d+$", ".1"));
    s.put("vpc_id", vpcId);
    s.put("neutron_network_id", vpcSubnetId);
    s.put("neutron_subnet_id", neutronSubnetId);
    s.put("status", "ACTIVE");
    subnets.put(vpcSubnetId, s);
  }

  /** Answers the next request matching method and path regex with an error, before any other check. */
  synchronized void failNext(String method, String pathRegex, int status, @Nullable String code) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), status, code, 0));
  }

  /**
   * Loses the answer of the next request matching method and path regex: the request is applied as usual, then
   * answered with {@code status} (for example 503) instead of its result, or with a connection reset when
   * {@code status} is 0, as a gateway timing out after the backend did the write would.
   */
  synchronized void loseAnswerOfNext(String method, String pathRegex, int status) {
    lostAnswers.add(new LostAnswer(method, Pattern.compile(pathRegex), status));
  }

  /**
   * Loses the first answer of every write from now on: each request that changes something (not a GET) is
   * applied, and the first time a request with its method, path and body arrives it is answered with
   * {@code status} instead of its result; an identical request sent again is answered normally. The worst case
   * of "a write that succeeded but whose answer was lost" (ELB API reference: no create call takes an idempotency
   * token; reference section D, "Lost answers"). Off again after {@link #clearFaults()}.
   *
   * @param status the answer instead of the result, for example 503, or 0 for a reset connection
   */
  synchronized void loseFirstAnswerOfEveryWrite(int status) {
    this.loseEveryFirstAnswer = status;
    this.loseEveryFirstAnswerOn = true;
  }

  /**
   * Returns how many answers {@link #loseFirstAnswerOfEveryWrite} lost.
   *
   * @return the count
   */
  synchronized int lostFirstAnswers() {
    return lostFirstAnswers;
  }

  /**
   * Runs an action on the emulator's state just before it handles the next request matching method and path
   * regex, as another client acting at that moment would.
   */
  synchronized void beforeNext(String method, String pathRegex, Runnable action) {
    hooks.add(new Hook(method, Pattern.compile(pathRegex), action));
  }

  /** Creates a shared load balancer directly in the state, as another client would through the API. */
  synchronized String insertLoadBalancer(String name, String description) {
    ObjectNode lb = JSON.createObjectNode();
    lb.put("name", name);
    lb.put("description", description);
    lb.put("vip_subnet_id", subnets.values().iterator().next().get("neutron_subnet_id").asText());
    Result r = loadBalancer("POST", null, false, Map.of(), wrap("loadbalancer", lb));
    return r.body().get("loadbalancer").get("id").asText();
  }

  /** Answers the next request matching method and path regex normally, but only after a delay. */
  synchronized void delayNext(String method, String pathRegex, int delayMillis) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), 0, null, delayMillis));
  }

  /**
   * Makes a share of all requests fail, reproducibly from the seed, with errors the cloud answers before doing
   * anything: throttling (429), a server error (500) and a busy resource (503 on ELB, 409 VPC.0512 on EIP and
   * VPC). Rate 0 turns it off.
   */
  synchronized void randomFaults(double rate, long seed) {
    this.faultRate = rate;
    this.faultRandom = new java.util.Random(seed);
  }

  /**
   * Simulates the caller dying right after the k-th write from now: that write is applied, but it and every
   * later request are answered with a non-retryable 403 until {@link #clearFaults()}.
   */
  synchronized void crashAfterWrites(int k) {
    this.crashCountdown = k;
    this.crashed = false;
  }

  /** Removes every injected fault: queued, random and crash. */
  synchronized void clearFaults() {
    faults.clear();
    lostAnswers.clear();
    loseEveryFirstAnswerOn = false;
    faultRate = 0;
    crashCountdown = 0;
    crashed = false;
  }

  /**
   * Answers ELB errors in the classic shape {@code {"error":{"code":...,"message":...}}}, which some v2 gateways
   * use, instead of {@code error_code}/{@code error_msg}.
   */
  synchronized void classicErrorShape(boolean on) {
    this.classicErrors = on;
  }

  /** Sets the provisioning status of a load balancer, for example {@code PENDING_UPDATE}. */
  synchronized void provisioningStatus(String loadBalancerId, String status) {
    loadBalancers.get(loadBalancerId).put("provisioning_status", status);
  }

  synchronized void loadBalancerQuota(int quota) {
    this.loadBalancerQuota = quota;
  }

  synchronized void publicIpQuota(int quota) {
    this.publicIpQuota = quota;
  }

  synchronized List<Recorded> requests() {
    return List.copyOf(journal);
  }

  synchronized void clearRequests() {
    journal.clear();
  }

  synchronized Recorded lastRequest() {
    return journal.get(journal.size() - 1);
  }

  synchronized int count(String method, String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    return (int) journal.stream().filter(r -> r.method().equals(method) && p.matcher(r.path()).matches()).count();
  }

  synchronized Map<String, ObjectNode> loadBalancers() {
    return merged(loadBalancers, v3LoadBalancers);
  }

  synchronized Map<String, ObjectNode> listeners() {
    return merged(listeners, v3Listeners);
  }

  synchronized Map<String, ObjectNode> pools() {
    return merged(pools, v3Pools);
  }

  synchronized Map<String, ObjectNode> members() {
    return merged(members, v3Members);
  }

  synchronized Map<String, ObjectNode> monitors() {
    return merged(monitors, v3Monitors);
  }

  /** Dedicated (v3) load balancers only. */
  synchronized Map<String, ObjectNode> dedicatedLoadBalancers() {
    return Map.copyOf(v3LoadBalancers);
  }

  synchronized Map<String, ObjectNode> ipGroups() {
    return Map.copyOf(ipGroups);
  }

  /** Adds a load balancer flavor to the catalogue. */
  synchronized void addFlavor(String id, String name, String type) {
    ObjectNode f = JSON.createObjectNode();
    f.put("id", id);
    f.put("name", name);
    f.put("type", type);
    f.put("shared", true);
    f.put("flavor_sold_out", false);
    flavors.put(id, f);
  }

  private static Map<String, ObjectNode> merged(Map<String, ObjectNode> a, Map<String, ObjectNode> b) {
    Map<String, ObjectNode> m = new LinkedHashMap<>(a);
    m.putAll(b);
    return Map.copyOf(m);
  }

  synchronized Map<String, ObjectNode> publicIps() {
    return Map.copyOf(publicIps);
  }

  // ------------------------------------------------------------------ dispatch

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return handle(serveEvent.getRequest());
    }

    @Override
    public String getName() {
      return "huawei-cloud-emulator";
    }
  }

  /** An answer in the making: status plus JSON body, or an API error. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final @Nullable String code;

    ApiError(int status, @Nullable String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private synchronized ResponseDefinition handle(Request request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String method = request.getMethod().getName();
    Map<String, List<String>> query = query(request, q < 0 ? "" : url.substring(q + 1));
    JsonNode body = null;
    String requestId = String.format("%032x", ++sequence);
    boolean elbShape = path.contains("/elb/");
    int status;
    JsonNode answer;
    int delay = 0;
    boolean reset = false;
    try {
      String raw = request.getBodyAsString();
      if (raw != null && !raw.isBlank()) {
        try {
          body = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
          throw new ApiError(400, elbShape ? "ELB.8902" : "VPC.0002", "Malformed JSON body");
        }
      }
      checkSigned(request);
      if (crashed) {
        throw new ApiError(403, "SYS.0403", "the caller crashed (simulated)");
      }
      for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
        Fault f = it.next();
        if (f.method().equals(method) && f.path().matcher(path).matches()) {
          it.remove();
          if (f.delayMillis() > 0) {
            delay = f.delayMillis();
            break;
          }
          throw new ApiError(f.status(), f.code(), "injected fault");
        }
      }
      for (Iterator<Hook> it = hooks.iterator(); it.hasNext(); ) {
        Hook h = it.next();
        if (h.method().equals(method) && h.path().matcher(path).matches()) {
          it.remove();
          h.action().run();
          break;
        }
      }
      if (faultRate > 0 && faultRandom.nextDouble() < faultRate) {
        switch (faultRandom.nextInt(3)) {
          case 0 -> throw new ApiError(429, "APIGW.0308", "The throttling threshold has been reached");
          case 1 -> throw new ApiError(500, null, "injected server error");
          // EIP API reference, error codes: 409 VPC.0512 "resource busy, try again". The ELB tables have no
          // busy code (409 ELB.8907 is a data conflict), so ELB calls meet a busy gateway's 503 instead.
          default -> throw elbShape ? new ApiError(503, null, "Service unavailable, try again later")
              : new ApiError(409, "VPC.0512", "The resource is busy, try again");
        }
      }
      Result r = paged(method, path, query, route(method, path, query, body));
      status = r.status;
      answer = r.body;
      boolean loseThis = loseEveryFirstAnswerOn && !method.equals("GET")
          && answeredWrites.add(method + " " + path + " " + (body == null ? "" : body.toString()));
      if (loseThis) {
        lostFirstAnswers++;
        if (loseEveryFirstAnswer != 0) {
          throw new ApiError(loseEveryFirstAnswer, null,
              "the answer was lost after the request was applied (simulated)");
        }
        reset = true;
      }
      for (Iterator<LostAnswer> it = lostAnswers.iterator(); it.hasNext(); ) {
        LostAnswer l = it.next();
        if (l.method().equals(method) && l.path().matcher(path).matches()) {
          it.remove();
          if (l.status() == 0) {
            reset = true;
            break;
          }
          throw new ApiError(l.status(), null, "the answer was lost after the request was applied (simulated)");
        }
      }
      if (!method.equals("GET") && crashCountdown > 0 && --crashCountdown == 0) {
        crashed = true;
        throw new ApiError(403, "SYS.0403", "the caller crashed (simulated) after this write was applied");
      }
    } catch (ApiError e) {
      status = e.status;
      ObjectNode err = JSON.createObjectNode();
      if (elbShape && classicErrors && e.code != null) {
        ObjectNode inner = err.putObject("error");
        inner.put("code", e.code);
        inner.put("message", e.getMessage());
      } else if (elbShape || e.status == 401 || e.status == 429) {
        err.put("error_msg", e.getMessage());
        if (e.code != null) {
          err.put("error_code", e.code);
        }
        err.put("request_id", requestId);
      } else {
        if (e.code != null) {
          err.put("code", e.code);
        }
        err.put("message", e.getMessage());
      }
      answer = err;
    }
    journal.add(new Recorded(method, path, query, body, status));
    var builder =
        com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
            .withStatus(status)
            .withHeader("X-Request-Id", requestId);
    if (delay > 0) {
      builder.withFixedDelay(delay);
    }
    if (reset) {
      return builder.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
    }
    if (answer != null) {
      builder.withHeader("Content-Type", "application/json;charset=UTF-8").withBody(answer.toString());
    }
    return builder.build();
  }

  private static Map<String, List<String>> query(Request request, String rawQuery) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return m;
    }
    for (String part : rawQuery.split("&")) {
      String key = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
      if (!m.containsKey(key)) {
        QueryParameter p = request.queryParameter(key);
        m.put(key, p.isPresent() ? List.copyOf(p.values()) : List.of());
      }
    }
    return m;
  }

  private void checkSigned(Request request) {
    String auth = request.getHeader("Authorization");
    String date = request.getHeader("X-Sdk-Date");
    String project = request.getHeader("X-Project-Id");
    Matcher m = auth == null ? null : AUTH.matcher(auth);
    if (m == null || !m.matches()) {
      throw new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: unsigned request");
    }
    if (!m.group(1).equals(accessKey)) {
      throw new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: unknown access key");
    }
    if (!m.group(2).contains("x-sdk-date") || date == null || !date.matches("\\d{8}T\\d{6}Z")) {
      throw new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: X-Sdk-Date missing");
    }
    if (project == null || !project.equals(projectId)) {
      throw new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: X-Project-Id missing");
    }
    if (!m.group(3).equals(signature(request, m.group(2), date))) {
      throw new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail");
    }
  }

  /** Computes the SDK-HMAC-SHA256 signature of a request, independently of the SDK's signer. */
  private String signature(Request request, String signedHeaders, String date) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String canonicalUri = path.endsWith("/") ? path : path + "/";
    java.util.TreeMap<String, List<String>> sorted = new java.util.TreeMap<>();
    if (q >= 0) {
      for (String part : url.substring(q + 1).split("&")) {
        int eq = part.indexOf('=');
        String k = eq < 0 ? part : part.substring(0, eq);
        String v = eq < 0 ? "" : part.substring(eq + 1);
        sorted.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    StringBuilder query = new StringBuilder();
    sorted.forEach(
        (k, vs) ->
            vs.stream()
                .sorted()
                .forEach(v -> query.append(query.length() == 0 ? "" : "&").append(k).append('=').append(v)));
    StringBuilder headers = new StringBuilder();
    for (String h : signedHeaders.split(";")) {
      String v = request.getHeader(h);
      headers.append(h).append(':').append(v == null ? "" : v.strip()).append('\n');
    }
    String contentHash = request.getHeader("X-Sdk-Content-Sha256");
    String payloadHash =
        "UNSIGNED-PAYLOAD".equals(contentHash) ? contentHash : hex(sha256(request.getBody()));
    String canonical =
        String.join(
            "\n",
            request.getMethod().getName(),
            canonicalUri,
            query,
            headers,
            signedHeaders,
            payloadHash);
    String toSign =
        "SDK-HMAC-SHA256\n" + date + "\n" + hex(sha256(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secretKey.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return hex(mac.doFinal(toSign.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private record Result(int status, @Nullable JsonNode body) {}

  /**
   * What {@link #insertCceLoadBalancer} made.
   *
   * @param loadBalancerId the load balancer
   * @param eipId the EIP bound to its VIP port
   * @param eipAddress the EIP's address
   * @param listenerId the listener
   * @param poolId the listener's pool
   */
  record CceTree(String loadBalancerId, String eipId, String eipAddress, String listenerId, String poolId) {}

  /**
   * Makes a load balancer as CCE's controller leaves it for a public Service, through the API as CCE would, without
   * journaling the requests: no description (CCE marks nothing), an EIP without alias bound to the VIP, one
   * listener with a pool of the nodes and CCE's default health check. Reference huawei-api-and-sdk.md A.2: the
   * default name is {@code cce-lb+service.UID}, a public load balancer gets a {@code PER} bandwidth named
   * {@code cce-bandwidth-...}; A.3: the default health check is delay 5, timeout 10, max_retries 3, with the
   * Service port's protocol; A.1: CCE writes back {@code kubernetes.io/elb.id} and {@code kubernetes.io/elb.eip-id}.
   *
   * @param dedicated the dedicated class (ELB v3) rather than the shared one (v2)
   * @param name the load balancer's name
   * @param protocol the listener's protocol, {@code TCP} or {@code UDP}
   * @param port the listener's port
   * @param nodeIps the members' addresses
   * @param nodePort the members' port
   * @return the ids
   */
  synchronized CceTree insertCceLoadBalancer(boolean dedicated, String name, String protocol, int port,
      List<String> nodeIps, int nodePort) {
    return insertCceLoadBalancer(subnets.keySet().iterator().next(), dedicated, name, protocol, port, nodeIps,
        nodePort);
  }

  /**
   * Makes a load balancer as CCE's controller leaves it, its VIP in the given VPC subnet (see
   * {@link #insertCceLoadBalancer(boolean, String, String, int, List, int)}).
   */
  synchronized CceTree insertCceLoadBalancer(String vpcSubnetId, boolean dedicated, String name, String protocol,
      int port, List<String> nodeIps, int nodePort) {
    ObjectNode subnet = java.util.Objects.requireNonNull(subnets.get(vpcSubnetId), vpcSubnetId);
    String neutron = subnet.get("neutron_subnet_id").asText();
    String v2 = "/v2/" + projectId + "/elb";
    String v3 = "/v3/" + projectId + "/elb";
    String lbId;
    String eipId;
    if (dedicated) {
      JsonNode lb = direct("POST", v3 + "/loadbalancers", "{\"loadbalancer\":{\"name\":\"" + name
          + "\",\"availability_zone_list\":[\"az1\"],\"vip_subnet_cidr_id\":\"" + neutron + "\",\"publicip\":"
          + "{\"network_type\":\"5_bgp\",\"bandwidth\":{\"name\":\"cce-bandwidth-1\",\"size\":5,"
          + "\"charge_mode\":\"bandwidth\",\"share_type\":\"PER\"}}}}").get("loadbalancer");
      lbId = lb.get("id").asText();
      // The v3 answer carries vpc_id (reference B.2); the emulator's creates leave it out, CCE's load balancer has it.
      v3LoadBalancers.get(lbId).put("vpc_id", subnet.get("vpc_id").asText());
      String port6 = v3LoadBalancers.get(lbId).get("vip_port_id").asText();
      eipId = publicIps.values().stream().filter(e -> port6.equals(e.path("port_id").asText()))
          .map(e -> e.get("id").asText()).findFirst().orElseThrow();
      String listener = direct("POST", v3 + "/listeners", "{\"listener\":{\"loadbalancer_id\":\"" + lbId
          + "\",\"protocol\":\"" + protocol + "\",\"protocol_port\":" + port + ",\"name\":\"cce-listener\"}}")
          .get("listener").get("id").asText();
      String pool = direct("POST", v3 + "/pools", "{\"pool\":{\"listener_id\":\"" + listener + "\",\"protocol\":\""
          + protocol + "\",\"lb_algorithm\":\"ROUND_ROBIN\",\"name\":\"cce-pool\"}}").get("pool").get("id").asText();
      StringBuilder members = new StringBuilder();
      for (String ip : nodeIps) {
        members.append(members.length() == 0 ? "" : ",").append("{\"address\":\"").append(ip)
            .append("\",\"protocol_port\":").append(nodePort).append(",\"subnet_cidr_id\":\"").append(neutron)
            .append("\"}");
      }
      direct("POST", v3 + "/pools/" + pool + "/members/batch-add", "{\"members\":[" + members + "]}");
      direct("POST", v3 + "/healthmonitors", "{\"healthmonitor\":{\"pool_id\":\"" + pool + "\",\"type\":\""
          + (protocol.equals("UDP") ? "UDP_CONNECT" : protocol) + "\",\"delay\":5,\"timeout\":10,\"max_retries\":3}}");
      return new CceTree(lbId, eipId, publicIps.get(eipId).get("public_ip_address").asText(), listener, pool);
    }
    JsonNode lb = direct("POST", v2 + "/loadbalancers", "{\"loadbalancer\":{\"name\":\"" + name
        + "\",\"vip_subnet_id\":\"" + neutron + "\"}}").get("loadbalancer");
    lbId = lb.get("id").asText();
    JsonNode eip = direct("POST", "/v1/" + projectId + "/publicips", "{\"publicip\":{\"type\":\"5_bgp\","
        + "\"ip_version\":4},\"bandwidth\":{\"name\":\"cce-bandwidth-1\",\"size\":5,\"share_type\":\"PER\","
        + "\"charge_mode\":\"bandwidth\"}}").get("publicip");
    eipId = eip.get("id").asText();
    direct("PUT", "/v1/" + projectId + "/publicips/" + eipId,
        "{\"publicip\":{\"port_id\":\"" + lb.get("vip_port_id").asText() + "\"}}");
    String listener = direct("POST", v2 + "/listeners", "{\"listener\":{\"loadbalancer_id\":\"" + lbId
        + "\",\"protocol\":\"" + protocol + "\",\"protocol_port\":" + port + ",\"name\":\"cce-listener\"}}")
        .get("listener").get("id").asText();
    String pool = direct("POST", v2 + "/pools", "{\"pool\":{\"listener_id\":\"" + listener + "\",\"protocol\":\""
        + protocol + "\",\"lb_algorithm\":\"ROUND_ROBIN\",\"name\":\"cce-pool\"}}").get("pool").get("id").asText();
    for (String ip : nodeIps) {
      direct("POST", v2 + "/pools/" + pool + "/members", "{\"member\":{\"address\":\"" + ip
          + "\",\"protocol_port\":" + nodePort + ",\"subnet_id\":\"" + neutron + "\"}}");
    }
    direct("POST", v2 + "/healthmonitors", "{\"healthmonitor\":{\"pool_id\":\"" + pool + "\",\"type\":\""
        + (protocol.equals("UDP") ? "UDP_CONNECT" : protocol) + "\",\"delay\":5,\"timeout\":10,\"max_retries\":3}}");
    return new CceTree(lbId, eipId, publicIps.get(eipId).get("public_ip_address").asText(), listener, pool);
  }

  /** Sends one request straight to the state, as another client would, without journaling it. */
  private JsonNode direct(String method, String path, String json) {
    try {
      JsonNode answer = route(method, path, Map.of(), JSON.readTree(json)).body();
      return java.util.Objects.requireNonNull(answer, "answer of " + path);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private Result route(String method, String path, Map<String, List<String>> query, @Nullable JsonNode body) {
    String p = Pattern.quote(projectId);
    Matcher m;
    if (path.startsWith("/v3/" + projectId + "/elb/")) {
      return v3(method, path.substring(("/v3/" + projectId + "/elb").length()), query, body);
    }
    if ((m = match("/v2/" + p + "/elb/loadbalancers(?:/([^/]+))?(/statuses)?", path)) != null) {
      return loadBalancer(method, m.group(1), m.group(2) != null, query, body);
    }
    if ((m = match("/v2/" + p + "/elb/listeners(?:/([^/]+))?", path)) != null) {
      return listener(method, m.group(1), query, body);
    }
    if ((m = match("/v2/" + p + "/elb/pools/([^/]+)/members(?:/([^/]+))?", path)) != null) {
      return member(method, m.group(1), m.group(2), body);
    }
    if ((m = match("/v2/" + p + "/elb/pools(?:/([^/]+))?", path)) != null) {
      return pool(method, m.group(1), query, body);
    }
    if ((m = match("/v2/" + p + "/elb/healthmonitors(?:/([^/]+))?", path)) != null) {
      return monitor(method, m.group(1), body);
    }
    if ((m = match("/v1/" + p + "/publicips(?:/([^/]+))?", path)) != null) {
      return publicIp(method, m.group(1), query, body);
    }
    if ((m = match("/v3/" + p + "/eip/publicips/([^/]+)/(associate|disassociate)-instance", path)) != null
        && method.equals("POST")) {
      return associate(m.group(1), m.group(2).equals("associate"), body);
    }
    if (match("/v3/" + p + "/eip/publicips", path) != null && method.equals("GET")) {
      List<String> descriptions = query.getOrDefault("description", List.of());
      ArrayNode a = JSON.createArrayNode();
      for (ObjectNode e : publicIps.values()) {
        if (!descriptions.isEmpty() && !descriptions.contains(e.path("description").asText(""))) {
          continue;
        }
        ObjectNode ip = a.addObject();
        ip.put("id", e.get("id").asText());
        ip.put("public_ip_address", e.path("public_ip_address").asText());
        ip.put("status", e.path("status").asText("DOWN"));
        ip.put("network_type", e.path("type").asText());
        ip.put("alias", e.path("alias").asText(""));
        ip.put("description", e.path("description").asText(""));
        String port = e.path("port_id").asText("");
        if (!port.isEmpty()) {
          ip.putObject("vnic").put("port_id", port);
          ip.put("associate_instance_type", e.path("associate_instance_type").asText("PORT"));
          ip.put("associate_instance_id", port);
        }
      }
      ObjectNode answer = wrap("publicips", a);
      answer.put("total_count", a.size());
      return ok(200, answer);
    }
    if ((m = match("/v3/" + p + "/eip/publicips/([^/]+)", path)) != null && method.equals("GET")) {
      ObjectNode e = publicIps.get(m.group(1));
      if (e == null) {
        throw new ApiError(404, "VPC.0504", "Floating IP could not be found.");
      }
      ObjectNode ip = e.deepCopy();
      ip.put("alias", e.path("alias").asText(""));
      ip.put("description", e.path("description").asText(""));
      ip.remove("port_id");
      return ok(200, wrap("publicip", ip));
    }
    if (match("/v1/" + p + "/subnets", path) != null && method.equals("GET")) {
      // VPC API reference, querying subnets: GET /v1/{project_id}/subnets?vpc_id=…&limit=…&marker=… pages by
      // marker (the id of the last subnet of the previous page).
      String vpc = query.getOrDefault("vpc_id", List.of("")).get(0);
      int limit = Integer.parseInt(query.getOrDefault("limit", List.of("2000")).get(0));
      String marker = query.getOrDefault("marker", List.of("")).get(0);
      ArrayNode a = JSON.createArrayNode();
      boolean after = marker.isEmpty();
      for (ObjectNode s : subnets.values()) {
        if (!after) {
          after = s.get("id").asText().equals(marker);
          continue;
        }
        if ((vpc.isEmpty() || s.get("vpc_id").asText().equals(vpc)) && a.size() < limit) {
          a.add(s);
        }
      }
      return ok(200, wrap("subnets", a));
    }
    if ((m = match("/v1/" + p + "/subnets/([^/]+)", path)) != null && method.equals("GET")) {
      ObjectNode s = subnets.get(m.group(1));
      if (s == null) {
        throw new ApiError(404, "VPC.0202", "Query subnet error: subnet " + m.group(1) + " not found");
      }
      return ok(200, wrap("subnet", s));
    }
    throw new ApiError(404, "APIGW.0101", "The API does not exist or has not been published in the environment");
  }

  private static @Nullable Matcher match(String regex, String path) {
    Matcher m = Pattern.compile(regex).matcher(path);
    return m.matches() ? m : null;
  }

  private static Result ok(int status, @Nullable JsonNode body) {
    return new Result(status, body);
  }

  private ObjectNode wrap(String key, JsonNode value) {
    ObjectNode o = JSON.createObjectNode();
    o.set(key, value);
    return o;
  }

  private String newId(String prefix) {
    return String.format("%s-%08x-0000-4000-8000-%012x", prefix, ++sequence, sequence);
  }

  private static ObjectNode require(@Nullable JsonNode body, String key, String code) {
    JsonNode n = body == null ? null : body.get(key);
    if (!(n instanceof ObjectNode o)) {
      throw new ApiError(400, code, "Invalid input: request body must hold the object '" + key + "'");
    }
    return o;
  }

  private static String text(ObjectNode o, String field, String code) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new ApiError(400, code, "Invalid input for field/attribute " + field + ". Value: " + n);
    }
    return n.asText();
  }

  private static int integer(ObjectNode o, String field, int min, int max, String code) {
    JsonNode n = o.get(field);
    if (n == null || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
      throw new ApiError(
          400, code, "Invalid input for field/attribute " + field + ". Value: " + n + ", range " + min + "-" + max);
    }
    return n.asInt();
  }

  private static void readOnly(ObjectNode update, String code, String... fields) {
    for (String f : fields) {
      if (update.has(f)) {
        throw new ApiError(400, code, "Cannot update read-only attribute " + f);
      }
    }
  }

  private static void copy(ObjectNode from, ObjectNode to, String... fields) {
    for (String f : fields) {
      if (from.has(f)) {
        to.set(f, from.get(f));
      }
    }
  }

  private ArrayNode refs(Iterable<String> ids) {
    ArrayNode a = JSON.createArrayNode();
    for (String id : ids) {
      a.addObject().put("id", id);
    }
    return a;
  }

  /**
   * Checks that a member's address lies in the subnet it names. huawei-api-and-sdk.md D ("Member subnet"): "a
   * member names the subnet it works in (subnet_id on v2, subnet_cidr_id on v3 — the neutron subnet id); that
   * subnet must be in the load balancer's VPC, and the member's address belongs to it."
   */
  private void requireAddressInSubnet(String address, String neutronSubnetId, String field) {
    ObjectNode s = subnets.values().stream()
        .filter(n -> n.get("neutron_subnet_id").asText().equals(neutronSubnetId)).findFirst().orElse(null);
    if (s != null && !inCidr(address, s.get("cidr").asText())) {
      throw new ApiError(400, "ELB.8902", "Invalid input: member address " + address + " is not in the subnet "
          + field + " " + neutronSubnetId + " (" + s.get("cidr").asText() + ")");
    }
  }

  /** Whether an IP literal lies in a CIDR; false for anything that is not an address of the CIDR's family. */
  static boolean inCidr(String address, String cidr) {
    try {
      int slash = cidr.indexOf('/');
      byte[] net = java.net.InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      if (!address.matches("[0-9a-fA-F:.]+")) {
        return false;
      }
      byte[] a = java.net.InetAddress.getByName(address).getAddress();
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      if (a.length != net.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((a[i / 8] & mask) != (net[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (java.net.UnknownHostException | RuntimeException e) {
      return false;
    }
  }

  /** Whether an IP literal is a private IPv4 address (RFC 1918). */
  static boolean privateIpv4(String address) {
    return inCidr(address, "10.0.0.0/8") || inCidr(address, "172.16.0.0/12") || inCidr(address, "192.168.0.0/16");
  }

  private boolean neutronSubnetKnown(String id) {
    return subnets.values().stream().anyMatch(s -> s.get("neutron_subnet_id").asText().equals(id));
  }

  // ------------------------------------------------------------------ load balancers

  private static boolean matchesQuery(ObjectNode o, Map<String, List<String>> query, String... fields) {
    for (String f : fields) {
      List<String> wanted = query.getOrDefault(f, List.of());
      if (!wanted.isEmpty() && !wanted.contains(o.path(f).asText(""))) {
        return false;
      }
    }
    return true;
  }

  private Result loadBalancer(
      String method, @Nullable String id, boolean statuses, Map<String, List<String>> query,
      @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        loadBalancers.values().stream()
            .filter(lb -> matchesQuery(lb, query, "description", "name", "id"))
            .forEach(lb -> a.add(renderLoadBalancer(lb)));
        return ok(200, wrap("loadbalancers", a));
      }
      if (method.equals("POST")) {
        ObjectNode req = require(body, "loadbalancer", "ELB.8902");
        String subnet = text(req, "vip_subnet_id", "ELB.8902");
        if (!neutronSubnetKnown(subnet)) {
          throw new ApiError(400, "ELB.8902", "Invalid input: vip_subnet_id " + subnet + " is not a subnet");
        }
        if (loadBalancers.size() >= loadBalancerQuota) {
          throw new ApiError(400, "ELB.9807", "Quota exceeded for resources: ['loadbalancer']");
        }
        ObjectNode lb = JSON.createObjectNode();
        String newId = newId("lb");
        lb.put("id", newId);
        lb.put("tenant_id", projectId);
        lb.put("project_id", projectId);
        lb.put("name", req.path("name").asText(""));
        lb.put("description", req.path("description").asText(""));
        lb.put("vip_subnet_id", subnet);
        lb.put("vip_port_id", newId("port"));
        lb.put("vip_address", req.hasNonNull("vip_address") ? req.get("vip_address").asText() : "192.168.0." + (10 + loadBalancers.size()));
        lb.put("provider", "vlb");
        lb.put("operating_status", "ONLINE");
        lb.put("provisioning_status", "ACTIVE");
        lb.put("admin_state_up", true);
        lb.put("enterprise_project_id", req.path("enterprise_project_id").asText("0"));
        lb.put("created_at", String.format("2026-01-01T00:00:00.%06d", sequence));
        lb.put("updated_at", "2026-01-01T00:00:00");
        loadBalancers.put(newId, lb);
        return ok(201, wrap("loadbalancer", renderLoadBalancer(lb)));
      }
      throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
    ObjectNode lb = loadBalancers.get(id);
    if (lb == null) {
      throw new ApiError(400, "ELB.1003", "Loadbalancer " + id + " does not exist");
    }
    if (statuses) {
      if (!method.equals("GET")) {
        throw new ApiError(405, "ELB.8902", "Method not allowed");
      }
      return ok(200, wrap("statuses", wrap("loadbalancer", statusTree(lb))));
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("loadbalancer", renderLoadBalancer(lb)));
      case "PUT": {
        // ELB v2 "Updating a Load Balancer" (reference B.1): name, description and admin_state_up may change; the
        // VIP and the provider may not.
        ObjectNode req = require(body, "loadbalancer", "ELB.8902");
        readOnly(req, "ELB.8902", "vip_subnet_id", "vip_address", "vip_port_id", "provider");
        copy(req, lb, "name", "description", "admin_state_up");
        return ok(200, wrap("loadbalancer", renderLoadBalancer(lb)));
      }
      case "DELETE":
        if (listeners.values().stream().anyMatch(l -> l.get("loadbalancer_id").asText().equals(id))) {
          throw new ApiError(409, "ELB.1018", "This load balancer " + id + " has listeners associated");
        }
        loadBalancers.remove(id);
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderLoadBalancer(ObjectNode lb) {
    ObjectNode o = lb.deepCopy();
    String id = lb.get("id").asText();
    o.set("listeners", refs(idsWhere(listeners, "loadbalancer_id", id)));
    o.set("pools", refs(idsWhere(pools, "loadbalancer_id", id)));
    return o;
  }

  private static List<String> idsWhere(Map<String, ObjectNode> map, String field, String value) {
    return map.values().stream()
        .filter(o -> o.path(field).asText("").equals(value))
        .map(o -> o.get("id").asText())
        .toList();
  }

  private ObjectNode statusTree(ObjectNode lb) {
    String id = lb.get("id").asText();
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id);
    t.put("name", lb.get("name").asText());
    t.put("provisioning_status", lb.get("provisioning_status").asText());
    t.put("operating_status", "ONLINE");
    ArrayNode ls = t.putArray("listeners");
    for (String lid : idsWhere(listeners, "loadbalancer_id", id)) {
      ObjectNode l = listeners.get(lid);
      ObjectNode ln = ls.addObject();
      ln.put("id", lid);
      ln.put("name", l.get("name").asText());
      ln.put("provisioning_status", "ACTIVE");
      ln.put("operating_status", "ONLINE");
      ArrayNode lp = ln.putArray("pools");
      for (String pid : idsWhere(pools, "listener_id", lid)) {
        lp.add(poolStatus(pools.get(pid)));
      }
      ln.putArray("l7policies");
    }
    ArrayNode ps = t.putArray("pools");
    for (String pid : idsWhere(pools, "loadbalancer_id", id)) {
      ps.add(poolStatus(pools.get(pid)));
    }
    return t;
  }

  private ObjectNode poolStatus(ObjectNode pool) {
    String pid = pool.get("id").asText();
    ObjectNode pn = JSON.createObjectNode();
    pn.put("id", pid);
    pn.put("name", pool.get("name").asText());
    pn.put("provisioning_status", "ACTIVE");
    pn.put("operating_status", "ONLINE");
    String hm = pool.path("healthmonitor_id").asText("");
    if (!hm.isEmpty()) {
      ObjectNode h = pn.putObject("healthmonitor");
      h.put("id", hm);
      h.put("name", monitors.get(hm).get("name").asText());
      h.put("type", monitors.get(hm).get("type").asText());
      h.put("provisioning_status", "ACTIVE");
    }
    ArrayNode ms = pn.putArray("members");
    for (String mid : idsWhere(members, "pool_id", pid)) {
      ObjectNode mem = members.get(mid);
      ObjectNode mn = ms.addObject();
      mn.put("id", mid);
      mn.put("address", mem.get("address").asText());
      mn.put("protocol_port", mem.get("protocol_port").asInt());
      mn.put("provisioning_status", "ACTIVE");
      mn.put("operating_status", hm.isEmpty() ? "NO_MONITOR" : "ONLINE");
    }
    return pn;
  }

  // ------------------------------------------------------------------ listeners

  private Result listener(
      String method, @Nullable String id, Map<String, List<String>> query, @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        List<String> lbs = query.getOrDefault("loadbalancer_id", List.of());
        ArrayNode a = JSON.createArrayNode();
        listeners.values().stream()
            .filter(l -> lbs.isEmpty() || lbs.contains(l.get("loadbalancer_id").asText()))
            .filter(l -> matchesQuery(l, query, "description", "name"))
            .forEach(l -> a.add(renderListener(l)));
        return ok(200, wrap("listeners", a));
      }
      if (method.equals("POST")) {
        ObjectNode req = require(body, "listener", "ELB.8902");
        String lbId = text(req, "loadbalancer_id", "ELB.8902");
        String protocol = text(req, "protocol", "ELB.8902");
        int port = integer(req, "protocol_port", 1, 65535, "ELB.8902");
        if (!LISTENER_PROTOCOLS.contains(protocol)) {
          throw new ApiError(400, "ELB.8902", "Invalid input for field/attribute protocol. Value: " + protocol);
        }
        if (!loadBalancers.containsKey(lbId)) {
          throw new ApiError(400, "ELB.1003", "Loadbalancer " + lbId + " does not exist");
        }
        boolean udp = protocol.equals("UDP");
        for (ObjectNode l : listeners.values()) {
          if (l.get("loadbalancer_id").asText().equals(lbId)
              && l.get("protocol_port").asInt() == port
              && l.get("protocol").asText().equals("UDP") == udp) {
            throw new ApiError(
                400, "ELB.6200", "Load balancer " + lbId + " already has a listener with protocol_port " + port);
          }
        }
        ObjectNode l = JSON.createObjectNode();
        String newId = newId("listener");
        l.put("id", newId);
        l.put("tenant_id", projectId);
        l.put("project_id", projectId);
        l.put("loadbalancer_id", lbId);
        l.put("name", req.path("name").asText(""));
        l.put("description", req.path("description").asText(""));
        l.put("protocol", protocol);
        l.put("protocol_port", port);
        l.put("connection_limit", -1);
        l.put("admin_state_up", true);
        l.put("http2_enable", req.path("http2_enable").asBoolean(false));
        l.set("default_pool_id", NullNode.getInstance());
        l.set("default_tls_container_ref", req.has("default_tls_container_ref") ? req.get("default_tls_container_ref") : NullNode.getInstance());
        l.set("sni_container_refs", req.has("sni_container_refs") ? req.get("sni_container_refs") : JSON.createArrayNode());
        l.set("insert_headers", req.has("insert_headers") ? req.get("insert_headers") : JSON.createObjectNode());
        listeners.put(newId, l);
        return ok(201, wrap("listener", renderListener(l)));
      }
      throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
    ObjectNode l = listeners.get(id);
    if (l == null) {
      throw new ApiError(400, "ELB.2011", "Listener " + id + " does not exist");
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("listener", renderListener(l)));
      case "PUT":
        ObjectNode req = require(body, "listener", "ELB.8902");
        readOnly(req, "ELB.8902", "loadbalancer_id", "protocol", "protocol_port");
        if (req.hasNonNull("default_pool_id") && !pools.containsKey(req.get("default_pool_id").asText())) {
          throw new ApiError(404, "ELB.8904", "Pool " + req.get("default_pool_id").asText() + " could not be found");
        }
        copy(req, l, "name", "description", "default_pool_id", "default_tls_container_ref", "sni_container_refs",
            "http2_enable", "connection_limit", "admin_state_up", "insert_headers");
        return ok(200, wrap("listener", renderListener(l)));
      case "DELETE":
        listeners.remove(id);
        pools.values().stream()
            .filter(p -> p.path("listener_id").asText("").equals(id))
            .forEach(p -> p.set("listener_id", NullNode.getInstance()));
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderListener(ObjectNode l) {
    ObjectNode o = l.deepCopy();
    o.remove("loadbalancer_id");
    o.set("loadbalancers", refs(List.of(l.get("loadbalancer_id").asText())));
    return o;
  }

  // ------------------------------------------------------------------ pools

  private Result pool(String method, @Nullable String id, Map<String, List<String>> query, @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        List<String> lbs = query.getOrDefault("loadbalancer_id", List.of());
        ArrayNode a = JSON.createArrayNode();
        pools.values().stream()
            .filter(p -> lbs.isEmpty() || lbs.contains(p.path("loadbalancer_id").asText("")))
            .forEach(p -> a.add(renderPool(p)));
        return ok(200, wrap("pools", a));
      }
      if (method.equals("POST")) {
        ObjectNode req = require(body, "pool", "ELB.8902");
        String protocol = text(req, "protocol", "ELB.8902");
        String algorithm = text(req, "lb_algorithm", "ELB.8902");
        if (!POOL_PROTOCOLS.contains(protocol) || !ALGORITHMS.contains(algorithm)) {
          throw new ApiError(400, "ELB.8902", "Invalid input: protocol " + protocol + ", lb_algorithm " + algorithm);
        }
        String listenerId = req.hasNonNull("listener_id") ? req.get("listener_id").asText() : null;
        String lbId = req.hasNonNull("loadbalancer_id") ? req.get("loadbalancer_id").asText() : null;
        if (listenerId == null && lbId == null) {
          throw new ApiError(400, "ELB.8902", "Invalid input: listener_id or loadbalancer_id is required");
        }
        if (listenerId != null) {
          ObjectNode l = listeners.get(listenerId);
          if (l == null) {
            throw new ApiError(400, "ELB.2011", "Listener " + listenerId + " does not exist");
          }
          if (!l.path("default_pool_id").isNull()) {
            throw new ApiError(409, "ELB.8907", "Listener " + listenerId + " already has a default pool");
          }
          lbId = l.get("loadbalancer_id").asText();
        } else if (!loadBalancers.containsKey(lbId)) {
          throw new ApiError(400, "ELB.1003", "Loadbalancer " + lbId + " does not exist");
        }
        JsonNode sp = req.get("session_persistence");
        // huawei-api-and-sdk.md B.2 (Pool): "session_persistence.type: for TCP/UDP only SOURCE_IP"; the v2 pool
        // reference keeps SOURCE_IP for layer-4 pools too: an HTTP pool takes HTTP_COOKIE or APP_COOKIE.
        if (sp != null && !sp.isNull() && protocol.equals("HTTP") && sp.path("type").asText().equals("SOURCE_IP")) {
          throw new ApiError(400, "ELB.8902", "Invalid input: session_persistence type SOURCE_IP in an HTTP pool");
        }
        ObjectNode p = JSON.createObjectNode();
        String newId = newId("pool");
        p.put("id", newId);
        p.put("tenant_id", projectId);
        p.put("project_id", projectId);
        p.put("name", req.path("name").asText(""));
        p.put("description", req.path("description").asText(""));
        p.put("protocol", protocol);
        p.put("lb_algorithm", algorithm);
        p.put("admin_state_up", true);
        p.put("loadbalancer_id", lbId);
        if (listenerId != null) {
          p.put("listener_id", listenerId);
          listeners.get(listenerId).put("default_pool_id", newId);
        } else {
          p.set("listener_id", NullNode.getInstance());
        }
        p.put("healthmonitor_id", "");
        p.set("session_persistence", req.has("session_persistence") ? req.get("session_persistence") : NullNode.getInstance());
        pools.put(newId, p);
        return ok(201, wrap("pool", renderPool(p)));
      }
      throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
    ObjectNode p = pools.get(id);
    if (p == null) {
      throw new ApiError(404, "ELB.8904", "Pool " + id + " could not be found");
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("pool", renderPool(p)));
      case "PUT":
        ObjectNode req = require(body, "pool", "ELB.8902");
        readOnly(req, "ELB.8902", "protocol", "listener_id", "loadbalancer_id");
        if (req.has("lb_algorithm") && !ALGORITHMS.contains(req.get("lb_algorithm").asText())) {
          throw new ApiError(400, "ELB.8902", "Invalid input for field/attribute lb_algorithm");
        }
        copy(req, p, "name", "description", "lb_algorithm", "session_persistence", "admin_state_up");
        return ok(200, wrap("pool", renderPool(p)));
      case "DELETE":
        pools.remove(id);
        listeners.values().stream()
            .filter(l -> l.path("default_pool_id").asText("").equals(id))
            .forEach(l -> l.set("default_pool_id", NullNode.getInstance()));
        members.values().removeIf(m -> m.get("pool_id").asText().equals(id));
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderPool(ObjectNode p) {
    ObjectNode o = p.deepCopy();
    o.remove("loadbalancer_id");
    o.remove("listener_id");
    o.set("loadbalancers", refs(List.of(p.get("loadbalancer_id").asText())));
    o.set("listeners", refs(p.path("listener_id").isNull() ? List.of() : List.of(p.get("listener_id").asText())));
    o.set("members", refs(idsWhere(members, "pool_id", p.get("id").asText())));
    return o;
  }

  // ------------------------------------------------------------------ per-operation limits

  /**
   * Enforces the documented limit of ELB v2 member creation on the given clock: "POST
   * /v2/{project_id}/elb/pools/{pool_id}/members ... can be called at most 200 times per minute" (ELB API
   * reference; reference section D, "v2 member creation"). A call over it is answered as the API gateway answers
   * throttling: 429 with {@code APIG.0308} ("The throttling threshold has been reached: policy user over
   * ratelimit,limit:XX,time:1 minute", reference section B, throttling). Off unless a test turns it on, because
   * only a test that drives time through this clock can honour it.
   *
   * @param calls the calls allowed in any window (200 as documented)
   * @param period the window (one minute as documented)
   * @param nanoClock the clock the window counts on
   */
  synchronized void limitMemberCreation(int calls, java.time.Duration period, java.util.function.LongSupplier nanoClock) {
    memberCreationLimit.set(calls, period, nanoClock);
  }

  /**
   * Returns how many member creations were answered 429 by {@link #limitMemberCreation}.
   *
   * @return the count
   */
  synchronized int throttledMemberCreations() {
    return memberCreationLimit.refused;
  }

  /** A sliding window of admitted calls of one operation. */
  private static final class OperationThrottle {
    private int calls;
    private long periodNanos;
    private java.util.function.@Nullable LongSupplier clock;
    private final java.util.ArrayDeque<Long> admitted = new java.util.ArrayDeque<>();
    private int refused;

    void set(int calls, java.time.Duration period, java.util.function.LongSupplier clock) {
      this.calls = calls;
      this.periodNanos = period.toNanos();
      this.clock = clock;
      admitted.clear();
    }

    void admit() {
      if (clock == null) {
        return;
      }
      long now = clock.getAsLong();
      while (!admitted.isEmpty() && admitted.peekFirst() + periodNanos <= now) {
        admitted.pollFirst();
      }
      if (admitted.size() >= calls) {
        refused++;
        throw new ApiError(429, "APIG.0308", "The throttling threshold has been reached: policy user over ratelimit,"
            + "limit:" + calls + ",time:" + (periodNanos / 60_000_000_000L) + " minute");
      }
      admitted.addLast(now);
    }
  }

  // ------------------------------------------------------------------ members

  private Result member(String method, String poolId, @Nullable String id, @Nullable JsonNode body) {
    if (!pools.containsKey(poolId)) {
      throw new ApiError(404, "ELB.8904", "Pool " + poolId + " could not be found");
    }
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        for (String mid : idsWhere(members, "pool_id", poolId)) {
          a.add(renderMember(members.get(mid)));
        }
        return ok(200, wrap("members", a));
      }
      if (method.equals("POST")) {
        memberCreationLimit.admit();
        ObjectNode req = require(body, "member", "ELB.8902");
        String address = text(req, "address", "ELB.8902");
        int port = integer(req, "protocol_port", 1, 65535, "ELB.8902");
        String subnet = text(req, "subnet_id", "ELB.8902");
        int weight = req.has("weight") ? integer(req, "weight", 0, 100, "ELB.8902") : 1;
        if (!neutronSubnetKnown(subnet)) {
          throw new ApiError(400, "ELB.8902", "Invalid input: subnet_id " + subnet + " is not a subnet");
        }
        requireAddressInSubnet(address, subnet, "subnet_id");
        for (ObjectNode m : members.values()) {
          if (m.get("pool_id").asText().equals(poolId)
              && m.get("address").asText().equals(address)
              && m.get("protocol_port").asInt() == port) {
            throw new ApiError(409, null, "Member " + address + ":" + port + " already exists in the pool");
          }
        }
        ObjectNode m = JSON.createObjectNode();
        String newId = newId("member");
        m.put("id", newId);
        m.put("tenant_id", projectId);
        m.put("project_id", projectId);
        m.put("pool_id", poolId);
        m.put("name", req.path("name").asText(""));
        m.put("address", address);
        m.put("protocol_port", port);
        m.put("subnet_id", subnet);
        m.put("weight", weight);
        m.put("admin_state_up", true);
        m.put("operating_status", "NO_MONITOR");
        members.put(newId, m);
        return ok(201, wrap("member", renderMember(m)));
      }
      throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
    ObjectNode m = members.get(id);
    if (m == null || !m.get("pool_id").asText().equals(poolId)) {
      throw new ApiError(404, "ELB.8904", "Member " + id + " could not be found");
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("member", renderMember(m)));
      case "PUT":
        ObjectNode req = require(body, "member", "ELB.8902");
        readOnly(req, "ELB.8902", "address", "protocol_port", "subnet_id");
        if (req.has("weight")) {
          integer(req, "weight", 0, 100, "ELB.8902");
        }
        copy(req, m, "name", "weight", "admin_state_up");
        return ok(200, wrap("member", renderMember(m)));
      case "DELETE":
        members.remove(id);
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderMember(ObjectNode m) {
    ObjectNode o = m.deepCopy();
    o.remove("pool_id");
    return o;
  }

  // ------------------------------------------------------------------ health monitors

  private Result monitor(String method, @Nullable String id, @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        monitors.values().forEach(h -> a.add(renderMonitor(h)));
        return ok(200, wrap("healthmonitors", a));
      }
      if (method.equals("POST")) {
        ObjectNode req = require(body, "healthmonitor", "ELB.8902");
        String poolId = text(req, "pool_id", "ELB.8902");
        String type = text(req, "type", "ELB.8902");
        if (!MONITOR_TYPES.contains(type)) {
          throw new ApiError(400, "ELB.8902", "Invalid input for field/attribute type. Value: " + type);
        }
        integer(req, "delay", 1, 50, "ELB.8902");
        integer(req, "timeout", 1, 50, "ELB.8902");
        integer(req, "max_retries", 1, 10, "ELB.8902");
        ObjectNode pool = pools.get(poolId);
        if (pool == null) {
          throw new ApiError(404, "ELB.8904", "Pool " + poolId + " could not be found");
        }
        if (!pool.path("healthmonitor_id").asText("").isEmpty()) {
          throw new ApiError(409, "ELB.8907", "Pool " + poolId + " already has a healthmonitor");
        }
        ObjectNode h = JSON.createObjectNode();
        String newId = newId("hm");
        h.put("id", newId);
        h.put("tenant_id", projectId);
        h.put("project_id", projectId);
        h.put("admin_state_up", true);
        h.put("name", req.path("name").asText(""));
        copy(req, h, "type", "delay", "timeout", "max_retries", "monitor_port", "url_path", "expected_codes",
            "http_method", "domain_name");
        h.put("pool_id", poolId);
        pool.put("healthmonitor_id", newId);
        monitors.put(newId, h);
        return ok(201, wrap("healthmonitor", renderMonitor(h)));
      }
      throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
    ObjectNode h = monitors.get(id);
    if (h == null) {
      throw new ApiError(404, "ELB.8904", "Healthmonitor " + id + " could not be found");
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("healthmonitor", renderMonitor(h)));
      case "PUT":
        ObjectNode req = require(body, "healthmonitor", "ELB.8902");
        readOnly(req, "ELB.8902", "pool_id");
        copy(req, h, "name", "type", "delay", "timeout", "max_retries", "monitor_port", "url_path",
            "expected_codes", "http_method", "domain_name", "admin_state_up");
        return ok(200, wrap("healthmonitor", renderMonitor(h)));
      case "DELETE":
        monitors.remove(id);
        ObjectNode pool = pools.get(h.get("pool_id").asText());
        if (pool != null) {
          pool.put("healthmonitor_id", "");
        }
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderMonitor(ObjectNode h) {
    ObjectNode o = h.deepCopy();
    o.remove("pool_id");
    o.set("pools", refs(List.of(h.get("pool_id").asText())));
    return o;
  }

  // ------------------------------------------------------------------ EIPs

  private Result publicIp(String method, @Nullable String id, Map<String, List<String>> query, @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        List<String> ports = query.getOrDefault("port_id", List.of());
        ArrayNode a = JSON.createArrayNode();
        publicIps.values().stream()
            .filter(e -> ports.isEmpty() || ports.contains(e.path("port_id").asText("")))
            .forEach(e -> a.add(e.deepCopy()));
        return ok(200, wrap("publicips", a));
      }
      if (method.equals("POST")) {
        ObjectNode ip = require(body, "publicip", "VPC.0002");
        ObjectNode bw = require(body, "bandwidth", "VPC.0002");
        String type = text(ip, "type", "VPC.0002");
        String name = text(bw, "name", "VPC.0002");
        int size = integer(bw, "size", 1, 2000, "VPC.0002");
        String share = text(bw, "share_type", "VPC.0002");
        if (!share.equals("PER") && !share.equals("WHOLE")) {
          throw new ApiError(400, "VPC.0002", "share_type must be PER or WHOLE");
        }
        if (publicIps.size() >= publicIpQuota) {
          throw new ApiError(409, "VPC.0521", "Quota exceeded for resources: ['floatingip']");
        }
        ObjectNode e = JSON.createObjectNode();
        String newId = newId("eip");
        e.put("id", newId);
        e.put("status", "DOWN");
        e.put("type", type);
        e.put("public_ip_address", "203.0.113." + (publicIps.size() + 10));
        e.put("ip_version", 4);
        e.put("bandwidth_id", newId("bw"));
        e.put("bandwidth_name", name);
        e.put("bandwidth_size", size);
        e.put("bandwidth_share_type", share);
        e.put("tenant_id", projectId);
        e.put("create_time", "2026-01-01 10:00:00");
        e.put("enterprise_project_id", body.path("enterprise_project_id").asText("0"));
        if (ip.hasNonNull("alias")) {
          if (!ip.get("alias").asText().matches("[A-Za-z0-9_.-]{0,64}")) {
            throw new ApiError(400, "VPC.0002", "Invalid alias: letters, digits, '_', '-' and '.' only, up to 64");
          }
          e.put("alias", ip.get("alias").asText());
        }
        e.put("charge_mode", bw.path("charge_mode").asText("bandwidth"));
        publicIps.put(newId, e);
        ObjectNode answer = e.deepCopy();
        answer.remove(List.of("bandwidth_id", "bandwidth_name", "bandwidth_share_type", "charge_mode"));
        return ok(200, wrap("publicip", answer));
      }
      throw new ApiError(405, "VPC.0002", "Method not allowed");
    }
    ObjectNode e = publicIps.get(id);
    if (e == null) {
      throw new ApiError(404, "VPC.0504", "Floating IP could not be found.");
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("publicip", e.deepCopy()));
      case "PUT":
        ObjectNode req = require(body, "publicip", "VPC.0002");
        String port = req.path("port_id").asText("");
        // Reference B.4: no or an empty port_id unbinds, whatever else the PUT changes.
        if (port.isEmpty()) {
          unbindIp(e);
        } else {
          bindIp(e, port);
        }
        if (req.has("alias")) {
          String alias = req.path("alias").asText("");
          if (!alias.matches("[A-Za-z0-9_.-]{0,64}")) {
            throw new ApiError(400, "VPC.0002", "Invalid alias: letters, digits, '_', '-' and '.' only, up to 64");
          }
          if (alias.isEmpty()) {
            e.remove("alias");
          } else {
            e.put("alias", alias);
          }
        }
        return ok(200, wrap("publicip", e.deepCopy()));
      case "DELETE":
        if (!e.path("port_id").asText("").isEmpty()) {
          throw new ApiError(409, "VPC.0517", "The EIP " + id + " is bound to a port; unbind it first");
        }
        publicIps.remove(id);
        return ok(204, null);
      default:
        throw new ApiError(405, "VPC.0002", "Method not allowed");
    }
  }

  private void bindIp(ObjectNode e, String port) {
    String current = e.path("port_id").asText("");
    if (!current.isEmpty() && !current.equals(port)) {
      throw new ApiError(409, "VPC.0510", "The EIP is already associated with port " + current);
    }
    for (ObjectNode other : publicIps.values()) {
      if (other != e && other.path("port_id").asText("").equals(port)) {
        throw new ApiError(409, "VPC.0511", "Port " + port + " already has an EIP");
      }
    }
    e.put("port_id", port);
    e.put("status", "ACTIVE");
    e.put("private_ip_address", "192.168.0.10");
  }

  private static void unbindIp(ObjectNode e) {
    e.remove("port_id");
    e.remove("private_ip_address");
    e.remove("associate_instance_type");
    e.put("status", "DOWN");
  }

  private Result associate(String id, boolean associate, @Nullable JsonNode body) {
    ObjectNode e = publicIps.get(id);
    if (e == null) {
      throw new ApiError(404, "VPC.0504", "Floating IP could not be found.");
    }
    if (associate) {
      ObjectNode req = require(body, "publicip", "VPC.0002");
      String type = text(req, "associate_instance_type", "VPC.0002");
      String instance = text(req, "associate_instance_id", "VPC.0002");
      bindIp(e, instance);
      e.put("associate_instance_type", type);
    } else {
      unbindIp(e);
    }
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode ip = answer.putObject("publicip");
    ip.put("id", id);
    ip.put("public_ip_address", e.get("public_ip_address").asText());
    if (associate) {
      ip.put("associate_instance_type", e.get("associate_instance_type").asText());
      ip.put("associate_instance_id", e.get("port_id").asText());
    }
    answer.put("request_id", String.format("%032x", sequence));
    return ok(200, answer);
  }

  // ------------------------------------------------------------------ dedicated ELB (v3)

  private static final Set<String> V3_LISTENER_PROTOCOLS = Set.of("TCP", "UDP", "HTTP", "HTTPS");
  private static final Set<String> V3_POOL_PROTOCOLS = Set.of("TCP", "UDP", "HTTP", "HTTPS");
  private static final Set<String> V3_MONITOR_TYPES = Set.of("TCP", "UDP_CONNECT", "HTTP", "HTTPS");

  private static ApiError notFound(String what, String id) {
    return new ApiError(404, "ELB.8904", what + " " + id + " could not be found");
  }

  private static ApiError invalid(String message) {
    return new ApiError(400, "ELB.8902", "Invalid input: " + message);
  }

  // ------------------------------------------------------------------ paging and project-wide lists

  /** The list answers that page, by the key of their array. */
  private static final Set<String> LISTS =
      Set.of("loadbalancers", "listeners", "pools", "members", "healthmonitors", "publicips", "ipgroups");

  /**
   * Pages a list answer after its filters, as the API references describe:
   * <ul>
   *   <li>all lists: records in the order of their ids; {@code marker} is the id of the last record of the previous
   *       page and the page starts after it; at most {@code limit} records ("Querying Data in Pages", ELB
   *       elb_qs_0014: "set marker to the ID of the last load balancer on the previous page"); an unknown marker is
   *       invalid input (v3 ListLoadBalancers: marker "cannot be empty or an invalid ID");</li>
   *   <li>ELB v2: without {@code limit} the list is not paged (v2 ListLoadbalancers: "if not set, all are
   *       queried without paging");</li>
   *   <li>ELB v3: {@code limit} 0-2000, default 2000 (v3 ListLoadBalancers and the other list calls), and the
   *       answer carries {@code page_info{previous_marker,next_marker,current_count}} (reference B.2);</li>
   *   <li>EIP v1 and v3: {@code limit} 0-2000, default 2000 (EIP API "Querying EIPs": "The value is from 0 to
   *       2000. The default value is 2000").</li>
   * </ul>
   */
  private Result paged(String method, String path, Map<String, List<String>> query, Result r) {
    if (!method.equals("GET") || !(r.body instanceof ObjectNode o) || r.status != 200) {
      return r;
    }
    String key = null;
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (LISTS.contains(f) && o.get(f).isArray()) {
        key = f;
      }
    }
    if (key == null) {
      return r;
    }
    boolean v3Elb = path.startsWith("/v3/" + projectId + "/elb/");
    boolean v2Elb = path.startsWith("/v2/" + projectId + "/elb/");
    String limitText = query.getOrDefault("limit", List.of()).stream().findFirst().orElse(null);
    String marker = query.getOrDefault("marker", List.of()).stream().findFirst().orElse(null);
    int limit;
    if (limitText == null) {
      limit = v2Elb ? Integer.MAX_VALUE : 2000;
    } else {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw new ApiError(400, v2Elb || v3Elb ? "ELB.8902" : "VPC.0002", "Invalid input: limit " + limitText);
      }
      if (limit < 0 || (!v2Elb && limit > 2000)) {
        throw new ApiError(400, v2Elb || v3Elb ? "ELB.8902" : "VPC.0002",
            "Invalid input: limit " + limit + " is out of range 0-2000");
      }
    }
    List<JsonNode> all = new ArrayList<>();
    o.get(key).forEach(all::add);
    int from = 0;
    if (marker != null) {
      from = -1;
      for (int i = 0; i < all.size(); i++) {
        if (marker.equals(all.get(i).path("id").asText())) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw new ApiError(400, v2Elb || v3Elb ? "ELB.8902" : "VPC.0002", "Invalid input: marker " + marker);
      }
    }
    ArrayNode page = JSON.createArrayNode();
    for (int i = from; i < all.size() && page.size() < limit; i++) {
      page.add(all.get(i));
    }
    o.set(key, page);
    if (v3Elb) {
      ObjectNode info = o.putObject("page_info");
      info.put("current_count", page.size());
      if (!page.isEmpty()) {
        info.put("previous_marker", page.get(0).path("id").asText());
        info.put("next_marker", page.get(page.size() - 1).path("id").asText());
      }
    }
    return r;
  }

  /** {@code GET /v3/{project_id}/elb/members}: every member of the project (reference B.2). */
  private Result allMembers(Map<String, List<String>> query) {
    ArrayNode a = JSON.createArrayNode();
    v3Members.values().stream().filter(m -> matchesQuery(m, query, "pool_id", "id", "address"))
        .forEach(m -> a.add(m.deepCopy()));
    return ok(200, wrap("members", a));
  }

  private Result v3(String method, String path, Map<String, List<String>> query, @Nullable JsonNode body) {
    Matcher m;
    if ((m = match("/loadbalancers(?:/([^/]+))?(/statuses)?", path)) != null) {
      return v3LoadBalancer(method, m.group(1), m.group(2) != null, query, body);
    }
    if ((m = match("/listeners(?:/([^/]+))?", path)) != null) {
      return v3Listener(method, m.group(1), query, body);
    }
    if (match("/members", path) != null && method.equals("GET")) {
      return allMembers(query);
    }
    if ((m = match("/pools/([^/]+)/members/(batch-add|batch-delete)", path)) != null && method.equals("POST")) {
      return v3Batch(m.group(1), m.group(2).equals("batch-add"), body);
    }
    if ((m = match("/pools/([^/]+)/members(?:/([^/]+))?", path)) != null) {
      return v3Member(method, m.group(1), m.group(2));
    }
    if ((m = match("/pools(?:/([^/]+))?", path)) != null) {
      return v3Pool(method, m.group(1), query, body);
    }
    if ((m = match("/healthmonitors(?:/([^/]+))?", path)) != null) {
      return v3Monitor(method, m.group(1), query, body);
    }
    if ((m = match("/ipgroups(?:/([^/]+))?", path)) != null) {
      return v3IpGroup(method, m.group(1), query, body);
    }
    if (match("/flavors", path) != null && method.equals("GET")) {
      ArrayNode a = JSON.createArrayNode();
      flavors.values().stream().filter(f -> matchesQuery(f, query, "name", "type", "id")).forEach(a::add);
      return ok(200, wrap("flavors", a));
    }
    throw new ApiError(404, "APIGW.0101", "The API does not exist or has not been published in the environment");
  }

  private boolean vpcSubnetKnown(String id) {
    return subnets.containsKey(id);
  }

  private Result v3LoadBalancer(
      String method, @Nullable String id, boolean statuses, Map<String, List<String>> query,
      @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        v3LoadBalancers.values().stream()
            .filter(lb -> matchesQuery(lb, query, "description", "name", "id"))
            .forEach(lb -> a.add(renderV3LoadBalancer(lb)));
        return ok(200, wrap("loadbalancers", a));
      }
      if (!method.equals("POST")) {
        throw new ApiError(405, "ELB.8902", "Method not allowed");
      }
      ObjectNode req = require(body, "loadbalancer", "ELB.8902");
      JsonNode azs = req.get("availability_zone_list");
      if (azs == null || !azs.isArray() || azs.isEmpty()) {
        throw invalid("availability_zone_list is required");
      }
      String vipSubnet = req.path("vip_subnet_cidr_id").asText(null);
      if (vipSubnet == null && !req.hasNonNull("ipv6_vip_virsubnet_id") && !req.hasNonNull("vpc_id")) {
        throw invalid("one of vpc_id, vip_subnet_cidr_id and ipv6_vip_virsubnet_id is required");
      }
      if (vipSubnet != null && !neutronSubnetKnown(vipSubnet)) {
        throw invalid("vip_subnet_cidr_id " + vipSubnet + " is not a neutron subnet");
      }
      for (JsonNode n : req.path("elb_virsubnet_ids")) {
        if (!vpcSubnetKnown(n.asText())) {
          throw invalid("elb_virsubnet_ids holds " + n.asText() + ", which is not a network (VPC subnet) id");
        }
      }
      for (String f : List.of("l4_flavor_id", "l7_flavor_id")) {
        if (req.hasNonNull(f) && !flavors.containsKey(req.get(f).asText())) {
          throw invalid(f + " " + req.get(f).asText() + " is not a flavor");
        }
      }
      if (req.has("publicip") && req.has("publicip_ids")) {
        throw invalid("publicip and publicip_ids are mutually exclusive");
      }
      if (!req.path("guaranteed").asBoolean(true)) {
        throw invalid("guaranteed must be true");
      }
      if (v3LoadBalancers.size() >= loadBalancerQuota) {
        throw new ApiError(409, "ELB.8905", "Quota exceeded for resources: ['loadbalancer']");
      }
      String port = newId("port");
      ObjectNode ip = null;
      if (req.hasNonNull("publicip_ids")) {
        String eipId = req.get("publicip_ids").path(0).asText();
        ip = publicIps.get(eipId);
        if (ip == null) {
          throw invalid("publicip_ids holds " + eipId + ", which is not an EIP");
        }
        if (!ip.path("port_id").asText("").isEmpty()) {
          throw new ApiError(409, "ELB.8907", "EIP " + eipId + " is already bound");
        }
      }
      ObjectNode lb = JSON.createObjectNode();
      String newId = newId("lb");
      lb.put("id", newId);
      lb.put("project_id", projectId);
      lb.put("name", req.path("name").asText(""));
      lb.put("description", req.path("description").asText(""));
      lb.set("availability_zone_list", azs);
      if (vipSubnet != null) {
        lb.put("vip_subnet_cidr_id", vipSubnet);
        lb.put("vip_address", req.hasNonNull("vip_address") ? req.get("vip_address").asText()
            : "192.168.1." + (10 + v3LoadBalancers.size()));
        lb.put("vip_port_id", port);
      } else {
        lb.put("vip_address", "");
        lb.put("vip_port_id", "");
      }
      if (req.hasNonNull("ipv6_vip_virsubnet_id")) {
        lb.put("ipv6_vip_virsubnet_id", req.get("ipv6_vip_virsubnet_id").asText());
        lb.put("ipv6_vip_address", "2001:db8::" + Integer.toHexString(10 + v3LoadBalancers.size()));
        lb.put("ipv6_vip_port_id", newId("port6"));
      }
      lb.set("elb_virsubnet_ids", req.has("elb_virsubnet_ids") ? req.get("elb_virsubnet_ids")
          : JSON.createArrayNode());
      copy(req, lb, "l4_flavor_id", "l7_flavor_id");
      lb.put("ip_target_enable", req.path("ip_target_enable").asBoolean(false));
      lb.set("tags", req.has("tags") ? req.get("tags") : JSON.createArrayNode());
      lb.put("enterprise_project_id", req.path("enterprise_project_id").asText("0"));
      lb.put("guaranteed", true);
      lb.put("provider", "vlb");
      lb.put("operating_status", "ONLINE");
      lb.put("provisioning_status", "ACTIVE");
      lb.put("admin_state_up", true);
      lb.put("created_at", String.format("2026-01-01T00:00:00.%06dZ", sequence));
      v3LoadBalancers.put(newId, lb);
      String bindTo = vipSubnet != null ? port : lb.path("ipv6_vip_port_id").asText();
      if (ip != null) {
        bindIp(ip, bindTo);
      } else if (req.hasNonNull("publicip")) {
        ObjectNode pub = (ObjectNode) req.get("publicip");
        ObjectNode bw = pub.path("bandwidth") instanceof ObjectNode b ? b : null;
        if (bw == null || !bw.hasNonNull("name") || !bw.hasNonNull("size") || !pub.hasNonNull("network_type")) {
          throw invalid("publicip needs network_type and bandwidth{name,size,charge_mode,share_type}");
        }
        if (publicIps.size() >= publicIpQuota) {
          throw new ApiError(409, "ELB.8905", "Quota exceeded for resources: ['floatingip']");
        }
        ObjectNode e = JSON.createObjectNode();
        String eipId = newId("eip");
        e.put("id", eipId);
        e.put("type", pub.get("network_type").asText());
        e.put("public_ip_address", "203.0.113." + (publicIps.size() + 10));
        e.put("ip_version", 4);
        e.put("bandwidth_name", bw.get("name").asText());
        e.put("bandwidth_size", bw.get("size").asInt());
        e.put("bandwidth_share_type", bw.path("share_type").asText("PER"));
        e.put("tenant_id", projectId);
        e.put("create_time", "2026-01-01 10:00:00");
        if (pub.hasNonNull("description")) {
          e.put("description", pub.get("description").asText());
        }
        e.put("created_with_loadbalancer", newId);
        publicIps.put(eipId, e);
        bindIp(e, bindTo);
      }
      return ok(201, wrap("loadbalancer", renderV3LoadBalancer(lb)));
    }
    ObjectNode lb = v3LoadBalancers.get(id);
    if (lb == null) {
      throw notFound("Loadbalancer", id);
    }
    if (statuses) {
      return ok(200, wrap("statuses", wrap("loadbalancer", v3StatusTree(lb))));
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("loadbalancer", renderV3LoadBalancer(lb)));
      case "PUT":
        ObjectNode req = require(body, "loadbalancer", "ELB.8902");
        readOnly(req, "ELB.8902", "vip_subnet_cidr_id", "availability_zone_list");
        copy(req, lb, "name", "description", "ip_target_enable", "l4_flavor_id", "l7_flavor_id");
        return ok(200, wrap("loadbalancer", renderV3LoadBalancer(lb)));
      case "DELETE":
        if (v3Listeners.values().stream().anyMatch(l -> l.get("loadbalancer_id").asText().equals(id))) {
          throw new ApiError(409, "ELB.8907", "Loadbalancer " + id + " still has listeners");
        }
        v3LoadBalancers.remove(id);
        // Reference D, "Dedicated LB delete and EIPs": unbinding the EIPs is documented for the forced (cascade)
        // delete only; "for a plain delete, unbind what must survive (a user's EIP) first through EIP v3
        // disassociate-instance". So a plain delete leaves an EIP it did not create (bound through publicip_ids,
        // B.2, or associated later, B.4) bound to the deleted instance. The EIP created inline with the load
        // balancer (publicip, B.2) is the load balancer's own: the docs say nothing of it on a plain delete, and
        // it is released from the gone instance here, so that its owner can delete it afterwards.
        for (ObjectNode e : publicIps.values()) {
          String p = e.path("port_id").asText("");
          if (!p.isEmpty() && (p.equals(lb.path("vip_port_id").asText()) || p.equals(lb.path("ipv6_vip_port_id").asText()))
              && id.equals(e.path("created_with_loadbalancer").asText(""))) {
            unbindIp(e);
          }
        }
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderV3LoadBalancer(ObjectNode lb) {
    ObjectNode o = lb.deepCopy();
    String id = lb.get("id").asText();
    o.set("listeners", refs(idsWhere(v3Listeners, "loadbalancer_id", id)));
    o.set("pools", refs(idsWhere(v3Pools, "loadbalancer_id", id)));
    ArrayNode eips = o.putArray("eips");
    ArrayNode pubs = o.putArray("publicips");
    String port = lb.path("vip_port_id").asText("");
    String port6 = lb.path("ipv6_vip_port_id").asText("");
    for (ObjectNode e : publicIps.values()) {
      String p = e.path("port_id").asText("");
      if (!p.isEmpty() && (p.equals(port) || p.equals(port6))) {
        eips.addObject().put("eip_id", e.get("id").asText()).put("eip_address", e.get("public_ip_address").asText())
            .put("ip_version", 4);
        pubs.addObject().put("publicip_id", e.get("id").asText())
            .put("publicip_address", e.get("public_ip_address").asText()).put("ip_version", 4);
      }
    }
    return o;
  }

  private ObjectNode v3StatusTree(ObjectNode lb) {
    String id = lb.get("id").asText();
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id);
    t.put("name", lb.get("name").asText());
    t.put("provisioning_status", lb.get("provisioning_status").asText());
    t.put("operating_status", "ONLINE");
    ArrayNode ls = t.putArray("listeners");
    for (String lid : idsWhere(v3Listeners, "loadbalancer_id", id)) {
      ObjectNode ln = ls.addObject();
      ln.put("id", lid);
      ln.put("name", v3Listeners.get(lid).get("name").asText());
      ln.put("provisioning_status", "ACTIVE");
      ln.put("operating_status", "ONLINE");
      ArrayNode lp = ln.putArray("pools");
      for (String pid : idsWhere(v3Pools, "listener_id", lid)) {
        lp.add(v3PoolStatus(v3Pools.get(pid)));
      }
    }
    ArrayNode ps = t.putArray("pools");
    for (String pid : idsWhere(v3Pools, "loadbalancer_id", id)) {
      ps.add(v3PoolStatus(v3Pools.get(pid)));
    }
    return t;
  }

  private ObjectNode v3PoolStatus(ObjectNode pool) {
    String pid = pool.get("id").asText();
    ObjectNode pn = JSON.createObjectNode();
    pn.put("id", pid);
    pn.put("name", pool.get("name").asText());
    pn.put("provisioning_status", "ACTIVE");
    pn.put("operating_status", "ONLINE");
    String hm = pool.path("healthmonitor_id").asText("");
    if (!hm.isEmpty()) {
      ObjectNode h = pn.putObject("healthmonitor");
      h.put("id", hm);
      h.put("type", v3Monitors.get(hm).get("type").asText());
      h.put("provisioning_status", "ACTIVE");
    }
    ArrayNode ms = pn.putArray("members");
    for (String mid : idsWhere(v3Members, "pool_id", pid)) {
      ObjectNode mem = v3Members.get(mid);
      ms.addObject().put("id", mid).put("address", mem.get("address").asText())
          .put("protocol_port", mem.get("protocol_port").asInt()).put("provisioning_status", "ACTIVE")
          .put("operating_status", hm.isEmpty() ? "NO_MONITOR" : "ONLINE");
    }
    return pn;
  }

  private Result v3Listener(String method, @Nullable String id, Map<String, List<String>> query,
      @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        v3Listeners.values().stream()
            .filter(l -> matchesQuery(l, query, "loadbalancer_id", "description", "name", "id"))
            .forEach(l -> a.add(renderListener(l)));
        return ok(200, wrap("listeners", a));
      }
      if (!method.equals("POST")) {
        throw new ApiError(405, "ELB.8902", "Method not allowed");
      }
      ObjectNode req = require(body, "listener", "ELB.8902");
      String lbId = text(req, "loadbalancer_id", "ELB.8902");
      String protocol = text(req, "protocol", "ELB.8902");
      int port = integer(req, "protocol_port", 1, 65535, "ELB.8902");
      if (!V3_LISTENER_PROTOCOLS.contains(protocol)) {
        throw invalid("protocol " + protocol);
      }
      if (!v3LoadBalancers.containsKey(lbId)) {
        throw notFound("Loadbalancer", lbId);
      }
      if (protocol.equals("HTTPS") && !req.hasNonNull("default_tls_container_ref")) {
        throw invalid("an HTTPS listener needs default_tls_container_ref");
      }
      boolean udp = protocol.equals("UDP");
      for (ObjectNode l : v3Listeners.values()) {
        if (l.get("loadbalancer_id").asText().equals(lbId) && l.get("protocol_port").asInt() == port
            && l.get("protocol").asText().equals("UDP") == udp) {
          throw new ApiError(409, "ELB.8907", "Load balancer " + lbId + " already has a listener on port " + port);
        }
      }
      checkV3ListenerOptions(req, protocol);
      ObjectNode l = JSON.createObjectNode();
      String newId = newId("listener");
      l.put("id", newId);
      l.put("project_id", projectId);
      l.put("loadbalancer_id", lbId);
      l.put("name", req.path("name").asText(""));
      l.put("description", req.path("description").asText(""));
      l.put("protocol", protocol);
      l.put("protocol_port", port);
      l.put("admin_state_up", true);
      l.put("http2_enable", req.path("http2_enable").asBoolean(false));
      boolean l7 = protocol.startsWith("HTTP");
      l.put("keepalive_timeout", req.path("keepalive_timeout").asInt(l7 ? 60 : 300));
      if (l7) {
        l.put("client_timeout", req.path("client_timeout").asInt(60));
        l.put("member_timeout", req.path("member_timeout").asInt(60));
      }
      l.put("transparent_client_ip_enable", req.path("transparent_client_ip_enable").asBoolean(!l7));
      l.set("default_pool_id", NullNode.getInstance());
      l.set("default_tls_container_ref", req.has("default_tls_container_ref")
          ? req.get("default_tls_container_ref") : NullNode.getInstance());
      l.set("sni_container_refs", req.has("sni_container_refs") ? req.get("sni_container_refs")
          : JSON.createArrayNode());
      l.set("insert_headers", req.has("insert_headers") ? req.get("insert_headers") : JSON.createObjectNode());
      l.set("ipgroup", req.has("ipgroup") ? req.get("ipgroup") : NullNode.getInstance());
      v3Listeners.put(newId, l);
      return ok(201, wrap("listener", renderListener(l)));
    }
    ObjectNode l = v3Listeners.get(id);
    if (l == null) {
      throw notFound("Listener", id);
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("listener", renderListener(l)));
      case "PUT":
        ObjectNode req = require(body, "listener", "ELB.8902");
        readOnly(req, "ELB.8902", "loadbalancer_id", "protocol", "protocol_port");
        checkV3ListenerOptions(req, l.get("protocol").asText());
        copy(req, l, "name", "description", "default_pool_id", "default_tls_container_ref", "sni_container_refs",
            "http2_enable", "admin_state_up", "keepalive_timeout", "client_timeout", "member_timeout",
            "transparent_client_ip_enable");
        if (req.has("insert_headers")) {
          ((ObjectNode) l.get("insert_headers")).setAll((ObjectNode) req.get("insert_headers"));
        }
        if (req.has("ipgroup")) {
          l.set("ipgroup", req.get("ipgroup"));
        }
        return ok(200, wrap("listener", renderListener(l)));
      case "DELETE":
        if (!l.path("default_pool_id").isNull()) {
          throw new ApiError(409, "ELB.8907", "Listener " + id + " still has a default pool");
        }
        v3Listeners.remove(id);
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private void checkV3ListenerOptions(ObjectNode req, String protocol) {
    boolean l7 = protocol.startsWith("HTTP");
    if (req.hasNonNull("keepalive_timeout")) {
      integer(req, "keepalive_timeout", l7 ? 0 : 10, 4000, "ELB.8902");
    }
    for (String f : List.of("client_timeout", "member_timeout")) {
      if (req.hasNonNull(f)) {
        if (!l7) {
          throw invalid(f + " is for HTTP and HTTPS listeners");
        }
        integer(req, f, 1, 300, "ELB.8902");
      }
    }
    if (req.hasNonNull("http2_enable") && req.get("http2_enable").asBoolean() && !protocol.equals("HTTPS")) {
      throw invalid("http2_enable is for HTTPS listeners");
    }
    JsonNode g = req.get("ipgroup");
    if (g != null && !g.isNull()) {
      String gid = g.path("ipgroup_id").asText("");
      if (!ipGroups.containsKey(gid)) {
        throw notFound("Ipgroup", gid);
      }
      String type = g.path("type").asText("white");
      if (!type.equals("white") && !type.equals("black")) {
        throw invalid("ipgroup type " + type);
      }
    }
  }

  private Result v3Pool(String method, @Nullable String id, Map<String, List<String>> query, @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        v3Pools.values().stream().filter(p -> matchesQuery(p, query, "loadbalancer_id", "id"))
            .forEach(p -> a.add(renderV3Pool(p)));
        return ok(200, wrap("pools", a));
      }
      if (!method.equals("POST")) {
        throw new ApiError(405, "ELB.8902", "Method not allowed");
      }
      ObjectNode req = require(body, "pool", "ELB.8902");
      String protocol = text(req, "protocol", "ELB.8902");
      String algorithm = text(req, "lb_algorithm", "ELB.8902");
      if (!V3_POOL_PROTOCOLS.contains(protocol) || !ALGORITHMS.contains(algorithm)) {
        throw invalid("protocol " + protocol + ", lb_algorithm " + algorithm);
      }
      String listenerId = text(req, "listener_id", "ELB.8902");
      ObjectNode l = v3Listeners.get(listenerId);
      if (l == null) {
        throw notFound("Listener", listenerId);
      }
      if (!l.path("default_pool_id").isNull()) {
        throw new ApiError(409, "ELB.8907", "Listener " + listenerId + " already has a default pool");
      }
      JsonNode sp = req.get("session_persistence");
      if (sp != null && !sp.isNull()) {
        String type = sp.path("type").asText();
        boolean l7 = l.get("protocol").asText().startsWith("HTTP");
        if (l7 ? !type.equals("HTTP_COOKIE") : !type.equals("SOURCE_IP")) {
          throw invalid("session_persistence type " + type + " behind a " + l.get("protocol").asText() + " listener");
        }
      }
      ObjectNode p = JSON.createObjectNode();
      String newId = newId("pool");
      p.put("id", newId);
      p.put("project_id", projectId);
      p.put("name", req.path("name").asText(""));
      p.put("description", req.path("description").asText(""));
      p.put("protocol", protocol);
      p.put("lb_algorithm", algorithm);
      p.put("admin_state_up", true);
      p.put("loadbalancer_id", l.get("loadbalancer_id").asText());
      p.put("listener_id", listenerId);
      p.put("healthmonitor_id", "");
      p.set("session_persistence", sp == null ? NullNode.getInstance() : sp);
      l.put("default_pool_id", newId);
      v3Pools.put(newId, p);
      return ok(201, wrap("pool", renderV3Pool(p)));
    }
    ObjectNode p = v3Pools.get(id);
    if (p == null) {
      throw notFound("Pool", id);
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("pool", renderV3Pool(p)));
      case "PUT":
        ObjectNode req = require(body, "pool", "ELB.8902");
        readOnly(req, "ELB.8902", "protocol", "listener_id", "loadbalancer_id");
        if (req.has("lb_algorithm") && !ALGORITHMS.contains(req.get("lb_algorithm").asText())) {
          throw invalid("lb_algorithm");
        }
        copy(req, p, "name", "description", "lb_algorithm", "session_persistence", "admin_state_up");
        return ok(200, wrap("pool", renderV3Pool(p)));
      case "DELETE":
        if (!p.path("healthmonitor_id").asText("").isEmpty()
            || v3Members.values().stream().anyMatch(m -> m.get("pool_id").asText().equals(id))) {
          throw new ApiError(409, "ELB.8907", "Pool " + id + " still has members or a health monitor");
        }
        v3Pools.remove(id);
        v3Listeners.values().stream().filter(l -> l.path("default_pool_id").asText("").equals(id))
            .forEach(l -> l.set("default_pool_id", NullNode.getInstance()));
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private ObjectNode renderV3Pool(ObjectNode p) {
    ObjectNode o = p.deepCopy();
    o.remove("loadbalancer_id");
    o.remove("listener_id");
    o.set("loadbalancers", refs(List.of(p.get("loadbalancer_id").asText())));
    o.set("listeners", refs(List.of(p.get("listener_id").asText())));
    o.set("members", refs(idsWhere(v3Members, "pool_id", p.get("id").asText())));
    return o;
  }

  private Result v3Member(String method, String poolId, @Nullable String id) {
    if (!v3Pools.containsKey(poolId)) {
      throw notFound("Pool", poolId);
    }
    if (id == null && method.equals("GET")) {
      ArrayNode a = JSON.createArrayNode();
      idsWhere(v3Members, "pool_id", poolId).forEach(mid -> a.add(v3Members.get(mid).deepCopy()));
      return ok(200, wrap("members", a));
    }
    if (id != null && method.equals("DELETE")) {
      if (v3Members.remove(id) == null) {
        throw notFound("Member", id);
      }
      return ok(204, null);
    }
    throw new ApiError(405, "ELB.8902", "Method not allowed");
  }

  /** Batch add and delete are all or nothing, as the cloud's are. */
  private Result v3Batch(String poolId, boolean add, @Nullable JsonNode body) {
    ObjectNode pool = v3Pools.get(poolId);
    if (pool == null) {
      throw notFound("Pool", poolId);
    }
    JsonNode list = body == null ? null : body.get("members");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw invalid("members must be a non-empty array");
    }
    // ELB API reference (v3), adding and removing backend servers in batches (members/batch-add,
    // members/batch-delete): at most 200 members per call. The reference names no code of its own for this;
    // a request over the limit is invalid input, 400 ELB.8902.
    if (list.size() > MAX_BATCH_MEMBERS) {
      throw invalid("members: at most " + MAX_BATCH_MEMBERS + " per call, got " + list.size());
    }
    ObjectNode lb = v3LoadBalancers.get(pool.get("loadbalancer_id").asText());
    ArrayNode out = JSON.createArrayNode();
    if (add) {
      Set<String> seen = new java.util.HashSet<>();
      for (JsonNode n : list) {
        ObjectNode req = (ObjectNode) n;
        String address = text(req, "address", "ELB.8902");
        int port = integer(req, "protocol_port", 1, 65535, "ELB.8902");
        String subnet = req.path("subnet_cidr_id").asText(null);
        if (subnet == null && !lb.path("ip_target_enable").asBoolean(false)) {
          throw invalid("member " + address + " has no subnet_cidr_id, and the load balancer does not allow IP "
              + "members (ip_target_enable)");
        }
        if (subnet != null && !neutronSubnetKnown(subnet)) {
          throw invalid("subnet_cidr_id " + subnet + " is not a neutron subnet");
        }
        if (subnet != null) {
          requireAddressInSubnet(address, subnet, "subnet_cidr_id");
        } else {
          // huawei-api-and-sdk.md B.2 (Member): "Omitting subnet_cidr_id makes it an IP-as-backend member. That
          // requires ip_target_enable=true and a TCP/HTTP/HTTPS pool." D ("IP-as-backend members"): "only for
          // TCP, HTTP or HTTPS pools, and the address must be a private IPv4 address." One bad member refuses
          // the whole batch (batch-add is all or nothing).
          String protocol = pool.get("protocol").asText();
          if (!Set.of("TCP", "HTTP", "HTTPS").contains(protocol)) {
            throw invalid("IP-as-backend member " + address + " in a " + protocol + " pool; IP members are "
                + "allowed in TCP, HTTP and HTTPS pools only");
          }
          if (!privateIpv4(address)) {
            throw invalid("IP-as-backend member " + address + " is not a private IPv4 address");
          }
        }
        boolean exists = v3Members.values().stream().anyMatch(m -> m.get("pool_id").asText().equals(poolId)
            && m.get("address").asText().equals(address) && m.get("protocol_port").asInt() == port);
        if (exists || !seen.add(address + ":" + port)) {
          throw new ApiError(409, "ELB.8907", "Member " + address + ":" + port + " already exists in the pool");
        }
      }
      for (JsonNode n : list) {
        ObjectNode m = JSON.createObjectNode();
        String newId = newId("member");
        m.put("id", newId);
        m.put("project_id", projectId);
        m.put("pool_id", poolId);
        m.put("name", n.path("name").asText(""));
        m.put("address", n.get("address").asText());
        m.put("protocol_port", n.get("protocol_port").asInt());
        if (n.hasNonNull("subnet_cidr_id")) {
          m.put("subnet_cidr_id", n.get("subnet_cidr_id").asText());
          m.put("member_type", "instance");
        } else {
          m.put("member_type", "ip");
        }
        m.put("weight", n.path("weight").asInt(1));
        m.put("operating_status", "NO_MONITOR");
        v3Members.put(newId, m);
        out.add(m.deepCopy().put("ret_status", "successful"));
      }
    } else {
      for (JsonNode n : list) {
        String mid = n.path("id").asText("");
        ObjectNode m = v3Members.get(mid);
        if (m == null || !m.get("pool_id").asText().equals(poolId)) {
          throw notFound("Member", mid);
        }
      }
      for (JsonNode n : list) {
        ObjectNode m = v3Members.remove(n.get("id").asText());
        out.add(m.deepCopy().put("ret_status", "successful"));
      }
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.set("members", out);
    answer.put("request_id", String.format("%032x", sequence));
    return ok(add ? 201 : 200, answer);
  }

  private Result v3Monitor(String method, @Nullable String id, Map<String, List<String>> query,
      @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        v3Monitors.values().stream().filter(h -> matchesQuery(h, query, "id")).forEach(h -> a.add(renderMonitor(h)));
        return ok(200, wrap("healthmonitors", a));
      }
      if (!method.equals("POST")) {
        throw new ApiError(405, "ELB.8902", "Method not allowed");
      }
      ObjectNode req = require(body, "healthmonitor", "ELB.8902");
      String poolId = text(req, "pool_id", "ELB.8902");
      String type = text(req, "type", "ELB.8902");
      if (!V3_MONITOR_TYPES.contains(type)) {
        throw invalid("type " + type);
      }
      checkV3Monitor(req);
      ObjectNode pool = v3Pools.get(poolId);
      if (pool == null) {
        throw notFound("Pool", poolId);
      }
      if (!pool.path("healthmonitor_id").asText("").isEmpty()) {
        throw new ApiError(409, "ELB.8907", "Pool " + poolId + " already has a healthmonitor");
      }
      // huawei-api-and-sdk.md B.2 (Health monitor): "type TCP|UDP_CONNECT|HTTP|HTTPS (UDP/QUIC pools need
      // UDP_CONNECT)".
      if (Set.of("UDP", "QUIC").contains(pool.get("protocol").asText()) && !type.equals("UDP_CONNECT")) {
        throw invalid("type " + type + " on a " + pool.get("protocol").asText() + " pool; use UDP_CONNECT");
      }
      ObjectNode h = JSON.createObjectNode();
      String newId = newId("hm");
      h.put("id", newId);
      h.put("project_id", projectId);
      h.put("admin_state_up", true);
      h.put("name", req.path("name").asText(""));
      h.put("max_retries_down", 3);
      h.put("url_path", "/");
      h.put("expected_codes", "200");
      copy(req, h, "type", "delay", "timeout", "max_retries", "max_retries_down", "monitor_port", "url_path",
          "expected_codes", "http_method", "domain_name");
      h.put("pool_id", poolId);
      pool.put("healthmonitor_id", newId);
      v3Monitors.put(newId, h);
      return ok(201, wrap("healthmonitor", renderMonitor(h)));
    }
    ObjectNode h = v3Monitors.get(id);
    if (h == null) {
      throw notFound("Healthmonitor", id);
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("healthmonitor", renderMonitor(h)));
      case "PUT":
        ObjectNode req = require(body, "healthmonitor", "ELB.8902");
        readOnly(req, "ELB.8902", "pool_id");
        checkV3Monitor(req);
        copy(req, h, "name", "type", "delay", "timeout", "max_retries", "max_retries_down", "monitor_port",
            "url_path", "expected_codes", "http_method", "domain_name", "admin_state_up");
        return ok(200, wrap("healthmonitor", renderMonitor(h)));
      case "DELETE":
        v3Monitors.remove(id);
        ObjectNode pool = v3Pools.get(h.get("pool_id").asText());
        if (pool != null) {
          pool.put("healthmonitor_id", "");
        }
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private static void checkV3Monitor(ObjectNode req) {
    for (String f : List.of("delay", "timeout")) {
      if (req.has(f)) {
        integer(req, f, 1, 50, "ELB.8902");
      }
    }
    for (String f : List.of("max_retries", "max_retries_down")) {
      if (req.has(f)) {
        integer(req, f, 1, 10, "ELB.8902");
      }
    }
  }

  private Result v3IpGroup(String method, @Nullable String id, Map<String, List<String>> query,
      @Nullable JsonNode body) {
    if (id == null) {
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        ipGroups.values().stream().filter(g -> matchesQuery(g, query, "description", "name", "id"))
            .forEach(g -> a.add(renderIpGroup(g)));
        return ok(200, wrap("ipgroups", a));
      }
      if (!method.equals("POST")) {
        throw new ApiError(405, "ELB.8902", "Method not allowed");
      }
      ObjectNode req = require(body, "ipgroup", "ELB.8902");
      ObjectNode g = JSON.createObjectNode();
      String newId = newId("ipg");
      g.put("id", newId);
      g.put("project_id", projectId);
      g.put("name", req.path("name").asText(""));
      g.put("description", req.path("description").asText(""));
      g.put("enterprise_project_id", req.path("enterprise_project_id").asText("0"));
      g.set("ip_list", checkedIps(req));
      ipGroups.put(newId, g);
      return ok(201, wrap("ipgroup", renderIpGroup(g)));
    }
    ObjectNode g = ipGroups.get(id);
    if (g == null) {
      throw notFound("Ipgroup", id);
    }
    switch (method) {
      case "GET":
        return ok(200, wrap("ipgroup", renderIpGroup(g)));
      case "PUT":
        ObjectNode req = require(body, "ipgroup", "ELB.8902");
        copy(req, g, "name", "description");
        if (req.has("ip_list")) {
          g.set("ip_list", checkedIps(req));
        }
        return ok(200, wrap("ipgroup", renderIpGroup(g)));
      case "DELETE":
        if (!listenersOfGroup(id).isEmpty()) {
          throw new ApiError(409, "ELB.8907", "Ipgroup " + id + " is used by listeners " + listenersOfGroup(id));
        }
        ipGroups.remove(id);
        return ok(204, null);
      default:
        throw new ApiError(405, "ELB.8902", "Method not allowed");
    }
  }

  private static ArrayNode checkedIps(ObjectNode req) {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode n : req.path("ip_list")) {
      String ip = n.path("ip").asText("");
      if (!ip.matches("[0-9a-fA-F.:]+(/\\d{1,3})?")) {
        throw invalid("ip_list holds " + ip + ", which is not an address or CIDR");
      }
      out.addObject().put("ip", ip).put("description", n.path("description").asText(""));
    }
    return out;
  }

  private List<String> listenersOfGroup(String groupId) {
    return v3Listeners.values().stream()
        .filter(l -> l.path("ipgroup").path("ipgroup_id").asText("").equals(groupId))
        .map(l -> l.get("id").asText()).toList();
  }

  private ObjectNode renderIpGroup(ObjectNode g) {
    ObjectNode o = g.deepCopy();
    o.set("listeners", refs(listenersOfGroup(g.get("id").asText())));
    return o;
  }
}
