package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator only answers requests signed like the SDK signs them, so tests prove the SDK signs. */
class EmulatorAuthTest {

  @Test
  void unsignedRequestsAreRejectedWith401() throws Exception {
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK, Emulated.SK)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v2/" + Emulated.PROJECT + "/elb/listeners"))
                  .header("X-Project-Id", Emulated.PROJECT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("\"error_code\":\"APIGW.0301\"");
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
  }

  @Test
  void requestsSignedWithAnotherAccessKeyAreRejectedAndClassifiedAsAuth() {
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK, Emulated.SK)) {
      HuaweiCloudConfig config =
          HuaweiCloudConfig.builder()
              .region("xx-test-1")
              .projectId(Emulated.PROJECT)
              .environment(Map.of())
              .accessKey("AKSOMEONEELSE")
              .secretKey("whatever-secret")
              .elbEndpoint(URI.create(emulator.baseUrl()))
              .vpcEndpoint(URI.create(emulator.baseUrl()))
              .build();
      CloudCalls calls = new CloudCalls(config, new FakeSleeper());
      SharedElbApi elb = new SharedElbApi(HuaweiCloudClients.create(config).elbV2(), calls);

      assertThatThrownBy(() -> elb.listListeners("lb-1"))
          .isInstanceOfSatisfying(
              CloudApiException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.AUTH);
                assertThat(e.retryable()).isFalse();
              });
      assertThat(calls.counts().attempts()).isEqualTo(1);
    }
  }

  @Test
  void requestsSignedWithTheWrongSecretKeyAreRejected() {
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK, Emulated.SK)) {
      HuaweiCloudConfig config =
          HuaweiCloudConfig.builder()
              .region("xx-test-1")
              .projectId(Emulated.PROJECT)
              .environment(Map.of())
              .accessKey(Emulated.AK)
              .secretKey("not-the-secret-key")
              .elbEndpoint(URI.create(emulator.baseUrl()))
              .vpcEndpoint(URI.create(emulator.baseUrl()))
              .build();
      CloudCalls calls = new CloudCalls(config, new FakeSleeper());
      SharedElbApi elb = new SharedElbApi(HuaweiCloudClients.create(config).elbV2(), calls);

      assertThatThrownBy(() -> elb.showLoadBalancer("lb-1"))
          .isInstanceOfSatisfying(
              CloudApiException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.getMessage()).contains("signature");
              });
    }
  }

  @Test
  void anEndpointWithATrailingSlashStillReachesTheApi() {
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK, Emulated.SK)) {
      HuaweiCloudConfig config =
          HuaweiCloudConfig.builder()
              .region("xx-test-1")
              .projectId(Emulated.PROJECT)
              .environment(Map.of())
              .accessKey(Emulated.AK)
              .secretKey(Emulated.SK)
              .elbEndpoint(URI.create(emulator.baseUrl() + "/"))
              .vpcEndpoint(URI.create(emulator.baseUrl() + "/"))
              .build();
      SharedElbApi elb =
          new SharedElbApi(HuaweiCloudClients.create(config).elbV2(), new CloudCalls(config, new FakeSleeper()));

      assertThat(elb.listListeners("lb-1")).isEmpty();
      assertThat(emulator.lastRequest().path()).isEqualTo("/v2/" + Emulated.PROJECT + "/elb/listeners");
    }
  }

  @Test
  void theConfiguredReadTimeoutCutsASlowAnswerShort() {
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK, Emulated.SK)) {
      HuaweiCloudConfig config =
          HuaweiCloudConfig.builder()
              .region("xx-test-1")
              .projectId(Emulated.PROJECT)
              .environment(Map.of())
              .accessKey(Emulated.AK)
              .secretKey(Emulated.SK)
              .elbEndpoint(URI.create(emulator.baseUrl()))
              .vpcEndpoint(URI.create(emulator.baseUrl()))
              .readTimeout(Duration.ofSeconds(1))
              .retryMaxAttempts(1)
              .build();
      SharedElbApi elb =
          new SharedElbApi(HuaweiCloudClients.create(config).elbV2(), new CloudCalls(config, new FakeSleeper()));
      // The SDK's own default read timeout is 120 s; the configured 1 s must cut a 3 s answer short.
      emulator.delayNext("GET", ".*/elb/listeners", 3_000);

      assertThatThrownBy(() -> elb.listListeners("lb-1"))
          .isInstanceOfSatisfying(
              CloudApiException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(CloudApiException.NO_RESPONSE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("timed out");
              });
    }
  }

  @Test
  void signedRequestsCarryTheSdkHeaders() {
    try (Emulated env = new Emulated()) {
      env.elb.listListeners("lb-1");
      assertThat(env.emulator.lastRequest().status()).isEqualTo(200);
    }
  }
}
