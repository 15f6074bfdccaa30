package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Huawei Cloud SDK clients of one provider, built from a {@link HuaweiCloudConfig}: ELB v2 (shared) and v3
 * (dedicated) on the ELB endpoint, EIP v2/v3 and VPC v2 on the VPC endpoint.
 *
 * <p>Credentials are the SDK's {@link BasicCredentials}: static keys, or temporary credentials from the node's
 * agency or an OpenID Connect token that the SDK renews before they expire (see {@link RenewingCredentials}).
 *
 * <p>Clients are always given explicit endpoints and the project id, never only a region: with a region alone
 * the SDK first asks IAM for the project, a hidden network call.
 */
public final class HuaweiCloudClients {

  private final com.huaweicloud.sdk.elb.v2.ElbClient elbV2;
  private final com.huaweicloud.sdk.elb.v3.ElbClient elbV3;
  private final com.huaweicloud.sdk.eip.v2.EipClient eipV2;
  private final com.huaweicloud.sdk.eip.v3.EipClient eipV3;
  private final com.huaweicloud.sdk.vpc.v2.VpcClient vpcV2;

  private HuaweiCloudClients(
      com.huaweicloud.sdk.elb.v2.ElbClient elbV2,
      com.huaweicloud.sdk.elb.v3.ElbClient elbV3,
      com.huaweicloud.sdk.eip.v2.EipClient eipV2,
      com.huaweicloud.sdk.eip.v3.EipClient eipV3,
      com.huaweicloud.sdk.vpc.v2.VpcClient vpcV2) {
    this.elbV2 = elbV2;
    this.elbV3 = elbV3;
    this.eipV2 = eipV2;
    this.eipV3 = eipV3;
    this.vpcV2 = vpcV2;
  }

  /**
   * Builds the clients. Makes no network call.
   *
   * @param config the settings
   * @return the clients
   */
  public static HuaweiCloudClients create(HuaweiCloudConfig config) {
    Objects.requireNonNull(config, "config");
    // One credentials object for all clients: temporary credentials are fetched and renewed once.
    BasicCredentials shared = credentials(config);
    Supplier<BasicCredentials> credentials = () -> shared;
    Supplier<HttpConfig> http = () -> httpConfig(config);
    List<String> elb = List.of(endpoint(config.elbEndpoint().toString()));
    List<String> vpc = List.of(endpoint(config.vpcEndpoint().toString()));
    return new HuaweiCloudClients(
        com.huaweicloud.sdk.elb.v2.ElbClient.newBuilder()
            .withCredential(credentials.get())
            .withHttpConfig(http.get())
            .withEndpoints(elb)
            .build(),
        com.huaweicloud.sdk.elb.v3.ElbClient.newBuilder()
            .withCredential(credentials.get())
            .withHttpConfig(http.get())
            .withEndpoints(elb)
            .build(),
        com.huaweicloud.sdk.eip.v2.EipClient.newBuilder()
            .withCredential(credentials.get())
            .withHttpConfig(http.get())
            .withEndpoints(vpc)
            .build(),
        com.huaweicloud.sdk.eip.v3.EipClient.newBuilder()
            .withCredential(credentials.get())
            .withHttpConfig(http.get())
            .withEndpoints(vpc)
            .build(),
        com.huaweicloud.sdk.vpc.v2.VpcClient.newBuilder()
            .withCredential(credentials.get())
            .withHttpConfig(http.get())
            .withEndpoints(vpc)
            .build());
  }

  static BasicCredentials credentials(HuaweiCloudConfig config) {
    switch (config.credentials().kind()) {
      case METADATA:
        return RenewingCredentials.metadata(config);
      case OIDC:
        return RenewingCredentials.oidc(config);
      default:
        BasicCredentials c =
            new BasicCredentials()
                .withAk(config.accessKey().orElseThrow())
                .withSk(config.secretKey().orElseThrow())
                .withProjectId(config.projectId());
        config.securityToken().ifPresent(c::withSecurityToken);
        return c;
    }
  }

  static HttpConfig httpConfig(HuaweiCloudConfig config) {
    // The SDK defaults are 60 s connect and 120 s read; withTimeout() does not bound a slow answer.
    return HttpConfig.getDefaultHttpConfig()
        .withConnectionTimeout(Math.toIntExact(config.connectTimeout().toSeconds()))
        .withReadTimeout(Math.toIntExact(config.readTimeout().toSeconds()))
        .withIgnoreSSLVerification(config.ignoreSslVerification());
  }

  // The SDK appends paths to the endpoint; a trailing slash would double it.
  private static String endpoint(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /**
   * Returns the shared ELB (v2) client.
   *
   * @return the client
   */
  public com.huaweicloud.sdk.elb.v2.ElbClient elbV2() {
    return elbV2;
  }

  /**
   * Returns the dedicated ELB (v3) client.
   *
   * @return the client
   */
  public com.huaweicloud.sdk.elb.v3.ElbClient elbV3() {
    return elbV3;
  }

  /**
   * Returns the EIP v2 client (create, show, list, update, delete; the URLs are {@code /v1}).
   *
   * @return the client
   */
  public com.huaweicloud.sdk.eip.v2.EipClient eipV2() {
    return eipV2;
  }

  /**
   * Returns the EIP v3 client (associate and disassociate).
   *
   * @return the client
   */
  public com.huaweicloud.sdk.eip.v3.EipClient eipV3() {
    return eipV3;
  }

  /**
   * Returns the VPC v2 client (subnets; the URLs are {@code /v1}).
   *
   * @return the client
   */
  public com.huaweicloud.sdk.vpc.v2.VpcClient vpcV2() {
    return vpcV2;
  }
}
