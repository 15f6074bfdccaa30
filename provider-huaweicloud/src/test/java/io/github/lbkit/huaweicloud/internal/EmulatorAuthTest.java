package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator only answers requests signed like the SDK signs them, so tests prove the SDK signs. */
class EmulatorAuthTest {

  @Test
  void unsignedRequestsAreRejectedWith401() throws Exception {
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK)) {
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
    try (ElbEmulator emulator = ElbEmulator.start(Emulated.PROJECT, Emulated.AK)) {
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
  void signedRequestsCarryTheSdkHeaders() {
    try (Emulated env = new Emulated()) {
      env.elb.listListeners("lb-1");
      assertThat(env.emulator.lastRequest().status()).isEqualTo(200);
    }
  }
}
