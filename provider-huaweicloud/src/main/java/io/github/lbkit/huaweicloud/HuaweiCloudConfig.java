package io.github.lbkit.huaweicloud;

import io.github.lbkit.api.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of the Huawei Cloud provider: where to call (region, project, endpoints), as whom (AK/SK and an
 * optional security token), and how (timeouts, rate limit, retry policy).
 *
 * <p>Build one with {@link #builder()} or read one from {@link ProviderConfig} keys {@code huaweicloud.*} with
 * {@link #fromProviderConfig(ProviderConfig)}. Setters validate their argument at once and name the setting
 * in the error. Credentials come from the source {@link Builder#credentials} selects; by default the first
 * configured of: explicit settings, the environment, the profile file and the node's agency through the instance
 * metadata (see {@link CredentialSource}). Temporary credentials from the metadata or from an OpenID Connect token
 * are renewed before they expire. The key pair always comes from one source.
 *
 * <p>Credentials never appear in {@link #toString()} or in any error message.
 */
public final class HuaweiCloudConfig {

  /** The default TCP connect timeout: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The default read timeout of one HTTP call: 30 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** The default client-side rate limit: 10 calls per second. */
  public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 10;

  /** The default longest wait for a rate-limit permit before a call fails as retryable: 30 seconds. */
  public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(30);

  /**
   * The default limits of single operations: shared ELB member creation ({@code createMember}, ELB v2) at 200
   * calls per minute, as the ELB API reference documents it.
   */
  public static final Map<String, OperationLimit> DEFAULT_OPERATION_LIMITS =
      Map.of("createMember", new OperationLimit(200, Duration.ofMinutes(1)));

  /** The default number of attempts of one call, the first included: 5. */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 5;

  /** The default first backoff between attempts: 500 milliseconds, doubled per attempt, with jitter. */
  public static final Duration DEFAULT_RETRY_BASE_BACKOFF = Duration.ofMillis(500);

  /** The default longest backoff between attempts: 10 seconds. */
  public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(10);

  /** The environment variable with the access key. */
  public static final String ENV_AK = "HUAWEICLOUD_SDK_AK";

  /** The environment variable with the secret key. */
  public static final String ENV_SK = "HUAWEICLOUD_SDK_SK";

  /** The environment variable with the security token of temporary credentials. */
  public static final String ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

  /** The fallback environment variable with the access key. */
  public static final String ENV_CLOUD_AK = "CLOUD_SDK_AK";

  /** The fallback environment variable with the secret key. */
  public static final String ENV_CLOUD_SK = "CLOUD_SDK_SK";

  /** The environment variable with the id of the IAM identity provider of an OpenID Connect token. */
  public static final String ENV_IDP_ID = "HUAWEICLOUD_SDK_IDP_ID";

  /** The environment variable with the path of an OpenID Connect token file. */
  public static final String ENV_ID_TOKEN_FILE = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";

  /** The environment variable with the IAM endpoint that an OpenID Connect token is exchanged at. */
  public static final String ENV_IAM_ENDPOINT = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

  /** The environment variable with the path of the profile file. */
  public static final String ENV_CREDENTIALS_FILE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

  /** The default IAM endpoint, as the SDK's: {@value}. */
  public static final String DEFAULT_IAM_ENDPOINT = "https://iam.myhuaweicloud.com";

  /** The instance metadata endpoint of ECS and CCE nodes: {@value}. */
  public static final String DEFAULT_METADATA_ENDPOINT = "http://169.254.169.254";

  /** The default margin before expiry at which temporary credentials are renewed: 2 hours, as the SDK's. */
  public static final Duration DEFAULT_CREDENTIALS_REFRESH_BEFORE = Duration.ofHours(2);

  /** The {@link ProviderConfig} key prefix of every setting. */
  public static final String PREFIX = "huaweicloud.";

  /** Key of {@link Builder#region}. */
  public static final String KEY_REGION = PREFIX + "region";

  /** Key of {@link Builder#projectId}. */
  public static final String KEY_PROJECT_ID = PREFIX + "projectId";

  /** Key of {@link Builder#vpcId}. */
  public static final String KEY_VPC_ID = PREFIX + "vpcId";

  /** Key of {@link Builder#subnetId}. */
  public static final String KEY_SUBNET_ID = PREFIX + "subnetId";

  /** Key of the access key. */
  public static final String KEY_ACCESS_KEY = PREFIX + "accessKey";

  /** Key of the secret key. */
  public static final String KEY_SECRET_KEY = PREFIX + "secretKey";

  /** Key of the security token. */
  public static final String KEY_SECURITY_TOKEN = PREFIX + "securityToken";

  /** Key of {@link Builder#credentials}. */
  public static final String KEY_CREDENTIALS = PREFIX + "credentials";

  /** Key of {@link Builder#idpId}. */
  public static final String KEY_IDP_ID = PREFIX + "idpId";

  /** Key of {@link Builder#idTokenFile}. */
  public static final String KEY_ID_TOKEN_FILE = PREFIX + "idTokenFile";

  /** Key of {@link Builder#credentialsFile}. */
  public static final String KEY_CREDENTIALS_FILE = PREFIX + "credentialsFile";

  /** Key of {@link Builder#credentialsRefreshBefore}. */
  public static final String KEY_CREDENTIALS_REFRESH_BEFORE = PREFIX + "credentials.refreshBefore";

  /** Key of {@link Builder#iamEndpoint}. */
  public static final String KEY_IAM_ENDPOINT = PREFIX + "endpoint.iam";

  /** Key of {@link Builder#metadataEndpoint}. */
  public static final String KEY_METADATA_ENDPOINT = PREFIX + "endpoint.metadata";

  /** Key of {@link Builder#elbEndpoint}. */
  public static final String KEY_ELB_ENDPOINT = PREFIX + "endpoint.elb";

  /** Key of {@link Builder#vpcEndpoint}. */
  public static final String KEY_VPC_ENDPOINT = PREFIX + "endpoint.vpc";

  /** Key of {@link Builder#connectTimeout}. */
  public static final String KEY_CONNECT_TIMEOUT = PREFIX + "connectTimeout";

  /** Key of {@link Builder#readTimeout}. */
  public static final String KEY_READ_TIMEOUT = PREFIX + "readTimeout";

  /** Key of {@link Builder#rateLimitPerSecond}. */
  public static final String KEY_RATE_LIMIT = PREFIX + "rateLimitPerSecond";

  /** Key of {@link Builder#rateLimitWait}. */
  public static final String KEY_RATE_LIMIT_WAIT = PREFIX + "rateLimitWait";

  /** Key of {@link Builder#operationLimits}: {@code operation=calls/period,...} or {@code none}. */
  public static final String KEY_OPERATION_LIMITS = PREFIX + "rateLimit.operations";

  /** Key of {@link Builder#retryMaxAttempts}. */
  public static final String KEY_RETRY_MAX_ATTEMPTS = PREFIX + "retry.maxAttempts";

  /** Key of {@link Builder#retryBaseBackoff}. */
  public static final String KEY_RETRY_BASE_BACKOFF = PREFIX + "retry.baseBackoff";

  /** Key of {@link Builder#retryMaxBackoff}. */
  public static final String KEY_RETRY_MAX_BACKOFF = PREFIX + "retry.maxBackoff";

  /** Key of {@link Builder#allowIpTargetsOnAttached}. */
  public static final String KEY_ALLOW_IP_TARGETS_ON_ATTACHED = PREFIX + "allowIpTargetsOnAttached";

  /** Key of {@link Builder#ignoreSslVerification}. */
  public static final String KEY_IGNORE_SSL_VERIFICATION = PREFIX + "ignoreSslVerification";

  private static final List<String> KEYS =
      List.of(
          KEY_REGION,
          KEY_PROJECT_ID,
          KEY_VPC_ID,
          KEY_SUBNET_ID,
          KEY_ACCESS_KEY,
          KEY_SECRET_KEY,
          KEY_SECURITY_TOKEN,
          KEY_CREDENTIALS,
          KEY_IDP_ID,
          KEY_ID_TOKEN_FILE,
          KEY_CREDENTIALS_FILE,
          KEY_CREDENTIALS_REFRESH_BEFORE,
          KEY_IAM_ENDPOINT,
          KEY_METADATA_ENDPOINT,
          KEY_ELB_ENDPOINT,
          KEY_VPC_ENDPOINT,
          KEY_CONNECT_TIMEOUT,
          KEY_READ_TIMEOUT,
          KEY_RATE_LIMIT,
          KEY_RATE_LIMIT_WAIT,
          KEY_OPERATION_LIMITS,
          KEY_RETRY_MAX_ATTEMPTS,
          KEY_RETRY_BASE_BACKOFF,
          KEY_RETRY_MAX_BACKOFF,
          KEY_IGNORE_SSL_VERIFICATION,
          KEY_ALLOW_IP_TARGETS_ON_ATTACHED);

  private final String region;
  private final String projectId;
  private final @Nullable String vpcId;
  private final @Nullable String subnetId;
  private final Credentials credentials;
  private final Duration credentialsRefreshBefore;
  private final @Nullable URI elbEndpoint;
  private final @Nullable URI vpcEndpoint;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int rateLimitPerSecond;
  private final Duration rateLimitWait;
  private final Map<String, OperationLimit> operationLimits;
  private final int retryMaxAttempts;
  private final Duration retryBaseBackoff;
  private final Duration retryMaxBackoff;
  private final boolean ignoreSslVerification;
  private final boolean allowIpTargetsOnAttached;

  private HuaweiCloudConfig(Builder b, Credentials credentials) {
    this.region = Objects.requireNonNull(b.region, "region");
    this.projectId = Objects.requireNonNull(b.projectId, "projectId");
    this.vpcId = b.vpcId;
    this.subnetId = b.subnetId;
    this.credentials = credentials;
    this.credentialsRefreshBefore = b.credentialsRefreshBefore;
    this.elbEndpoint = b.elbEndpoint;
    this.vpcEndpoint = b.vpcEndpoint;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.rateLimitPerSecond = b.rateLimitPerSecond;
    this.rateLimitWait = b.rateLimitWait;
    this.operationLimits = b.operationLimits;
    this.retryMaxAttempts = b.retryMaxAttempts;
    this.retryBaseBackoff = b.retryBaseBackoff;
    this.retryMaxBackoff = b.retryMaxBackoff;
    this.ignoreSslVerification = b.ignoreSslVerification;
    this.allowIpTargetsOnAttached = b.allowIpTargetsOnAttached;
  }

  /**
   * Starts a builder that reads missing credentials from the process environment.
   *
   * @return a builder with every default set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the settings from {@code huaweicloud.*} keys, taking missing credentials from the process
   * environment.
   *
   * @param config the provider settings
   * @return the configuration
   * @throws IllegalArgumentException naming the key when a setting is missing, unknown or invalid
   */
  public static HuaweiCloudConfig fromProviderConfig(ProviderConfig config) {
    return fromProviderConfig(config, System.getenv());
  }

  /**
   * Reads the settings from {@code huaweicloud.*} keys, taking missing credentials from the given environment.
   *
   * <p>Durations are ISO-8601 ({@code PT5S}) or a number with a unit {@code ms}, {@code s} or {@code m}
   * ({@code 500ms}, {@code 5s}); a plain number means seconds. Unknown {@code huaweicloud.*} keys are rejected,
   * so that a typo does not silently fall back to a default.
   *
   * @param config the provider settings
   * @param environment the environment variables to read credentials from
   * @return the configuration
   * @throws IllegalArgumentException naming the key when a setting is missing, unknown or invalid
   */
  public static HuaweiCloudConfig fromProviderConfig(ProviderConfig config, Map<String, String> environment) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(environment, "environment");
    for (String key : config.properties().keySet()) {
      if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: unknown key " + key + "; use one of " + KEYS);
      }
    }
    Builder b = builder().environment(environment);
    config.get(KEY_REGION).ifPresent(b::region);
    config.get(KEY_PROJECT_ID).ifPresent(b::projectId);
    config.get(KEY_VPC_ID).ifPresent(b::vpcId);
    config.get(KEY_SUBNET_ID).ifPresent(b::subnetId);
    config.get(KEY_ACCESS_KEY).ifPresent(b::accessKey);
    config.get(KEY_SECRET_KEY).ifPresent(b::secretKey);
    config.get(KEY_SECURITY_TOKEN).ifPresent(b::securityToken);
    config.get(KEY_CREDENTIALS).ifPresent(v -> b.credentials(CredentialSource.parse(KEY_CREDENTIALS, v)));
    config.get(KEY_IDP_ID).ifPresent(b::idpId);
    config.get(KEY_ID_TOKEN_FILE).ifPresent(v -> b.idTokenFile(parsePath(KEY_ID_TOKEN_FILE, v)));
    config.get(KEY_CREDENTIALS_FILE).ifPresent(v -> b.credentialsFile(parsePath(KEY_CREDENTIALS_FILE, v)));
    config
        .get(KEY_CREDENTIALS_REFRESH_BEFORE)
        .ifPresent(v -> b.credentialsRefreshBefore(parseDuration(KEY_CREDENTIALS_REFRESH_BEFORE, v)));
    config.get(KEY_IAM_ENDPOINT).ifPresent(v -> b.iamEndpoint(parseUri(KEY_IAM_ENDPOINT, v)));
    config.get(KEY_METADATA_ENDPOINT).ifPresent(v -> b.metadataEndpoint(parseUri(KEY_METADATA_ENDPOINT, v)));
    config.get(KEY_ELB_ENDPOINT).ifPresent(v -> b.elbEndpoint(parseUri(KEY_ELB_ENDPOINT, v)));
    config.get(KEY_VPC_ENDPOINT).ifPresent(v -> b.vpcEndpoint(parseUri(KEY_VPC_ENDPOINT, v)));
    config.get(KEY_CONNECT_TIMEOUT).ifPresent(v -> b.connectTimeout(parseDuration(KEY_CONNECT_TIMEOUT, v)));
    config.get(KEY_READ_TIMEOUT).ifPresent(v -> b.readTimeout(parseDuration(KEY_READ_TIMEOUT, v)));
    config.get(KEY_RATE_LIMIT).ifPresent(v -> b.rateLimitPerSecond(parseInt(KEY_RATE_LIMIT, v)));
    config.get(KEY_RATE_LIMIT_WAIT).ifPresent(v -> b.rateLimitWait(parseDuration(KEY_RATE_LIMIT_WAIT, v)));
    config
        .get(KEY_OPERATION_LIMITS)
        .ifPresent(v -> b.operationLimits(OperationLimit.parseAll(KEY_OPERATION_LIMITS, v)));
    config
        .get(KEY_RETRY_MAX_ATTEMPTS)
        .ifPresent(v -> b.retryMaxAttempts(parseInt(KEY_RETRY_MAX_ATTEMPTS, v)));
    config
        .get(KEY_RETRY_BASE_BACKOFF)
        .ifPresent(v -> b.retryBaseBackoff(parseDuration(KEY_RETRY_BASE_BACKOFF, v)));
    config
        .get(KEY_RETRY_MAX_BACKOFF)
        .ifPresent(v -> b.retryMaxBackoff(parseDuration(KEY_RETRY_MAX_BACKOFF, v)));
    config
        .get(KEY_IGNORE_SSL_VERIFICATION)
        .ifPresent(v -> b.ignoreSslVerification(parseBoolean(KEY_IGNORE_SSL_VERIFICATION, v)));
    config
        .get(KEY_ALLOW_IP_TARGETS_ON_ATTACHED)
        .ifPresent(v -> b.allowIpTargetsOnAttached(parseBoolean(KEY_ALLOW_IP_TARGETS_ON_ATTACHED, v)));
    return b.build();
  }

  /**
   * Returns the region, for example {@code cn-north-4}.
   *
   * @return the region
   */
  public String region() {
    return region;
  }

  /**
   * Returns the project id that every call is scoped to.
   *
   * @return the project id
   */
  public String projectId() {
    return projectId;
  }

  /**
   * Returns the cluster's VPC: when set, the subnet of a Service's load balancer and members (its
   * {@code kubernetes.io/elb.subnet-id}, or {@link #subnetId()}) must lie in it, and ensure refuses one of another
   * VPC before any write; when empty, no such check is made.
   *
   * @return the VPC id, or empty
   */
  public Optional<String> vpcId() {
    return Optional.ofNullable(vpcId);
  }

  /**
   * Returns the VPC subnet id (the console's "network id") used when a Service names none.
   *
   * @return the subnet id, or empty
   */
  public Optional<String> subnetId() {
    return Optional.ofNullable(subnetId);
  }

  /**
   * Returns the credentials the provider signs with: what kind, from where, and the values or how to get them.
   * Never log the values; its {@code toString()} shows none.
   *
   * @return the resolved credentials
   */
  public Credentials credentials() {
    return credentials;
  }

  /**
   * Returns the access key of static credentials. Never log it.
   *
   * @return the access key, or empty when the credentials are fetched and renewed at run time
   */
  public Optional<String> accessKey() {
    return Optional.ofNullable(credentials.accessKey);
  }

  /**
   * Returns the secret key of static credentials. Never log it.
   *
   * @return the secret key, or empty when the credentials are fetched and renewed at run time
   */
  public Optional<String> secretKey() {
    return Optional.ofNullable(credentials.secretKey);
  }

  /**
   * Returns the security token of static temporary credentials, which expires and is not renewed. Never log it.
   *
   * @return the token, or empty for permanent or renewed credentials
   */
  public Optional<String> securityToken() {
    return Optional.ofNullable(credentials.securityToken);
  }

  /**
   * Returns where the credentials came from, free of secrets: {@code builder}, the environment variables, the
   * profile file, {@code instance metadata} or the OpenID Connect token file.
   *
   * @return a description of the source
   */
  public String credentialSource() {
    return credentials.source;
  }

  /**
   * Returns the margin before expiry at which temporary credentials are renewed.
   *
   * @return the margin, 1 second to 12 hours
   */
  public Duration credentialsRefreshBefore() {
    return credentialsRefreshBefore;
  }

  /**
   * Returns the ELB endpoint: the override, or {@code https://elb.{region}.myhuaweicloud.com}.
   *
   * @return the endpoint
   */
  public URI elbEndpoint() {
    return elbEndpoint != null ? elbEndpoint : URI.create("https://elb." + region + ".myhuaweicloud.com");
  }

  /**
   * Returns the endpoint of the EIP and VPC APIs: the override, or {@code https://vpc.{region}.myhuaweicloud.com}.
   *
   * @return the endpoint
   */
  public URI vpcEndpoint() {
    return vpcEndpoint != null ? vpcEndpoint : URI.create("https://vpc." + region + ".myhuaweicloud.com");
  }

  /**
   * Returns the TCP connect timeout.
   *
   * @return whole seconds, at least one
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns the read timeout of one HTTP call.
   *
   * @return whole seconds, at least one
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Returns the client-side rate limit across all calls of one provider.
   *
   * @return calls per second, at least one
   */
  public int rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  /**
   * Returns the longest wait for a rate-limit permit; a call that would wait longer fails as retryable.
   *
   * @return the wait, zero or more
   */
  public Duration rateLimitWait() {
    return rateLimitWait;
  }

  /**
   * Returns the limits of single operations the provider spaces its calls for, besides the global rate.
   *
   * @return the limits by operation name; empty for none
   */
  public Map<String, OperationLimit> operationLimits() {
    return operationLimits;
  }

  /**
   * Returns the number of attempts of one call, the first included.
   *
   * @return at least one
   */
  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  /**
   * Returns the backoff before the second attempt; it doubles per attempt, with jitter.
   *
   * @return a positive duration
   */
  public Duration retryBaseBackoff() {
    return retryBaseBackoff;
  }

  /**
   * Returns the longest backoff between attempts.
   *
   * @return a duration no shorter than the base backoff
   */
  public Duration retryMaxBackoff() {
    return retryMaxBackoff;
  }

  /**
   * Whether TLS certificates of the endpoints are not verified. Only for test endpoints.
   *
   * @return false by default
   */
  public boolean ignoreSslVerification() {
    return ignoreSslVerification;
  }

  /**
   * Returns whether the provider may switch IP-as-backend on for a dedicated load balancer a Service attaches to
   * but did not create (pod backends need it, and it cannot be switched off).
   *
   * @return true when allowed; false (the default) refuses such a Service before any write
   */
  public boolean allowIpTargetsOnAttached() {
    return allowIpTargetsOnAttached;
  }

  @Override
  public String toString() {
    return "HuaweiCloudConfig{region="
        + region
        + ", projectId="
        + projectId
        + ", vpcId="
        + vpcId
        + ", subnetId="
        + subnetId
        + ", credentials="
        + credentials
        + ", elbEndpoint="
        + elbEndpoint()
        + ", vpcEndpoint="
        + vpcEndpoint()
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", rateLimitPerSecond="
        + rateLimitPerSecond
        + ", rateLimitWait="
        + rateLimitWait
        + ", operationLimits="
        + OperationLimit.format(operationLimits)
        + ", retryMaxAttempts="
        + retryMaxAttempts
        + ", retryBaseBackoff="
        + retryBaseBackoff
        + ", retryMaxBackoff="
        + retryMaxBackoff
        + ", ignoreSslVerification="
        + ignoreSslVerification
        + ", allowIpTargetsOnAttached="
        + allowIpTargetsOnAttached
        + '}';
  }

  /**
   * The credentials a configuration resolved to: their kind, where they came from, and the values (static) or how
   * to fetch them (metadata, OpenID Connect). {@link #toString()} shows the kind and source, never a value.
   */
  public static final class Credentials {

    /** What kind of credentials. */
    public enum Kind {
      /** An access key and secret key, with an optional security token that is not renewed. */
      STATIC,
      /** Temporary credentials of the node's agency, from the instance metadata, renewed before they expire. */
      METADATA,
      /** Temporary credentials exchanged at IAM for an OpenID Connect token, renewed before they expire. */
      OIDC
    }

    private final Kind kind;
    private final String source;
    private final @Nullable String accessKey;
    private final @Nullable String secretKey;
    private final @Nullable String securityToken;
    private final @Nullable String idpId;
    private final @Nullable Path idTokenFile;
    private final URI iamEndpoint;
    private final URI metadataEndpoint;

    private Credentials(
        Kind kind,
        String source,
        @Nullable String accessKey,
        @Nullable String secretKey,
        @Nullable String securityToken,
        @Nullable String idpId,
        @Nullable Path idTokenFile,
        URI iamEndpoint,
        URI metadataEndpoint) {
      this.kind = kind;
      this.source = source;
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      this.securityToken = securityToken;
      this.idpId = idpId;
      this.idTokenFile = idTokenFile;
      this.iamEndpoint = iamEndpoint;
      this.metadataEndpoint = metadataEndpoint;
    }

    /**
     * Returns the kind of credentials.
     *
     * @return static, metadata or OpenID Connect
     */
    public Kind kind() {
      return kind;
    }

    /**
     * Returns where the credentials came from, free of secrets.
     *
     * @return a description of the source
     */
    public String source() {
      return source;
    }

    /**
     * Returns the IAM identity provider id of {@link Kind#OIDC} credentials.
     *
     * @return the id, or empty for other kinds
     */
    public Optional<String> idpId() {
      return Optional.ofNullable(idpId);
    }

    /**
     * Returns the OpenID Connect token file of {@link Kind#OIDC} credentials; it is read again at each renewal, so
     * a rotated token is picked up.
     *
     * @return the path, or empty for other kinds
     */
    public Optional<Path> idTokenFile() {
      return Optional.ofNullable(idTokenFile);
    }

    /**
     * Returns the IAM endpoint that an OpenID Connect token is exchanged at.
     *
     * @return the endpoint: the setting, else the environment variable {@value HuaweiCloudConfig#ENV_IAM_ENDPOINT},
     *     else {@value HuaweiCloudConfig#DEFAULT_IAM_ENDPOINT}
     */
    public URI iamEndpoint() {
      return iamEndpoint;
    }

    /**
     * Returns the instance metadata endpoint that {@link Kind#METADATA} credentials are fetched from.
     *
     * @return the endpoint, {@value HuaweiCloudConfig#DEFAULT_METADATA_ENDPOINT} unless overridden
     */
    public URI metadataEndpoint() {
      return metadataEndpoint;
    }

    @Override
    public String toString() {
      return "****(" + kind.name().toLowerCase(Locale.ROOT) + " from " + source
          + (securityToken != null ? ", temporary" : "") + ")";
    }
  }

  /** Builds a {@link HuaweiCloudConfig}; each setter checks its argument at once. */
  public static final class Builder {

    private @Nullable String region;
    private @Nullable String projectId;
    private @Nullable String vpcId;
    private @Nullable String subnetId;
    private @Nullable String accessKey;
    private @Nullable String secretKey;
    private @Nullable String securityToken;
    private CredentialSource credentialSource = CredentialSource.CHAIN;
    private @Nullable String idpId;
    private @Nullable Path idTokenFile;
    private @Nullable Path credentialsFile;
    private Duration credentialsRefreshBefore = DEFAULT_CREDENTIALS_REFRESH_BEFORE;
    private @Nullable URI iamEndpoint;
    private @Nullable URI metadataEndpoint;
    private @Nullable URI elbEndpoint;
    private @Nullable URI vpcEndpoint;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int rateLimitPerSecond = DEFAULT_RATE_LIMIT_PER_SECOND;
    private Duration rateLimitWait = DEFAULT_RATE_LIMIT_WAIT;
    private Map<String, OperationLimit> operationLimits = DEFAULT_OPERATION_LIMITS;
    private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
    private Duration retryBaseBackoff = DEFAULT_RETRY_BASE_BACKOFF;
    private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;
    private boolean ignoreSslVerification;
    private boolean allowIpTargetsOnAttached;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    /**
     * Sets the region, for example {@code cn-north-4}. Required.
     *
     * @param region lower-case letters, digits and dashes
     * @return this builder
     */
    public Builder region(String region) {
      this.region = token(KEY_REGION, region, "[a-z0-9][a-z0-9-]*[a-z0-9]", "like cn-north-4");
      return this;
    }

    /**
     * Sets the project id that every call is scoped to. Required.
     *
     * @param projectId the project id of the region, as IAM shows it
     * @return this builder
     */
    public Builder projectId(String projectId) {
      this.projectId = token(KEY_PROJECT_ID, projectId, "[A-Za-z0-9_-]+", "letters, digits, - and _");
      return this;
    }

    /**
     * Sets the cluster's VPC, which the subnets of Services must lie in; optional.
     *
     * @param vpcId the VPC id
     * @return this builder
     */
    public Builder vpcId(String vpcId) {
      this.vpcId = token(KEY_VPC_ID, vpcId, "[A-Za-z0-9_-]+", "letters, digits, - and _");
      return this;
    }

    /**
     * Sets the VPC subnet id (the console's "network id") used when a Service names none.
     *
     * @param subnetId the VPC subnet id
     * @return this builder
     */
    public Builder subnetId(String subnetId) {
      this.subnetId = token(KEY_SUBNET_ID, subnetId, "[A-Za-z0-9_-]+", "letters, digits, - and _");
      return this;
    }

    /**
     * Sets the access key, the first source of {@link CredentialSource#CHAIN}; set the secret key with it.
     *
     * @param accessKey the access key
     * @return this builder
     */
    public Builder accessKey(String accessKey) {
      this.accessKey = secret(KEY_ACCESS_KEY, accessKey);
      return this;
    }

    /**
     * Sets the secret key, the first source of {@link CredentialSource#CHAIN}; set the access key with it.
     *
     * @param secretKey the secret key
     * @return this builder
     */
    public Builder secretKey(String secretKey) {
      this.secretKey = secret(KEY_SECRET_KEY, secretKey);
      return this;
    }

    /**
     * Sets the security token of temporary static credentials. It expires and is not renewed: for credentials
     * that last, use the node's agency ({@link CredentialSource#METADATA}) or an OpenID Connect token ({@link
     * #idpId}, {@link #idTokenFile}) instead.
     *
     * @param securityToken the token
     * @return this builder
     */
    public Builder securityToken(String securityToken) {
      this.securityToken = secret(KEY_SECURITY_TOKEN, securityToken);
      return this;
    }

    /**
     * Selects where credentials come from; {@link CredentialSource#CHAIN}, the first configured source, by
     * default.
     *
     * @param source the source
     * @return this builder
     */
    public Builder credentials(CredentialSource source) {
      this.credentialSource = Objects.requireNonNull(source, KEY_CREDENTIALS);
      return this;
    }

    /**
     * Sets the id of the IAM identity provider that trusts the OpenID Connect token of {@link #idTokenFile}; for
     * CCE workload identity.
     *
     * @param idpId the identity provider id
     * @return this builder
     */
    public Builder idpId(String idpId) {
      this.idpId = token(KEY_IDP_ID, idpId, "[A-Za-z0-9_.-]+", "letters, digits, ., - and _");
      return this;
    }

    /**
     * Sets the OpenID Connect token file (for CCE workload identity, the projected service account token); read
     * again at each renewal.
     *
     * @param file the token file
     * @return this builder
     */
    public Builder idTokenFile(Path file) {
      this.idTokenFile = Objects.requireNonNull(file, KEY_ID_TOKEN_FILE);
      return this;
    }

    /**
     * Sets the profile file; else {@value #ENV_CREDENTIALS_FILE}, else {@code ~/.huaweicloud/credentials}.
     *
     * @param file an INI file whose {@code [basic]} section holds {@code ak}, {@code sk} and optionally {@code
     *     security_token}, or {@code idp_id} and {@code id_token_file} (and optionally {@code iam_endpoint})
     * @return this builder
     */
    public Builder credentialsFile(Path file) {
      this.credentialsFile = Objects.requireNonNull(file, KEY_CREDENTIALS_FILE);
      return this;
    }

    /**
     * Sets how long before expiry temporary credentials are renewed; {@link #DEFAULT_CREDENTIALS_REFRESH_BEFORE}
     * by default. Renewal happens on the first call inside this margin, before the call is signed. Keep it shorter
     * than the credentials' validity (IAM issues 6 hours for an OpenID Connect token), or every call renews.
     *
     * @param margin 1 second to 12 hours
     * @return this builder
     */
    public Builder credentialsRefreshBefore(Duration margin) {
      Objects.requireNonNull(margin, KEY_CREDENTIALS_REFRESH_BEFORE);
      if (margin.compareTo(Duration.ofSeconds(1)) < 0 || margin.compareTo(Duration.ofHours(12)) > 0) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: "
                + KEY_CREDENTIALS_REFRESH_BEFORE
                + " "
                + margin
                + " is out of range; use PT1S to PT12H");
      }
      this.credentialsRefreshBefore = margin;
      return this;
    }

    /**
     * Overrides the IAM endpoint that an OpenID Connect token is exchanged at; else {@value #ENV_IAM_ENDPOINT},
     * else {@value #DEFAULT_IAM_ENDPOINT}.
     *
     * @param endpoint an https URL (http only for a loopback test endpoint)
     * @return this builder
     */
    public Builder iamEndpoint(URI endpoint) {
      this.iamEndpoint = endpoint(KEY_IAM_ENDPOINT, endpoint);
      return this;
    }

    /**
     * Overrides the instance metadata endpoint, {@value #DEFAULT_METADATA_ENDPOINT}; only for tests.
     *
     * @param endpoint a plain http URL of the metadata address or a loopback host, with no path
     * @return this builder
     */
    public Builder metadataEndpoint(URI endpoint) {
      URI uri = Objects.requireNonNull(endpoint, KEY_METADATA_ENDPOINT);
      String path = uri.getRawPath();
      if (!"http".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || !(uri.getHost().equals("169.254.169.254") || isLoopback(uri.getHost()))
          || (path != null && !path.isEmpty() && !path.equals("/"))
          || uri.getUserInfo() != null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: "
                + KEY_METADATA_ENDPOINT
                + " '"
                + uri
                + "' is invalid; use "
                + DEFAULT_METADATA_ENDPOINT
                + " or, for a test, http://127.0.0.1:<port>");
      }
      this.metadataEndpoint = uri;
      return this;
    }

    /**
     * Sets the environment variables that missing credentials are read from; the process environment by
     * default. For tests and embedders that keep credentials elsewhere.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * Overrides the ELB endpoint.
     *
     * @param endpoint an absolute {@code http} or {@code https} URI; {@code http} only to a loopback host
     *     (127.0.0.0/8, ::1, localhost)
     * @return this builder
     */
    public Builder elbEndpoint(URI endpoint) {
      this.elbEndpoint = endpoint(KEY_ELB_ENDPOINT, endpoint);
      return this;
    }

    /**
     * Overrides the endpoint of the EIP and VPC APIs.
     *
     * @param endpoint an absolute {@code http} or {@code https} URI; {@code http} only to a loopback host
     *     (127.0.0.0/8, ::1, localhost)
     * @return this builder
     */
    public Builder vpcEndpoint(URI endpoint) {
      this.vpcEndpoint = endpoint(KEY_VPC_ENDPOINT, endpoint);
      return this;
    }

    /**
     * Sets the TCP connect timeout; {@link #DEFAULT_CONNECT_TIMEOUT} by default.
     *
     * @param timeout whole seconds, 1 s to 10 min
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = seconds(KEY_CONNECT_TIMEOUT, timeout);
      return this;
    }

    /**
     * Sets the read timeout of one HTTP call; {@link #DEFAULT_READ_TIMEOUT} by default.
     *
     * @param timeout whole seconds, 1 s to 10 min
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = seconds(KEY_READ_TIMEOUT, timeout);
      return this;
    }

    /**
     * Sets the client-side rate limit; {@link #DEFAULT_RATE_LIMIT_PER_SECOND} by default.
     *
     * @param callsPerSecond 1 to 1000
     * @return this builder
     */
    public Builder rateLimitPerSecond(int callsPerSecond) {
      this.rateLimitPerSecond = range(KEY_RATE_LIMIT, callsPerSecond, 1, 1000);
      return this;
    }

    /**
     * Sets the longest wait for a rate-limit permit; {@link #DEFAULT_RATE_LIMIT_WAIT} by default.
     *
     * @param wait zero to 10 min
     * @return this builder
     */
    public Builder rateLimitWait(Duration wait) {
      this.rateLimitWait = duration(KEY_RATE_LIMIT_WAIT, wait, Duration.ZERO);
      return this;
    }

    /**
     * Sets the limits of single operations, replacing {@link #DEFAULT_OPERATION_LIMITS}: the provider spaces the
     * calls of each named operation (the SDK's operation name, for example {@code createMember} for ELB v2 member
     * creation or {@code batchCreateMembers} for ELB v3) so that no window of the limit's period holds more than
     * its calls. A call waits for its slot however long that is; the wait counts as a rate-limit wait in the
     * provider's call statistics. An empty map turns the limits off.
     *
     * @param limits the limits by operation name
     * @return this builder
     */
    public Builder operationLimits(Map<String, OperationLimit> limits) {
      Objects.requireNonNull(limits, "limits");
      Map<String, OperationLimit> copy = new java.util.LinkedHashMap<>();
      limits.forEach((op, l) -> {
        if (op == null || op.isBlank()) {
          throw new IllegalArgumentException("huaweicloud configuration: " + KEY_OPERATION_LIMITS
              + " names an operation with an empty name; use the SDK's operation name, for example createMember");
        }
        copy.put(op, Objects.requireNonNull(l, "limit of " + op));
      });
      this.operationLimits = java.util.Collections.unmodifiableMap(copy);
      return this;
    }

    /**
     * Sets the number of attempts of one call, the first included; {@link #DEFAULT_RETRY_MAX_ATTEMPTS} by
     * default. One means no retry.
     *
     * @param attempts 1 to 20
     * @return this builder
     */
    public Builder retryMaxAttempts(int attempts) {
      this.retryMaxAttempts = range(KEY_RETRY_MAX_ATTEMPTS, attempts, 1, 20);
      return this;
    }

    /**
     * Sets the backoff before the second attempt; {@link #DEFAULT_RETRY_BASE_BACKOFF} by default.
     *
     * @param backoff 1 ms to 10 min
     * @return this builder
     */
    public Builder retryBaseBackoff(Duration backoff) {
      this.retryBaseBackoff = duration(KEY_RETRY_BASE_BACKOFF, backoff, Duration.ofMillis(1));
      return this;
    }

    /**
     * Sets the longest backoff between attempts; {@link #DEFAULT_RETRY_MAX_BACKOFF} by default.
     *
     * @param backoff 1 ms to 10 min, no shorter than the base backoff (checked by {@link #build()})
     * @return this builder
     */
    public Builder retryMaxBackoff(Duration backoff) {
      this.retryMaxBackoff = duration(KEY_RETRY_MAX_BACKOFF, backoff, Duration.ofMillis(1));
      return this;
    }

    /**
     * Lets the provider switch IP-as-backend ({@code ip_target_enable}) on for a dedicated load balancer that a
     * Service with pod backends attaches to but did not create. It cannot be switched off again, so by default such
     * a Service is refused before any write; when allowed, the change is reported as an {@code IrreversibleChange}
     * Warning.
     *
     * @param allow true to allow; false by default
     * @return this builder
     */
    public Builder allowIpTargetsOnAttached(boolean allow) {
      this.allowIpTargetsOnAttached = allow;
      return this;
    }

    /**
     * Turns TLS certificate verification of the endpoints off. Only for test endpoints: {@link #build()} refuses it
     * unless an endpoint is overridden; false by default.
     *
     * @param ignore true to skip verification
     * @return this builder
     */
    public Builder ignoreSslVerification(boolean ignore) {
      this.ignoreSslVerification = ignore;
      return this;
    }

    /**
     * Builds the configuration, resolving credentials from the source {@link #credentials} selects. Makes no
     * network call: temporary credentials are fetched at the first cloud call.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the setting when one is missing or inconsistent
     */
    public HuaweiCloudConfig build() {
      if (region == null) {
        throw new IllegalArgumentException("huaweicloud configuration: " + KEY_REGION + " is required; set it");
      }
      if (projectId == null) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: " + KEY_PROJECT_ID + " is required; set the project id of " + region);
      }
      if (retryMaxBackoff.compareTo(retryBaseBackoff) < 0) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: "
                + KEY_RETRY_MAX_BACKOFF
                + " ("
                + retryMaxBackoff
                + ") must not be shorter than "
                + KEY_RETRY_BASE_BACKOFF
                + " ("
                + retryBaseBackoff
                + ")");
      }
      if (ignoreSslVerification && elbEndpoint == null && vpcEndpoint == null) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: "
                + KEY_IGNORE_SSL_VERIFICATION
                + " is true but no endpoint is overridden; certificate checks may be skipped only for a test"
                + " endpoint set with "
                + KEY_ELB_ENDPOINT
                + " or "
                + KEY_VPC_ENDPOINT
                + ", so remove it or set the endpoints");
      }
      return new HuaweiCloudConfig(this, resolveCredentials());
    }

    private Credentials resolveCredentials() {
      if ((accessKey == null) != (secretKey == null)) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: set both "
                + KEY_ACCESS_KEY
                + " and "
                + KEY_SECRET_KEY
                + ", or neither to use another source");
      }
      if ((idpId == null) != (idTokenFile == null)) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: set both " + KEY_IDP_ID + " and " + KEY_ID_TOKEN_FILE + ", or neither");
      }
      Credentials c =
          switch (credentialSource) {
            case STATIC -> explicitKeys();
            case ENV -> fromEnvironment();
            case PROFILE -> fromProfile(true);
            case METADATA -> metadata();
            case OIDC -> idpId != null ? oidc(idpId, idTokenFile, "builder") : oidcFromEnvironment();
            case CHAIN -> chain();
          };
      if (c == null) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: "
                + KEY_CREDENTIALS
                + " is "
                + credentialSource.value()
                + " but "
                + missing(credentialSource)
                + "; set them, or use "
                + KEY_CREDENTIALS
                + "=chain to take the first configured source");
      }
      return c;
    }

    private Credentials chain() {
      Credentials c = explicitKeys();
      if (c == null && idpId != null) {
        c = oidc(idpId, idTokenFile, "builder");
      }
      if (c == null) {
        c = fromEnvironment();
      }
      if (c == null) {
        c = fromProfile(false);
      }
      return c != null ? c : metadata();
    }

    private static String missing(CredentialSource source) {
      return switch (source) {
        case STATIC -> KEY_ACCESS_KEY + " and " + KEY_SECRET_KEY + " are not set";
        case ENV ->
            "neither "
                + ENV_AK
                + "/"
                + ENV_SK
                + " nor "
                + ENV_IDP_ID
                + "/"
                + ENV_ID_TOKEN_FILE
                + " nor "
                + ENV_CLOUD_AK
                + "/"
                + ENV_CLOUD_SK
                + " is set";
        case PROFILE -> "the profile file (" + KEY_CREDENTIALS_FILE + ", " + ENV_CREDENTIALS_FILE + ") is missing";
        case OIDC ->
            "neither "
                + KEY_IDP_ID
                + "/"
                + KEY_ID_TOKEN_FILE
                + " nor the environment variables "
                + ENV_IDP_ID
                + "/"
                + ENV_ID_TOKEN_FILE
                + " are set";
        default -> "nothing is configured";
      };
    }

    private @Nullable Credentials explicitKeys() {
      if (accessKey == null) {
        return null;
      }
      return staticKeys("builder", accessKey, secretKey, securityToken);
    }

    private Credentials staticKeys(String source, String ak, @Nullable String sk, @Nullable String token) {
      return new Credentials(
          Credentials.Kind.STATIC,
          source,
          ak,
          Objects.requireNonNull(sk),
          token,
          null,
          null,
          iam(),
          metadataUri());
    }

    private @Nullable Credentials fromEnvironment() {
      Credentials c = envPair(ENV_AK, ENV_SK);
      if (c == null) {
        c = oidcFromEnvironment();
      }
      return c != null ? c : envPair(ENV_CLOUD_AK, ENV_CLOUD_SK);
    }

    private @Nullable Credentials envPair(String akVar, String skVar) {
      String ak = nonBlank(environment.get(akVar));
      String sk = nonBlank(environment.get(skVar));
      if (ak == null && sk == null) {
        return null;
      }
      if (ak == null || sk == null) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: environment variable "
                + (ak == null ? akVar : skVar)
                + " is missing while "
                + (ak == null ? skVar : akVar)
                + " is set; set both");
      }
      String token = securityToken != null ? securityToken : nonBlank(environment.get(ENV_SECURITY_TOKEN));
      return staticKeys(akVar + "/" + skVar, ak, sk, token);
    }

    private @Nullable Credentials oidcFromEnvironment() {
      String idp = nonBlank(environment.get(ENV_IDP_ID));
      String file = nonBlank(environment.get(ENV_ID_TOKEN_FILE));
      if (idp == null && file == null) {
        return null;
      }
      if (idp == null || file == null) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: environment variable "
                + (idp == null ? ENV_IDP_ID : ENV_ID_TOKEN_FILE)
                + " is missing while "
                + (idp == null ? ENV_ID_TOKEN_FILE : ENV_IDP_ID)
                + " is set; set both");
      }
      return oidc(idp, Path.of(file), ENV_IDP_ID + "/" + ENV_ID_TOKEN_FILE);
    }

    private Credentials oidc(String idp, @Nullable Path file, String source) {
      Path f = Objects.requireNonNull(file);
      if (!Files.isReadable(f)) {
        throw new IllegalArgumentException(
            "huaweicloud configuration: the OpenID Connect token file "
                + f
                + " (from "
                + source
                + ") is missing or unreadable; mount the projected service account token there (CCE workload"
                + " identity) or fix the path");
      }
      return new Credentials(Credentials.Kind.OIDC, source, null, null, null, idp, f, iam(), metadataUri());
    }

    private Credentials metadata() {
      return new Credentials(
          Credentials.Kind.METADATA, "instance metadata", null, null, null, null, null, iam(), metadataUri());
    }

    private URI iam() {
      if (iamEndpoint != null) {
        return iamEndpoint;
      }
      String env = nonBlank(environment.get(ENV_IAM_ENDPOINT));
      if (env != null) {
        return endpoint(ENV_IAM_ENDPOINT, parseUri(ENV_IAM_ENDPOINT, env));
      }
      return URI.create(DEFAULT_IAM_ENDPOINT);
    }

    private URI metadataUri() {
      return metadataEndpoint != null ? metadataEndpoint : URI.create(DEFAULT_METADATA_ENDPOINT);
    }

    private @Nullable Path profilePath() {
      if (credentialsFile != null) {
        return credentialsFile;
      }
      String env = nonBlank(environment.get(ENV_CREDENTIALS_FILE));
      if (env != null) {
        return Path.of(env);
      }
      String home = nonBlank(environment.get("HOME"));
      if (home == null) {
        home = nonBlank(environment.get("USERPROFILE"));
      }
      return home == null ? null : Path.of(home, ".huaweicloud", "credentials");
    }

    private @Nullable Credentials fromProfile(boolean required) {
      Path path = profilePath();
      if (path == null || !Files.isRegularFile(path)) {
        if (required && path != null) {
          throw new IllegalArgumentException(
              "huaweicloud configuration: the profile file "
                  + path
                  + " does not exist; create it with a [basic] section, or set "
                  + KEY_CREDENTIALS_FILE);
        }
        return null;
      }
      Map<String, String> basic = ProfileFile.basicSection(path);
      String source = "profile file " + path;
      String ak = nonBlank(basic.get("ak"));
      String sk = nonBlank(basic.get("sk"));
      if (ak != null || sk != null) {
        if (ak == null || sk == null) {
          throw new IllegalArgumentException(
              "huaweicloud configuration: the [basic] section of "
                  + path
                  + " has "
                  + (ak == null ? "sk but no ak" : "ak but no sk")
                  + "; set both");
        }
        String token = nonBlank(basic.get("security_token"));
        return staticKeys(source, ak, sk, securityToken != null ? securityToken : token);
      }
      String idp = nonBlank(basic.get("idp_id"));
      String file = nonBlank(basic.get("id_token_file"));
      if (idp != null && file != null) {
        String iam = nonBlank(basic.get("iam_endpoint"));
        Credentials c = oidc(idp, Path.of(file), source);
        if (iam == null || iamEndpoint != null) {
          return c;
        }
        URI profileIam = endpoint("iam_endpoint of " + path, parseUri("iam_endpoint of " + path, iam));
        return new Credentials(
            Credentials.Kind.OIDC, source, null, null, null, idp, c.idTokenFile, profileIam, metadataUri());
      }
      throw new IllegalArgumentException(
          "huaweicloud configuration: the [basic] section of "
              + path
              + " holds neither ak and sk nor idp_id and id_token_file; add them, or remove the file");
    }
  }

  private static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String token(String key, String value, String regex, String rule) {
    Objects.requireNonNull(value, key);
    if (value.length() > 128 || !value.matches(regex)) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " '" + value + "' is invalid; use " + rule + ", at most 128");
    }
    return value;
  }

  // Never echoes the value: it may be a credential.
  private static String secret(String key, String value) {
    Objects.requireNonNull(value, key);
    if (value.isBlank() || value.length() > 4096 || !value.strip().equals(value)) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " is blank, too long or has surrounding spaces; fix it");
    }
    return value;
  }

  private static URI endpoint(String key, URI uri) {
    Objects.requireNonNull(uri, key);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getUserInfo() != null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: "
              + key
              + " '"
              + uri
              + "' is invalid; use an absolute http(s) URL with a host and no user, query or fragment");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: "
              + key
              + " '"
              + uri
              + "' uses plain http to a host that is not loopback, which would send signed requests and the"
              + " security token in clear; use https (http only for 127.0.0.0/8, ::1 or localhost)");
    }
    return uri;
  }

  /** Tells a loopback host from its text alone, with no name lookup: localhost, 127.0.0.0/8 or ::1. */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      for (String part : h.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    if (h.contains(":") && h.matches("[0-9A-Fa-f:]+")) {
      try {
        // A literal IPv6 address is parsed, never looked up.
        return java.net.InetAddress.getByName(h).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static Duration seconds(String key, Duration d) {
    duration(key, d, Duration.ofSeconds(1));
    if (d.getNano() != 0) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " " + d + " must be whole seconds (the SDK counts seconds)");
    }
    return d;
  }

  private static Duration duration(String key, Duration d, Duration min) {
    Objects.requireNonNull(d, key);
    if (d.compareTo(min) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " " + d + " is out of range; use " + min + " to PT10M");
    }
    return d;
  }

  private static int range(String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " " + v + " is out of range; use " + min + " to " + max);
    }
    return v;
  }

  private static Path parsePath(String key, String value) {
    try {
      return Path.of(value.strip());
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " '" + value + "' is not a file path; fix it", e);
    }
  }

  private static URI parseUri(String key, String value) {
    try {
      return new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " '" + value + "' is not a URL; use for example https://host", e);
    }
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: " + key + " '" + value + "' is not a whole number", e);
    }
  }

  private static boolean parseBoolean(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return v.equals("true");
    }
    throw new IllegalArgumentException(
        "huaweicloud configuration: " + key + " '" + value + "' is not a boolean; use true or false");
  }

  static Duration parseDuration(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).strip()));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).strip()));
      }
      return Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "huaweicloud configuration: "
              + key
              + " '"
              + value
              + "' is not a duration; use for example 500ms, 5s, 2m or PT5S",
          e);
    }
  }
}
