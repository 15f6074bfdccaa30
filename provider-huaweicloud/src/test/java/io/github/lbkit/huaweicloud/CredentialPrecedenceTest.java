package io.github.lbkit.huaweicloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lbkit.api.ProviderConfig;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig.Credentials.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented order of credential sources, and forcing one with {@code huaweicloud.credentials}. */
class CredentialPrecedenceTest {

  @TempDir Path dir;

  private HuaweiCloudConfig.Builder builder(Map<String, String> env) {
    return HuaweiCloudConfig.builder().region("r-1").projectId("p").environment(env);
  }

  private Path token() throws IOException {
    Path f = dir.resolve("oidc-token");
    Files.writeString(f, "jwt");
    return f;
  }

  private Path profile(String text) throws IOException {
    Path f = dir.resolve("credentials");
    Files.writeString(f, text);
    return f;
  }

  /** Every source configured at once. */
  private Map<String, String> everything() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HUAWEICLOUD_SDK_AK", "AK-ENV");
    env.put("HUAWEICLOUD_SDK_SK", "SK-ENV");
    env.put("HUAWEICLOUD_SDK_IDP_ID", "idp-env");
    env.put("HUAWEICLOUD_SDK_ID_TOKEN_FILE", token().toString());
    env.put("CLOUD_SDK_AK", "AK-CLOUD");
    env.put("CLOUD_SDK_SK", "SK-CLOUD");
    env.put("HUAWEICLOUD_SDK_CREDENTIALS_FILE", profile("[basic]\nak = AK-FILE\nsk = SK-FILE\n").toString());
    return env;
  }

  @Test
  void explicitKeysComeFirst() throws IOException {
    HuaweiCloudConfig c = builder(everything()).accessKey("AK-CONF").secretKey("SK-CONF").build();
    assertThat(c.credentials().kind()).isEqualTo(Kind.STATIC);
    assertThat(c.accessKey()).contains("AK-CONF");
    assertThat(c.credentialSource()).isEqualTo("builder");
  }

  @Test
  void anExplicitIdentityProviderComesBeforeTheEnvironment() throws IOException {
    HuaweiCloudConfig c = builder(everything()).idpId("idp-conf").idTokenFile(token()).build();
    assertThat(c.credentials().kind()).isEqualTo(Kind.OIDC);
    assertThat(c.credentials().idpId()).contains("idp-conf");
  }

  @Test
  void thenEnvironmentKeysThenTheEnvironmentsIdentityProviderThenCloudSdkKeys() throws IOException {
    Map<String, String> env = everything();
    assertThat(builder(env).build().accessKey()).contains("AK-ENV");

    env.remove("HUAWEICLOUD_SDK_AK");
    env.remove("HUAWEICLOUD_SDK_SK");
    HuaweiCloudConfig oidc = builder(env).build();
    assertThat(oidc.credentials().kind()).isEqualTo(Kind.OIDC);
    assertThat(oidc.credentials().idpId()).contains("idp-env");
    assertThat(oidc.credentials().iamEndpoint()).hasToString(HuaweiCloudConfig.DEFAULT_IAM_ENDPOINT);

    env.remove("HUAWEICLOUD_SDK_IDP_ID");
    env.remove("HUAWEICLOUD_SDK_ID_TOKEN_FILE");
    assertThat(builder(env).build().accessKey()).contains("AK-CLOUD");
  }

  @Test
  void thenTheProfileFileThenTheInstanceMetadata() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HUAWEICLOUD_SDK_CREDENTIALS_FILE", profile("[basic]\nak = AK-FILE\nsk = SK-FILE\n").toString());
    HuaweiCloudConfig file = builder(env).build();
    assertThat(file.accessKey()).contains("AK-FILE");
    assertThat(file.credentialSource()).startsWith("profile file ");

    Files.delete(dir.resolve("credentials"));
    HuaweiCloudConfig node = builder(env).build();
    assertThat(node.credentials().kind()).isEqualTo(Kind.METADATA);
    assertThat(node.credentialSource()).isEqualTo("instance metadata");
  }

  @Test
  void theDefaultProfileFileIsUnderTheHomeDirectory() throws IOException {
    Files.createDirectories(dir.resolve(".huaweicloud"));
    Files.writeString(dir.resolve(".huaweicloud/credentials"), "[basic]\nak = AK-HOME\nsk = SK-HOME\n");
    assertThat(builder(Map.of("HOME", dir.toString())).build().accessKey()).contains("AK-HOME");
  }

  @Test
  void aForcedSourceIgnoresTheOthers() throws IOException {
    Map<String, String> env = everything();
    assertThat(builder(env).credentials(CredentialSource.METADATA).build().credentials().kind())
        .isEqualTo(Kind.METADATA);
    assertThat(builder(env).credentials(CredentialSource.PROFILE).build().accessKey()).contains("AK-FILE");
    assertThat(builder(env).credentials(CredentialSource.OIDC).build().credentials().idpId()).contains("idp-env");
    assertThat(builder(env).credentials(CredentialSource.ENV).accessKey("AK-CONF").secretKey("SK-CONF").build()
            .accessKey())
        .contains("AK-ENV");
  }

  @Test
  void aForcedSourceThatIsNotConfiguredSaysWhatIsMissing() {
    assertThatThrownBy(() -> builder(Map.of()).credentials(CredentialSource.OIDC).build())
        .hasMessageContaining("huaweicloud.credentials is oidc but neither huaweicloud.idpId");
    assertThatThrownBy(() -> builder(Map.of()).credentials(CredentialSource.ENV).build())
        .hasMessageContaining("HUAWEICLOUD_SDK_AK");
    assertThatThrownBy(
            () -> builder(Map.of()).credentials(CredentialSource.PROFILE).credentialsFile(dir.resolve("none")).build())
        .hasMessageContaining("does not exist");
  }

  @Test
  void aMissingTokenFileIsReportedAtOnce() {
    assertThatThrownBy(() -> builder(Map.of()).idpId("idp").idTokenFile(dir.resolve("absent")).build())
        .hasMessageContaining("OpenID Connect token file")
        .hasMessageContaining("mount the projected service account token");
  }

  @Test
  void aBrokenProfileNamesTheLineButNoValue() throws IOException {
    Path f = profile("[basic]\nak = AK-SECRET-LOOKING\nsk SK-NO-EQUALS\n");
    assertThatThrownBy(() -> builder(Map.of()).credentialsFile(f).build())
        .hasMessageContaining("line 3")
        .hasMessageNotContaining("SK-NO-EQUALS")
        .hasMessageNotContaining("AK-SECRET-LOOKING");
    Path half = profile("[basic]\nak = AK-HALF\n");
    assertThatThrownBy(() -> builder(Map.of()).credentialsFile(half).build())
        .hasMessageContaining("ak but no sk")
        .hasMessageNotContaining("AK-HALF");
  }

  @Test
  void providerConfigKeysSelectAndTuneTheSource() throws IOException {
    ProviderConfig pc =
        ProviderConfig.of(
            "huaweicloud.region", "r-1",
            "huaweicloud.projectId", "p",
            "huaweicloud.credentials", "OIDC",
            "huaweicloud.idpId", "idp-k",
            "huaweicloud.idTokenFile", token().toString(),
            "huaweicloud.endpoint.iam", "https://iam.r-1.example.com",
            "huaweicloud.endpoint.metadata", "http://127.0.0.1:9",
            "huaweicloud.credentials.refreshBefore", "30m");
    HuaweiCloudConfig c = HuaweiCloudConfig.fromProviderConfig(pc, Map.of());
    assertThat(c.credentials().kind()).isEqualTo(Kind.OIDC);
    assertThat(c.credentials().idpId()).contains("idp-k");
    assertThat(c.credentials().iamEndpoint()).isEqualTo(URI.create("https://iam.r-1.example.com"));
    assertThat(c.credentials().metadataEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9"));
    assertThat(c.credentialsRefreshBefore()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.toString()).contains("credentials=****(oidc from builder)");
  }

  @Test
  void badCredentialSettingsAreRejectedWithTheWayOut() {
    assertThatThrownBy(
            () ->
                HuaweiCloudConfig.fromProviderConfig(
                    ProviderConfig.of("huaweicloud.region", "r-1", "huaweicloud.projectId", "p",
                        "huaweicloud.credentials", "agency"),
                    Map.of()))
        .hasMessageContaining("use one of chain, static, env, profile, metadata, oidc");
    assertThatThrownBy(() -> builder(Map.of()).metadataEndpoint(URI.create("http://metadata.example.com")))
        .hasMessageContaining("http://169.254.169.254");
    assertThatThrownBy(() -> builder(Map.of()).iamEndpoint(URI.create("http://iam.example.com")))
        .hasMessageContaining("plain http");
    assertThatThrownBy(() -> builder(Map.of()).credentialsRefreshBefore(Duration.ofHours(13)))
        .hasMessageContaining("PT1S to PT12H");
    assertThatThrownBy(() -> builder(Map.of("HUAWEICLOUD_SDK_IDP_ID", "idp")).build())
        .hasMessageContaining("HUAWEICLOUD_SDK_ID_TOKEN_FILE is missing");
  }
}
