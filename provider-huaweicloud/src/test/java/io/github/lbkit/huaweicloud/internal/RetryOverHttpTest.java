package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retry and classification end to end: the real SDK against the emulator's error answers and a dead port. */
class RetryOverHttpTest {

  @Test
  void a503ThenA429ThenSuccessTakesThreeAttempts() {
    try (Emulated env = new Emulated()) {
      env.emulator.failNext("GET", ".*/elb/listeners", 503, "ELB.8906");
      env.emulator.failNext("GET", ".*/elb/listeners", 429, "APIG.0308");

      assertThat(env.elb.listListeners("lb-1")).isEmpty();

      assertThat(env.emulator.count("GET", ".*/elb/listeners")).isEqualTo(3);
      assertThat(env.calls.counts().retries()).isEqualTo(2);
      assertThat(env.calls.counts().reads()).isEqualTo(1);
      assertThat(env.sleeper.sleeps()).hasSize(2);
    }
  }

  @Test
  void aBusyEipIsRetriedAndThenBound() {
    try (Emulated env = new Emulated()) {
      EipApi.PublicIp ip = env.eip.createPublicIp(new EipApi.NewPublicIp("5_bgp", "bw", 1, "traffic", null, null));
      env.emulator.failNext("PUT", ".*/publicips/.*", 409, "VPC.0512");

      assertThat(env.eip.bind(ip.id(), "port-9").portId()).isEqualTo("port-9");
      assertThat(env.emulator.count("PUT", ".*/publicips/.*")).isEqualTo(2);
    }
  }

  @Test
  void aNotFoundIsAnsweredOnceAndNotRetried() {
    try (Emulated env = new Emulated()) {
      assertThat(env.elb.showPool("pool-missing")).isEmpty();

      assertThat(env.emulator.count("GET", ".*/pools/pool-missing")).isEqualTo(1);
      assertThat(env.sleeper.sleeps()).isEmpty();
    }
  }

  @Test
  void theRequestIdComesFromTheResponseHeader() {
    try (Emulated env = new Emulated()) {
      env.emulator.failNext("POST", ".*/elb/loadbalancers", 403, "ELB.8903");

      assertThatThrownBy(
              () ->
                  env.elb.createLoadBalancer(
                      new SharedElbApi.NewLoadBalancer("n", "d", Emulated.NEUTRON_SUBNET, null, null)))
          .isInstanceOfSatisfying(
              CloudApiException.class,
              e -> {
                assertThat(e.requestId()).matches("[0-9a-f]{32}");
                assertThat(ErrorClassifier.kind(e)).isEqualTo(ErrorKind.AUTH);
              });
    }
  }

  @Test
  void aRefusedConnectionIsRetriedUpToMaxAttempts() throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    HuaweiCloudConfig config =
        HuaweiCloudConfig.builder()
            .region("xx-test-1")
            .projectId(Emulated.PROJECT)
            .environment(Map.of())
            .accessKey(Emulated.AK)
            .secretKey(Emulated.SK)
            .elbEndpoint(URI.create("http://127.0.0.1:" + deadPort))
            .vpcEndpoint(URI.create("http://127.0.0.1:" + deadPort))
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(1))
            .retryMaxAttempts(3)
            .build();
    FakeSleeper sleeper = new FakeSleeper();
    CloudCalls calls = new CloudCalls(config, sleeper);
    SharedElbApi elb = new SharedElbApi(HuaweiCloudClients.create(config).elbV2(), calls);

    assertThatThrownBy(() -> elb.showLoadBalancer("lb-1"))
        .isInstanceOfSatisfying(
            CloudApiException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(CloudApiException.NO_RESPONSE);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).startsWith("showLoadbalancer: the connection failed");
            });
    assertThat(calls.counts().attempts()).isEqualTo(3);
    assertThat(sleeper.sleeps()).hasSize(2);
  }
}
