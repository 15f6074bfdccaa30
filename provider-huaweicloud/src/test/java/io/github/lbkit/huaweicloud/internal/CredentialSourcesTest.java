package io.github.lbkit.huaweicloud.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.CredentialSource;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each credential source signs real SDK calls, against loopback doubles of the instance metadata, of IAM and of the
 * ELB API; temporary credentials are renewed before they expire, and only then.
 */
class CredentialSourcesTest {

  private static final Pattern ACCESS = Pattern.compile("Access=([^,]+),");

  private final WireMockServer elb = server();
  private final WireMockServer metadata = server();
  private final WireMockServer iam = server();

  @TempDir Path dir;

  private static WireMockServer server() {
    return new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1).containerThreads(8));
  }

  private static String url(WireMockServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  @BeforeEach
  void start() {
    for (WireMockServer s : List.of(elb, metadata, iam)) {
      s.start();
      s.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500)));
    }
    elb.stubFor(
        get(urlPathMatching("/v2/" + Emulated.PROJECT + "/elb/listeners"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"listeners\":[]}")));
  }

  @AfterEach
  void stop() {
    for (WireMockServer s : List.of(elb, metadata, iam)) {
      s.stop();
    }
  }

  private HuaweiCloudConfig.Builder config(Map<String, String> environment) {
    return HuaweiCloudConfig.builder()
        .region("xx-test-1")
        .projectId(Emulated.PROJECT)
        .environment(environment)
        .elbEndpoint(URI.create(url(elb)))
        .vpcEndpoint(URI.create(url(elb)))
        .metadataEndpoint(URI.create(url(metadata)))
        .retryMaxAttempts(1);
  }

  private static SharedElbApi elbApi(HuaweiCloudConfig config) {
    return new SharedElbApi(HuaweiCloudClients.create(config).elbV2(), new CloudCalls(config, new FakeSleeper()));
  }

  /** The access key and security token each ELB call was signed with, in order. */
  private List<String> signedWith() {
    return elb.findAll(getRequestedFor(urlPathMatching(".*/elb/listeners"))).stream()
        .map(CredentialSourcesTest::signer)
        .toList();
  }

  private static String signer(LoggedRequest r) {
    Matcher m = ACCESS.matcher(r.getHeader("Authorization"));
    assertThat(m.find()).as("signed request").isTrue();
    String token = r.containsHeader("X-Security-Token") ? r.getHeader("X-Security-Token") : "-";
    return m.group(1) + "/" + token;
  }

  private static String credentialJson(String ak, String sk, String token, Instant expiresAt) {
    // The format IAM and the metadata use: microseconds, UTC.
    String at = expiresAt.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ".000000Z");
    return "{\"credential\":{\"access\":\""
        + ak
        + "\",\"secret\":\""
        + sk
        + "\",\"securitytoken\":\""
        + token
        + "\",\"expires_at\":\""
        + at
        + "\"}}";
  }

  private void metadataAnswers(String... bodies) {
    metadata.stubFor(
        put(urlEqualTo("/meta-data/latest/api/token"))
            .withHeader("X-Metadata-Token-Ttl-Seconds", equalTo("21600"))
            .willReturn(aResponse().withStatus(200).withBody("session-token-1")));
    String state = Scenario.STARTED;
    for (int i = 0; i < bodies.length; i++) {
      String next = i + 1 < bodies.length ? "answer-" + (i + 1) : state;
      metadata.stubFor(
          get(urlEqualTo("/openstack/latest/securitykey"))
              .inScenario("keys")
              .whenScenarioStateIs(state)
              .withHeader("X-Metadata-Token", equalTo("session-token-1"))
              .willReturn(aResponse().withStatus(200).withBody(bodies[i]))
              .willSetStateTo(next));
      state = next;
    }
  }

  private int metadataFetches() {
    return metadata.findAll(getRequestedFor(urlEqualTo("/openstack/latest/securitykey"))).size();
  }

  @Test
  void metadataCredentialsOfTheNodesAgencySignCallsAndAreFetchedOnceWhileFresh() {
    metadataAnswers(credentialJson("AK-NODE-1", "sk-node-1", "TOKEN-NODE-1", Instant.now().plus(Duration.ofHours(24))));
    HuaweiCloudConfig config = config(Map.of()).build();
    assertThat(config.credentials().kind()).isEqualTo(HuaweiCloudConfig.Credentials.Kind.METADATA);
    SharedElbApi api = elbApi(config);

    api.listListeners("lb-1");
    api.listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-NODE-1/TOKEN-NODE-1", "AK-NODE-1/TOKEN-NODE-1");
    assertThat(metadataFetches()).isEqualTo(1);
    metadata.verify(1, putRequestedFor(urlEqualTo("/meta-data/latest/api/token")));
  }

  @Test
  void metadataCredentialsAreRenewedBeforeTheyExpire() {
    Instant now = Instant.now();
    metadataAnswers(
        // Valid for another hour: inside the 2 h renewal margin, so the next call renews them.
        credentialJson("AK-NODE-1", "sk-node-1", "TOKEN-NODE-1", now.plus(Duration.ofHours(1))),
        credentialJson("AK-NODE-2", "sk-node-2", "TOKEN-NODE-2", now.plus(Duration.ofHours(24))));
    SharedElbApi api = elbApi(config(Map.of()).credentials(CredentialSource.METADATA).build());

    api.listListeners("lb-1");
    api.listListeners("lb-1");
    api.listListeners("lb-1");

    assertThat(signedWith())
        .containsExactly("AK-NODE-1/TOKEN-NODE-1", "AK-NODE-2/TOKEN-NODE-2", "AK-NODE-2/TOKEN-NODE-2");
    assertThat(metadataFetches()).isEqualTo(2);
    // The metadata session token lasts 6 hours: both fetches used the same one.
    metadata.verify(1, putRequestedFor(urlEqualTo("/meta-data/latest/api/token")));
  }

  @Test
  void clientsAndThreadsShareOneFetch() throws Exception {
    metadataAnswers(credentialJson("AK-NODE-1", "sk-node-1", "TOKEN-NODE-1", Instant.now().plus(Duration.ofHours(24))));
    HuaweiCloudConfig config = config(Map.of()).build();
    HuaweiCloudClients clients = HuaweiCloudClients.create(config);
    CloudCalls calls = new CloudCalls(config, new FakeSleeper());
    SharedElbApi shared = new SharedElbApi(clients.elbV2(), calls);
    VpcApi vpc = new VpcApi(clients.vpcV2(), calls);
    elb.stubFor(
        get(urlPathMatching("/v1/" + Emulated.PROJECT + "/subnets/net-1"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"subnet\":{\"id\":\"net-1\",\"neutron_subnet_id\":\"sub-1\"}}")));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      done.add(pool.submit(() -> vpc.showSubnet("net-1"))); // another client, the same credentials
      for (int i = 0; i < 16; i++) {
        done.add(pool.submit(() -> shared.listListeners("lb-1")));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(metadataFetches()).isEqualTo(1);
    assertThat(signedWith()).hasSize(16).allMatch("AK-NODE-1/TOKEN-NODE-1"::equals);
    assertThat(signer(elb.findAll(getRequestedFor(urlPathMatching(".*/subnets/net-1"))).get(0)))
        .isEqualTo("AK-NODE-1/TOKEN-NODE-1");
  }

  @Test
  void aRejectedMetadataSessionTokenIsReplacedOnce() {
    metadata.stubFor(
        put(urlEqualTo("/meta-data/latest/api/token"))
            .inScenario("session")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(200).withBody("stale"))
            .willSetStateTo("fresh"));
    metadata.stubFor(
        put(urlEqualTo("/meta-data/latest/api/token"))
            .inScenario("session")
            .whenScenarioStateIs("fresh")
            .willReturn(aResponse().withStatus(200).withBody("session-token-2")));
    metadata.stubFor(
        get(urlEqualTo("/openstack/latest/securitykey"))
            .withHeader("X-Metadata-Token", equalTo("stale"))
            .willReturn(aResponse().withStatus(401)));
    metadata.stubFor(
        get(urlEqualTo("/openstack/latest/securitykey"))
            .withHeader("X-Metadata-Token", equalTo("session-token-2"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(credentialJson("AK-NODE-1", "sk-node-1", "T-1", Instant.now().plus(Duration.ofHours(24))))));

    elbApi(config(Map.of()).build()).listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-NODE-1/T-1");
    metadata.verify(2, putRequestedFor(urlEqualTo("/meta-data/latest/api/token")));
  }

  @Test
  void theRenewalMarginIsConfigurable() {
    Instant now = Instant.now();
    metadataAnswers(
        credentialJson("AK-NODE-1", "sk-node-1", "TOKEN-NODE-1", now.plus(Duration.ofHours(1))),
        credentialJson("AK-NODE-2", "sk-node-2", "TOKEN-NODE-2", now.plus(Duration.ofHours(24))));
    SharedElbApi api =
        elbApi(config(Map.of()).credentialsRefreshBefore(Duration.ofMinutes(10)).build());

    api.listListeners("lb-1");
    api.listListeners("lb-1");

    // An hour left is outside a 10 minute margin: no renewal yet.
    assertThat(signedWith()).containsExactly("AK-NODE-1/TOKEN-NODE-1", "AK-NODE-1/TOKEN-NODE-1");
    assertThat(metadataFetches()).isEqualTo(1);
  }

  @Test
  void renewalIsOnTimeInAJvmTimeZoneAwayFromUtc() {
    TimeZone saved = TimeZone.getDefault();
    // The SDK reads the UTC expiry in the JVM's zone and shifts its clock alike; nothing may correct only one.
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
    try {
      Instant now = Instant.now();
      metadataAnswers(
          credentialJson("AK-NODE-1", "sk-node-1", "TOKEN-NODE-1", now.plus(Duration.ofHours(1))),
          credentialJson("AK-NODE-2", "sk-node-2", "TOKEN-NODE-2", now.plus(Duration.ofHours(24))));
      SharedElbApi api = elbApi(config(Map.of()).build());

      api.listListeners("lb-1");
      api.listListeners("lb-1");
      api.listListeners("lb-1");

      assertThat(signedWith())
          .containsExactly("AK-NODE-1/TOKEN-NODE-1", "AK-NODE-2/TOKEN-NODE-2", "AK-NODE-2/TOKEN-NODE-2");
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void theEmulatorAcceptsTheSignatureMadeWithTheMetadataSecretKey() {
    metadataAnswers(credentialJson(Emulated.AK, Emulated.SK, "TOKEN-NODE-1", Instant.now().plus(Duration.ofHours(24))));
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK, Emulated.SK)) {
      HuaweiCloudConfig config =
          config(Map.of())
              .elbEndpoint(URI.create(emulator.baseUrl()))
              .vpcEndpoint(URI.create(emulator.baseUrl()))
              .build();

      assertThat(elbApi(config).listListeners("lb-1")).isEmpty();
      assertThat(emulator.lastRequest().status()).isEqualTo(200);
    }
  }

  @Test
  void aNodeWithoutAnAgencySaysToBindOne() {
    metadata.stubFor(
        put(urlEqualTo("/meta-data/latest/api/token")).willReturn(aResponse().withStatus(200).withBody("t")));
    metadata.stubFor(get(urlEqualTo("/openstack/latest/securitykey")).willReturn(aResponse().withStatus(404)));
    SharedElbApi api = elbApi(config(Map.of()).build());

    assertThatThrownBy(() -> api.listListeners("lb-1"))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.AUTH);
              assertThat(e.getMessage())
                  .contains("instance metadata")
                  .contains("answered HTTP 404")
                  .contains("bind an agency");
            });
    // The metadata's 404 is not the load balancer's: nothing may conclude that it is gone.
    assertThatThrownBy(() -> api.showLoadBalancer("lb-1")).isInstanceOf(CloudApiException.class);
    assertThatThrownBy(() -> api.deleteLoadBalancer("lb-1")).isInstanceOf(CloudApiException.class);
    assertThat(elb.findAll(getRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void anUnreachableMetadataServiceIsRetryable() {
    SharedElbApi api = elbApi(config(Map.of()).connectTimeout(Duration.ofSeconds(1)).build());
    metadata.stop();

    assertThatThrownBy(() -> api.listListeners("lb-1"))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("could not get temporary credentials from instance metadata");
            });
  }

  @Test
  void aMetadataServiceWithoutSessionTokensIsAskedWithoutOne() {
    metadata.stubFor(put(urlEqualTo("/meta-data/latest/api/token")).willReturn(aResponse().withStatus(404)));
    metadata.stubFor(
        get(urlEqualTo("/openstack/latest/securitykey"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(credentialJson("AK-V1", "sk-v1", "TOKEN-V1", Instant.now().plus(Duration.ofHours(24))))));

    elbApi(config(Map.of()).build()).listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-V1/TOKEN-V1");
    assertThat(metadata.findAll(getRequestedFor(urlEqualTo("/openstack/latest/securitykey"))).get(0)
            .containsHeader("X-Metadata-Token"))
        .isFalse();
  }

  // --- OpenID Connect (CCE workload identity) through IAM ---

  private Path idToken(String content) throws IOException {
    Path f = dir.resolve("token");
    Files.writeString(f, content);
    return f;
  }

  private void iamAnswers(String... credentials) {
    iam.stubFor(
        post(urlEqualTo("/v3.0/OS-AUTH/id-token/tokens"))
            .withHeader("X-Idp-Id", equalTo("idp-cce"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("X-Subject-Token", "iam-user-token")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token\":{\"expires_at\":\""
                            + Instant.now().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.SECONDS)
                                .toString().replace("Z", ".000000Z")
                            + "\",\"issued_at\":\"2026-01-01T00:00:00.000000Z\"}}")));
    String state = Scenario.STARTED;
    for (int i = 0; i < credentials.length; i++) {
      String next = i + 1 < credentials.length ? "answer-" + (i + 1) : state;
      iam.stubFor(
          post(urlEqualTo("/v3.0/OS-CREDENTIAL/securitytokens"))
              .inScenario("keys")
              .whenScenarioStateIs(state)
              // The SDK sends the IAM token in the body (auth.identity.token.id), not in a header.
              .withRequestBody(containing("\"id\":\"iam-user-token\""))
              .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                  .withBody(credentials[i]))
              .willSetStateTo(next));
      state = next;
    }
  }

  private List<String> idTokensSent() {
    return iam.findAll(postRequestedFor(urlEqualTo("/v3.0/OS-AUTH/id-token/tokens"))).stream()
        .map(LoggedRequest::getBodyAsString)
        .toList();
  }

  @Test
  void anOidcTokenFileIsExchangedAtIamAndRenewedBeforeExpiryReadingTheFileAgain() throws IOException {
    Instant now = Instant.now();
    iamAnswers(
        credentialJson("AK-POD-1", "sk-pod-1", "TOKEN-POD-1", now.plus(Duration.ofHours(1))),
        credentialJson("AK-POD-2", "sk-pod-2", "TOKEN-POD-2", now.plus(Duration.ofHours(6))));
    Path token = idToken("jwt-one");
    HuaweiCloudConfig config =
        config(Map.of())
            .credentials(CredentialSource.OIDC)
            .idpId("idp-cce")
            .idTokenFile(token)
            .iamEndpoint(URI.create(url(iam)))
            .build();
    SharedElbApi api = elbApi(config);

    api.listListeners("lb-1");
    Files.writeString(token, "jwt-two"); // the kubelet rotates the projected token
    api.listListeners("lb-1");
    api.listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-POD-1/TOKEN-POD-1", "AK-POD-2/TOKEN-POD-2", "AK-POD-2/TOKEN-POD-2");
    assertThat(idTokensSent()).hasSize(2);
    assertThat(idTokensSent().get(0)).contains("jwt-one");
    assertThat(idTokensSent().get(1)).contains("jwt-two");
    assertThat(config.toString()).doesNotContain("jwt");
  }

  @Test
  void theEnvironmentsIdpAndTokenFileAreUsedWithTheEnvironmentsIamEndpoint() throws IOException {
    iamAnswers(credentialJson("AK-POD-1", "sk-pod-1", "TOKEN-POD-1", Instant.now().plus(Duration.ofHours(6))));
    Map<String, String> env =
        Map.of(
            "HUAWEICLOUD_SDK_IDP_ID", "idp-cce",
            "HUAWEICLOUD_SDK_ID_TOKEN_FILE", idToken("jwt-env").toString(),
            "HUAWEICLOUD_SDK_IAM_ENDPOINT", url(iam));
    HuaweiCloudConfig config = config(env).build();
    assertThat(config.credentialSource()).isEqualTo("HUAWEICLOUD_SDK_IDP_ID/HUAWEICLOUD_SDK_ID_TOKEN_FILE");

    elbApi(config).listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-POD-1/TOKEN-POD-1");
    assertThat(metadataFetches()).isZero();
  }

  @Test
  void aProfileFileWithAnIdentityProviderUsesItsIamEndpoint() throws IOException {
    iamAnswers(credentialJson("AK-POD-1", "sk-pod-1", "TOKEN-POD-1", Instant.now().plus(Duration.ofHours(6))));
    Path profile = dir.resolve("credentials");
    Files.writeString(
        profile,
        "[basic]\nidp_id = idp-cce\nid_token_file = "
            + idToken("jwt-profile")
            + "\niam_endpoint = "
            + url(iam)
            + "\n");

    HuaweiCloudConfig config = config(Map.of("HUAWEICLOUD_SDK_CREDENTIALS_FILE", profile.toString())).build();
    elbApi(config).listListeners("lb-1");

    assertThat(config.credentialSource()).isEqualTo("profile file " + profile);
    assertThat(signedWith()).containsExactly("AK-POD-1/TOKEN-POD-1");
    assertThat(idTokensSent().get(0)).contains("jwt-profile");
  }

  @Test
  void aRejectedOidcTokenSaysWhatToCheck() throws IOException {
    iam.stubFor(post(urlEqualTo("/v3.0/OS-AUTH/id-token/tokens"))
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":401,\"message\":\"The id token is invalid\"}}")));
    HuaweiCloudConfig config =
        config(Map.of())
            .idpId("idp-cce")
            .idTokenFile(idToken("jwt-bad"))
            .iamEndpoint(URI.create(url(iam)))
            .build();

    assertThatThrownBy(() -> elbApi(config).listListeners("lb-1"))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(ErrorClassifier.isNotFound(e)).isFalse();
              assertThat(e.getMessage()).contains("IAM at " + url(iam)).contains("huaweicloud.idpId")
                  .doesNotContain("jwt-bad");
            });
    assertThat(elb.findAll(getRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void noTemporarySecretReachesTheLogsOrErrors() throws IOException {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> seen = new java.util.ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Instant now = Instant.now();
      iamAnswers(
          credentialJson("AK-POD-SECRET-1", "sk-pod-secret-1", "TOKEN-POD-SECRET-1", now.plus(Duration.ofHours(1))),
          credentialJson("AK-POD-SECRET-2", "sk-pod-secret-2", "TOKEN-POD-SECRET-2", now.plus(Duration.ofHours(6))));
      HuaweiCloudConfig oidc =
          config(Map.of()).idpId("idp-cce").idTokenFile(idToken("jwt-secret")).iamEndpoint(URI.create(url(iam)))
              .build();
      SharedElbApi api = elbApi(oidc);
      api.listListeners("lb-1");
      api.listListeners("lb-1");
      seen.add(oidc.toString());
      metadataAnswers(
          credentialJson("AK-NODE-SECRET", "sk-node-secret", "TOKEN-NODE-SECRET", now.plus(Duration.ofHours(24))));
      HuaweiCloudConfig node = config(Map.of()).build();
      elbApi(node).listListeners("lb-1");
      seen.add(node.toString());
      iam.resetAll();
      iam.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403).withBody("{\"echo\":\"jwt-secret\"}")));
      try {
        elbApi(oidc).listListeners("lb-1");
      } catch (CloudApiException e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        seen.add(trace.toString());
      }
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("HuaweiCloud-SDK-Access"); // the capture works
    assertThat(seen).hasSize(3);
    for (String secret :
        List.of("sk-pod-secret", "TOKEN-POD-SECRET", "AK-POD-SECRET", "sk-node-secret", "TOKEN-NODE-SECRET",
            "AK-NODE-SECRET", "jwt-secret", "iam-user-token", "session-token-1")) {
      assertThat(log).as("log").doesNotContain(secret);
      assertThat(seen).noneMatch(t -> t.contains(secret));
    }
  }

  // --- static sources ---

  @Test
  void environmentKeysSignCallsWithTheirSecurityToken() {
    Map<String, String> env =
        Map.of("HUAWEICLOUD_SDK_AK", "AK-ENV", "HUAWEICLOUD_SDK_SK", "sk-env", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOK");

    elbApi(config(env).build()).listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-ENV/TOK");
    assertThat(metadataFetches()).isZero();
  }

  @Test
  void profileFileKeysSignCalls() throws IOException {
    Path profile = dir.resolve("credentials");
    Files.writeString(profile, "# lbkit\n[other]\nak = AK-OTHER\nsk = sk-other\n[basic]\nak = AK-FILE\nsk = sk-file\n");

    elbApi(config(Map.of()).credentialsFile(profile).build()).listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-FILE/-");
    assertThat(metadataFetches()).isZero();
  }

  @Test
  void explicitKeysSignCalls() {
    elbApi(config(Map.of()).accessKey("AK-CONF").secretKey("sk-conf").build()).listListeners("lb-1");

    assertThat(signedWith()).containsExactly("AK-CONF/-");
  }
}
