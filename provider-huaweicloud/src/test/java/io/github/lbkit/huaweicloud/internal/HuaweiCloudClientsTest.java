package io.github.lbkit.huaweicloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HuaweiCloudClientsTest {

  private static HuaweiCloudConfig.Builder base() {
    return HuaweiCloudConfig.builder()
        .region("cn-north-4")
        .projectId("p1")
        .environment(Map.of())
        .accessKey("AK1")
        .secretKey("SK1");
  }

  @Test
  void timeoutsAreSetExplicitlyAndTlsIsVerifiedByDefault() {
    HttpConfig http = HuaweiCloudClients.httpConfig(base().build());

    // Not the SDK's defaults (60 s connect, 120 s read).
    assertThat(http.getConnectionTimeout()).isEqualTo(5);
    assertThat(http.getReadTimeout()).isEqualTo(30);
    assertThat(http.isIgnoreSSLVerification()).isFalse();

    HttpConfig custom =
        HuaweiCloudClients.httpConfig(
            base().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(9))
                .elbEndpoint(java.net.URI.create("https://elb.test.example")).ignoreSslVerification(true).build());
    assertThat(custom.getConnectionTimeout()).isEqualTo(2);
    assertThat(custom.getReadTimeout()).isEqualTo(9);
    assertThat(custom.isIgnoreSSLVerification()).isTrue();
  }

  @Test
  void credentialsCarryTheProjectAndTheOptionalToken() {
    BasicCredentials permanent = HuaweiCloudClients.credentials(base().build());
    assertThat(permanent.getAk()).isEqualTo("AK1");
    assertThat(permanent.getSk()).isEqualTo("SK1");
    assertThat(permanent.getProjectId()).isEqualTo("p1");
    assertThat(permanent.getSecurityToken()).isNull();

    BasicCredentials temporary = HuaweiCloudClients.credentials(base().securityToken("T1").build());
    assertThat(temporary.getSecurityToken()).isEqualTo("T1");
  }

  @Test
  void everyClientIsBuiltFromTheRegionAlone() {
    HuaweiCloudClients clients = HuaweiCloudClients.create(base().build());

    assertThat(clients.elbV2()).isNotNull();
    assertThat(clients.elbV3()).isNotNull();
    assertThat(clients.eipV2()).isNotNull();
    assertThat(clients.eipV3()).isNotNull();
    assertThat(clients.vpcV2()).isNotNull();
  }
}
