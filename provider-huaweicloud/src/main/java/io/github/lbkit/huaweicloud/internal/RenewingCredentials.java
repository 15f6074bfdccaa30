package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpClient;
import com.huaweicloud.sdk.core.http.HttpRequest;
import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's {@link com.huaweicloud.sdk.core.auth.BasicCredentials} for temporary credentials that renew
 * themselves: the node's agency through the instance metadata, or an OpenID Connect token exchanged at IAM. The
 * SDK does the renewal: before signing a request it checks whether the credentials expire within {@link
 * HuaweiCloudConfig#credentialsRefreshBefore()} (or are not fetched yet) and fetches new ones. This class adds:
 *
 * <ul>
 *   <li>a configurable metadata endpoint (the SDK's {@code MetadataAccessor} hard-codes it), through {@link
 *       MetadataCredentialFetcher};
 *   <li>renewal and signing serialized, so that the clients sharing these credentials renew once and never sign
 *       with the access key of one fetch and the secret key of another;
 *   <li>one renewal per call (the SDK would check twice and, inside the margin, fetch twice);
 *   <li>a failed renewal leaves as a {@link CloudApiException} that says what to do, without any secret, and
 *       never with a status that reads as the resource's not-found.
 * </ul>
 */
final class RenewingCredentials {

  /** The operation name of a failed renewal. */
  static final String OPERATION = "renewCredentials";

  private RenewingCredentials() {}

  /**
   * Credentials of the node's agency, fetched from the instance metadata at the first call.
   *
   * @param config the settings
   * @return credentials that renew themselves
   */
  static BasicCredentials metadata(HuaweiCloudConfig config) {
    return BasicCredentials.metadata(config);
  }

  /**
   * Credentials exchanged at IAM for the OpenID Connect token in a file, at the first call.
   *
   * @param config the settings
   * @return credentials that renew themselves
   */
  static BasicCredentials oidc(HuaweiCloudConfig config) {
    return BasicCredentials.oidc(config);
  }

  /**
   * The SDK's credentials with the additions above. Named {@code BasicCredentials} because the SDK's client
   * builder accepts a credentials object only when its class's simple name is that of a supported type.
   */
  static final class BasicCredentials extends com.huaweicloud.sdk.core.auth.BasicCredentials {

    private final HuaweiCloudConfig.Credentials.Kind kind;
    private final String where;
    private boolean signing;

    private BasicCredentials(HuaweiCloudConfig.Credentials.Kind kind, String where) {
      this.kind = kind;
      this.where = where;
    }

    /**
     * Credentials of the node's agency, fetched from the instance metadata at the first call.
     *
     * @param config the settings
     * @return credentials that renew themselves
     */
    static BasicCredentials metadata(HuaweiCloudConfig config) {
      HuaweiCloudConfig.Credentials c = config.credentials();
      BasicCredentials r =
          new BasicCredentials(
              HuaweiCloudConfig.Credentials.Kind.METADATA, "instance metadata at " + c.metadataEndpoint());
      // The SDK's renewal calls this accessor; the SDK's own would ask the fixed address.
      r.metadataAccessor =
          new MetadataCredentialFetcher(c.metadataEndpoint(), config.connectTimeout(), config.readTimeout());
      return r.common(config);
    }

    /**
     * Credentials exchanged at IAM for the OpenID Connect token in a file, at the first call.
     *
     * @param config the settings
     * @return credentials that renew themselves
     */
    static BasicCredentials oidc(HuaweiCloudConfig config) {
      HuaweiCloudConfig.Credentials c = config.credentials();
      BasicCredentials r =
          new BasicCredentials(HuaweiCloudConfig.Credentials.Kind.OIDC, "IAM at " + c.iamEndpoint());
      r.withIdpId(c.idpId().orElseThrow())
          .withIdTokenFile(c.idTokenFile().orElseThrow().toString())
          .withIamEndpoint(trimSlash(c.iamEndpoint().toString()));
      return r.common(config);
    }

    private BasicCredentials common(HuaweiCloudConfig config) {
      withProjectId(config.projectId());
      setExpirationThresholdSeconds(Math.max(1, config.credentialsRefreshBefore().toSeconds()));
      return this;
    }

    private static String trimSlash(String uri) {
      return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /**
     * Returns when the current credentials expire, for tests and diagnostics.
     *
     * @return the expiry in epoch milliseconds, or null before the first fetch
     */
    synchronized @Nullable Long expiresAtMillis() {
      return expiredAt;
    }

    @Override
    public synchronized HttpRequest syncProcessAuthRequest(HttpRequest request, HttpClient client) {
      Objects.requireNonNull(request, "request");
      try {
        if (needUpdateFederalAuthToken()) {
          updateFederalAuthTokenByIdToken(client);
        } else if (needUpdateSecurityTokenFromMetadata()) {
          updateSecurityTokenFromMetadata();
        }
      } catch (CloudApiException e) {
        throw e;
      } catch (RuntimeException e) {
        throw failure(e);
      }
      // The SDK would check again while signing and, with credentials that are still inside the margin, renew a
      // second time; renewal has been decided above.
      signing = true;
      try {
        return super.syncProcessAuthRequest(request, client);
      } finally {
        signing = false;
      }
    }

    @Override
    protected boolean needUpdateFederalAuthToken() {
      return !signing && super.needUpdateFederalAuthToken();
    }

    @Override
    protected boolean needUpdateSecurityTokenFromMetadata() {
      return !signing && super.needUpdateSecurityTokenFromMetadata();
    }

    private CloudApiException failure(RuntimeException e) {
      int answered = e instanceof ServiceResponseException s ? s.getHttpStatusCode() : CloudApiException.NO_RESPONSE;
      // The status of the metadata service or IAM is not the status of the API call: a 404 there (no agency) must
      // never read as "the load balancer does not exist". A refusal is reported as 401, an authentication error.
      int status =
          answered == CloudApiException.NO_RESPONSE || answered == 429 || answered >= 500 ? answered : 401;
      boolean retryable = status != 401;
      String advice =
          kind == HuaweiCloudConfig.Credentials.Kind.OIDC
              ? "check that huaweicloud.idpId names an IAM identity provider that trusts the token's issuer, that"
                  + " the token file holds an unexpired token for it, and that the provider maps it to a user with"
                  + " ELB, EIP and VPC permissions"
              : "bind an agency with ELB, EIP and VPC permissions to the node (ECS: the instance's agency; CCE: the"
                  + " node pool's), or configure other credentials (see huaweicloud.credentials)";
      CloudApiException out =
          new CloudApiException(
              OPERATION,
              status,
              null,
              null,
              retryable,
              "could not get temporary credentials from "
                  + where
                  + (answered == CloudApiException.NO_RESPONSE
                      ? " (no answer)"
                      : " (it answered HTTP " + answered + ")")
                  + "; "
                  + (retryable ? "will retry; if it persists, " : "")
                  + advice,
              null);
      // The cause is kept by type only: SDK messages may quote a response body.
      out.addSuppressed(new IllegalStateException(e.getClass().getName()));
      return out;
    }

    @Override
    public com.huaweicloud.sdk.core.auth.BasicCredentials deepClone() {
      // Shared, not copied: a copy would lose the metadata endpoint and renew on its own.
      return this;
    }
}
}
