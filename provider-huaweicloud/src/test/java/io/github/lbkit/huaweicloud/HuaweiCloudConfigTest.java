package io.github.lbkit.huaweicloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HuaweiCloudConfigTest {

  private static final String SK = "SkVerySecret0123456789";

  private static HuaweiCloudConfig.Builder minimal() {
    return HuaweiCloudConfig.builder()
        .region("cn-north-4")
        .projectId("p1")
        .environment(Map.of())
        .accessKey("AK1")
        .secretKey(SK);
  }

  @Test
  void defaultsAreTheDocumentedConstants() {
    HuaweiCloudConfig c = minimal().build();

    assertThat(c.connectTimeout()).isEqualTo(HuaweiCloudConfig.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readTimeout()).isEqualTo(HuaweiCloudConfig.DEFAULT_READ_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.rateLimitPerSecond()).isEqualTo(HuaweiCloudConfig.DEFAULT_RATE_LIMIT_PER_SECOND);
    assertThat(c.rateLimitWait()).isEqualTo(HuaweiCloudConfig.DEFAULT_RATE_LIMIT_WAIT);
    assertThat(c.retryMaxAttempts()).isEqualTo(HuaweiCloudConfig.DEFAULT_RETRY_MAX_ATTEMPTS);
    assertThat(c.retryBaseBackoff()).isEqualTo(HuaweiCloudConfig.DEFAULT_RETRY_BASE_BACKOFF);
    assertThat(c.retryMaxBackoff()).isEqualTo(HuaweiCloudConfig.DEFAULT_RETRY_MAX_BACKOFF);
    assertThat(c.ignoreSslVerification()).isFalse();
    assertThat(c.vpcId()).isEmpty();
    assertThat(c.subnetId()).isEmpty();
    assertThat(c.securityToken()).isEmpty();
    assertThat(c.credentialSource()).isEqualTo("builder");
  }

  @Test
  void endpointsAreDerivedFromTheRegionUnlessOverridden() {
    HuaweiCloudConfig derived = minimal().build();
    assertThat(derived.elbEndpoint()).isEqualTo(URI.create("https://elb.cn-north-4.myhuaweicloud.com"));
    assertThat(derived.vpcEndpoint()).isEqualTo(URI.create("https://vpc.cn-north-4.myhuaweicloud.com"));

    HuaweiCloudConfig overridden =
        minimal().elbEndpoint(URI.create("http://127.0.0.1:1")).vpcEndpoint(URI.create("http://127.0.0.1:2")).build();
    assertThat(overridden.elbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
    assertThat(overridden.vpcEndpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.<Arguments>of(
        Arguments.of("region with spaces", (Consumer<HuaweiCloudConfig.Builder>) b -> b.region("cn north"), "huaweicloud.region"),
        Arguments.of("project id with slash", (Consumer<HuaweiCloudConfig.Builder>) b -> b.projectId("a/b"), "huaweicloud.projectId"),
        Arguments.of("vpc id empty", (Consumer<HuaweiCloudConfig.Builder>) b -> b.vpcId(""), "huaweicloud.vpcId"),
        Arguments.of("subnet id with dot", (Consumer<HuaweiCloudConfig.Builder>) b -> b.subnetId("a.b"), "huaweicloud.subnetId"),
        Arguments.of("blank access key", (Consumer<HuaweiCloudConfig.Builder>) b -> b.accessKey(" "), "huaweicloud.accessKey"),
        Arguments.of("ftp endpoint", (Consumer<HuaweiCloudConfig.Builder>) b -> b.elbEndpoint(URI.create("ftp://h")), "huaweicloud.endpoint.elb"),
        Arguments.of("relative endpoint", (Consumer<HuaweiCloudConfig.Builder>) b -> b.vpcEndpoint(URI.create("/v1")), "huaweicloud.endpoint.vpc"),
        Arguments.of("endpoint with user", (Consumer<HuaweiCloudConfig.Builder>) b -> b.vpcEndpoint(URI.create("https://u:p@h")), "huaweicloud.endpoint.vpc"),
        Arguments.of("zero connect timeout", (Consumer<HuaweiCloudConfig.Builder>) b -> b.connectTimeout(Duration.ZERO), "huaweicloud.connectTimeout"),
        Arguments.of("fractional read timeout", (Consumer<HuaweiCloudConfig.Builder>) b -> b.readTimeout(Duration.ofMillis(1500)), "huaweicloud.readTimeout"),
        Arguments.of("hour read timeout", (Consumer<HuaweiCloudConfig.Builder>) b -> b.readTimeout(Duration.ofHours(1)), "huaweicloud.readTimeout"),
        Arguments.of("zero rate", (Consumer<HuaweiCloudConfig.Builder>) b -> b.rateLimitPerSecond(0), "huaweicloud.rateLimitPerSecond"),
        Arguments.of("negative rate wait", (Consumer<HuaweiCloudConfig.Builder>) b -> b.rateLimitWait(Duration.ofSeconds(-1)), "huaweicloud.rateLimitWait"),
        Arguments.of("zero attempts", (Consumer<HuaweiCloudConfig.Builder>) b -> b.retryMaxAttempts(0), "huaweicloud.retry.maxAttempts"),
        Arguments.of("zero base backoff", (Consumer<HuaweiCloudConfig.Builder>) b -> b.retryBaseBackoff(Duration.ZERO), "huaweicloud.retry.baseBackoff"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void invalidSettingsAreRejectedAtOnceNamingTheKey(
      String name, Consumer<HuaweiCloudConfig.Builder> setter, String key) {
    HuaweiCloudConfig.Builder b = minimal();
    assertThatThrownBy(() -> setter.accept(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("huaweicloud configuration: " + key);
  }

  @Test
  void maxBackoffShorterThanBaseIsRejected() {
    assertThatThrownBy(
            () -> minimal().retryBaseBackoff(Duration.ofSeconds(5)).retryMaxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("huaweicloud.retry.maxBackoff");
  }

  @Test
  void regionAndProjectAreRequired() {
    assertThatThrownBy(() -> HuaweiCloudConfig.builder().projectId("p").accessKey("a").secretKey("s").build())
        .hasMessageContaining("huaweicloud.region is required");
    assertThatThrownBy(() -> HuaweiCloudConfig.builder().region("r-1").accessKey("a").secretKey("s").build())
        .hasMessageContaining("huaweicloud.projectId is required");
  }

  @Test
  void credentialsComeFromHuaweiCloudEnvironmentVariablesFirst() {
    HuaweiCloudConfig c =
        HuaweiCloudConfig.builder()
            .region("cn-north-4")
            .projectId("p1")
            .environment(
                Map.of(
                    "HUAWEICLOUD_SDK_AK", "AK-H",
                    "HUAWEICLOUD_SDK_SK", "SK-H",
                    "HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN-H",
                    "CLOUD_SDK_AK", "AK-C",
                    "CLOUD_SDK_SK", "SK-C"))
            .build();

    assertThat(c.accessKey()).contains("AK-H");
    assertThat(c.secretKey()).contains("SK-H");
    assertThat(c.securityToken()).contains("TOKEN-H");
    assertThat(c.credentialSource()).isEqualTo("HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK");
  }

  @Test
  void credentialsFallBackToCloudSdkVariables() {
    HuaweiCloudConfig c =
        HuaweiCloudConfig.builder()
            .region("cn-north-4")
            .projectId("p1")
            .environment(Map.of("CLOUD_SDK_AK", "AK-C", "CLOUD_SDK_SK", "SK-C"))
            .build();

    assertThat(c.accessKey()).contains("AK-C");
    assertThat(c.secretKey()).contains("SK-C");
    assertThat(c.credentialSource()).isEqualTo("CLOUD_SDK_AK/CLOUD_SDK_SK");
  }

  @Test
  void builderCredentialsWinOverTheEnvironment() {
    HuaweiCloudConfig c =
        minimal().environment(Map.of("HUAWEICLOUD_SDK_AK", "AK-H", "HUAWEICLOUD_SDK_SK", "SK-H")).build();

    assertThat(c.accessKey()).contains("AK1");
    assertThat(c.secretKey()).contains(SK);
  }

  @Test
  void halfAKeyPairIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                HuaweiCloudConfig.builder()
                    .region("cn-north-4")
                    .projectId("p1")
                    .environment(Map.of("HUAWEICLOUD_SDK_AK", "AK-ONLY-VALUE"))
                    .build())
        .hasMessageContaining("HUAWEICLOUD_SDK_SK is missing")
        .hasMessageNotContaining("AK-ONLY-VALUE");
    assertThatThrownBy(
            () -> HuaweiCloudConfig.builder().region("r-1").projectId("p").environment(Map.of()).secretKey(SK).build())
        .hasMessageContaining("set both huaweicloud.accessKey and huaweicloud.secretKey")
        .hasMessageNotContaining(SK);
  }

  @Test
  void noCredentialsAtAllFallBackToTheNodesAgency() {
    HuaweiCloudConfig c = HuaweiCloudConfig.builder().region("r-1").projectId("p").environment(Map.of()).build();
    assertThat(c.credentials().kind()).isEqualTo(HuaweiCloudConfig.Credentials.Kind.METADATA);
    assertThat(c.credentials().metadataEndpoint()).hasToString("http://169.254.169.254");
    assertThat(c.accessKey()).isEmpty();
  }

  @Test
  void forcedStaticCredentialsWithoutKeysSayWhereToPutThem() {
    assertThatThrownBy(
            () ->
                HuaweiCloudConfig.builder()
                    .region("r-1")
                    .projectId("p")
                    .environment(Map.of("HUAWEICLOUD_SDK_AK", "AK-H", "HUAWEICLOUD_SDK_SK", "SK-H"))
                    .credentials(CredentialSource.STATIC)
                    .build())
        .hasMessageContaining("huaweicloud.credentials is static but huaweicloud.accessKey and")
        .hasMessageContaining("huaweicloud.credentials=chain");
  }

  @Test
  void fromProviderConfigReadsEveryKey() {
    ProviderConfig pc =
        ProviderConfig.of(
            "huaweicloud.region", "ap-southeast-1",
            "huaweicloud.projectId", "p9",
            "huaweicloud.vpcId", "vpc-9",
            "huaweicloud.subnetId", "net-9",
            "huaweicloud.accessKey", "AK9",
            "huaweicloud.secretKey", SK,
            "huaweicloud.securityToken", "TOKEN9",
            "huaweicloud.endpoint.elb", "http://127.0.0.1:8080",
            "huaweicloud.endpoint.vpc", "http://127.0.0.1:8081/",
            "huaweicloud.connectTimeout", "3s",
            "huaweicloud.readTimeout", "PT20S",
            "huaweicloud.rateLimitPerSecond", "7",
            "huaweicloud.rateLimitWait", "1500ms",
            "huaweicloud.retry.maxAttempts", "4",
            "huaweicloud.retry.baseBackoff", "200ms",
            "huaweicloud.retry.maxBackoff", "1m",
            "huaweicloud.ignoreSslVerification", "true",
            "lbkit.provider", "huaweicloud");

    HuaweiCloudConfig c = HuaweiCloudConfig.fromProviderConfig(pc, Map.of());

    assertThat(c.region()).isEqualTo("ap-southeast-1");
    assertThat(c.projectId()).isEqualTo("p9");
    assertThat(c.vpcId()).contains("vpc-9");
    assertThat(c.subnetId()).contains("net-9");
    assertThat(c.accessKey()).contains("AK9");
    assertThat(c.secretKey()).contains(SK);
    assertThat(c.securityToken()).contains("TOKEN9");
    assertThat(c.elbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(c.vpcEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8081/"));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.rateLimitPerSecond()).isEqualTo(7);
    assertThat(c.rateLimitWait()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.retryMaxAttempts()).isEqualTo(4);
    assertThat(c.retryBaseBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.ignoreSslVerification()).isTrue();
  }

  @Test
  void fromProviderConfigRejectsUnknownKeysAndBadValues() {
    ProviderConfig base = ProviderConfig.of("huaweicloud.region", "r-1", "huaweicloud.projectId", "p");

    assertThatThrownBy(() -> HuaweiCloudConfig.fromProviderConfig(base.with("huaweicloud.regoin", "x"), Map.of()))
        .hasMessageContaining("unknown key huaweicloud.regoin");
    assertThatThrownBy(
            () -> HuaweiCloudConfig.fromProviderConfig(base.with("huaweicloud.readTimeout", "soon"), Map.of()))
        .hasMessageContaining("huaweicloud.readTimeout 'soon' is not a duration");
    assertThatThrownBy(
            () -> HuaweiCloudConfig.fromProviderConfig(base.with("huaweicloud.rateLimitPerSecond", "x"), Map.of()))
        .hasMessageContaining("huaweicloud.rateLimitPerSecond 'x' is not a whole number");
    assertThatThrownBy(
            () -> HuaweiCloudConfig.fromProviderConfig(base.with("huaweicloud.ignoreSslVerification", "yes"), Map.of()))
        .hasMessageContaining("is not a boolean");
  }

  @Test
  void fromProviderConfigTakesCredentialsFromTheEnvironment() {
    ProviderConfig pc = ProviderConfig.of("huaweicloud.region", "r-1", "huaweicloud.projectId", "p");

    HuaweiCloudConfig c =
        HuaweiCloudConfig.fromProviderConfig(pc, Map.of("HUAWEICLOUD_SDK_AK", "AKE", "HUAWEICLOUD_SDK_SK", "SKE"));

    assertThat(c.accessKey()).contains("AKE");
  }

  @Test
  void toStringNeverShowsCredentials() {
    HuaweiCloudConfig c = minimal().securityToken("TokenSecret999").build();

    assertThat(c.toString())
        .contains("cn-north-4")
        .contains("p1")
        .doesNotContain(SK)
        .doesNotContain("TokenSecret999")
        .doesNotContain("AK1");
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "http://127.0.0.1:8080", "http://127.10.20.30", "http://[::1]:9000", "http://localhost", "http://LOCALHOST:1",
      "https://elb.example.com"})
  void plainHttpIsAcceptedForLoopbackHostsOnly(String endpoint) {
    HuaweiCloudConfig c = minimal().elbEndpoint(URI.create(endpoint)).vpcEndpoint(URI.create(endpoint)).build();
    assertThat(c.elbEndpoint()).isEqualTo(URI.create(endpoint));
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "http://10.0.0.1", "http://elb.example.com", "http://127.0.0.1.example.com", "http://[::2]",
      "http://127.0.0.256", "http://localhost.example.com", "http://0.0.0.0"})
  void plainHttpToAnyOtherHostIsRefusedNamingTheKey(String endpoint) {
    assertThatThrownBy(() -> minimal().elbEndpoint(URI.create(endpoint)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("huaweicloud configuration: " + HuaweiCloudConfig.KEY_ELB_ENDPOINT);
    assertThatThrownBy(() -> minimal().vpcEndpoint(URI.create(endpoint)))
        .hasMessageStartingWith("huaweicloud configuration: " + HuaweiCloudConfig.KEY_VPC_ENDPOINT);
  }

  @Test
  void skippingCertificateChecksNeedsAnOverriddenEndpoint() {
    assertThatThrownBy(() -> minimal().ignoreSslVerification(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("huaweicloud configuration: " + HuaweiCloudConfig.KEY_IGNORE_SSL_VERIFICATION)
        .hasMessageContaining(HuaweiCloudConfig.KEY_ELB_ENDPOINT);
    assertThat(minimal().ignoreSslVerification(true).vpcEndpoint(URI.create("https://vpc.test.example")).build()
        .ignoreSslVerification()).isTrue();
  }

  @Test
  void toStringNeverShowsTheAccessKey() {
    String ak = "AKNEVERSHOWN000000001";
    assertThat(minimal().accessKey(ak).build().toString()).doesNotContain(ak).doesNotContain(SK);
    assertThat(minimal().environment(Map.of("HUAWEICLOUD_SDK_AK", ak, "HUAWEICLOUD_SDK_SK", SK)).build().toString())
        .doesNotContain(ak);
  }
}
