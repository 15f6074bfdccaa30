package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.core.auth.MetadataAccessor;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.SdkErrorMessage;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.internal.model.CreateTemporaryAccessKeyInEcsResponse;
import com.huaweicloud.sdk.core.internal.model.Credential;
import com.huaweicloud.sdk.core.utils.JsonUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Fetches the node agency's temporary credentials from the instance metadata, as the SDK's {@link
 * MetadataAccessor} does, but from a configurable endpoint (the SDK's is fixed to {@code http://169.254.169.254}),
 * so that tests can serve it on loopback. The protocol is the SDK's: {@code PUT /meta-data/latest/api/token} with
 * {@code X-Metadata-Token-Ttl-Seconds} for a session token (a 404 or 405 means the node serves no tokens), then
 * {@code GET /openstack/latest/securitykey} with {@code X-Metadata-Token}; a 401 drops the token and asks again
 * once. The answer is {@code {"credential":{"access","secret","securitytoken","expires_at"}}}.
 *
 * <p>{@code expires_at} is handed on in the one format the SDK parses (microseconds ending in {@code 000Z}, which
 * it cuts to milliseconds), whatever precision the metadata gives. The SDK reads that UTC text in the JVM's time
 * zone and compares it with a clock shifted by the same offset, so renewal happens on time in any zone.
 */
final class MetadataCredentialFetcher extends MetadataAccessor {

  static final String TOKEN_PATH = "/meta-data/latest/api/token";
  static final String SECURITY_KEY_PATH = "/openstack/latest/securitykey";
  static final String TOKEN_HEADER = "X-Metadata-Token";
  static final String TOKEN_TTL_HEADER = "X-Metadata-Token-Ttl-Seconds";
  private static final long TOKEN_TTL_SECONDS = 21600;
  private static final DateTimeFormatter SDK_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000Z'");

  private final String endpoint;
  private final Duration readTimeout;
  private final HttpClient http;
  private @Nullable String token;
  private long tokenFetchedNanos;

  MetadataCredentialFetcher(URI endpoint, Duration connectTimeout, Duration readTimeout) {
    String e = endpoint.toString();
    this.endpoint = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    this.readTimeout = readTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(java.net.ProxySelector.of(null))
            .build();
  }

  @Override
  protected synchronized Credential getCredentials() {
    for (int attempt = 0; ; attempt++) {
      String t = sessionToken();
      HttpRequest.Builder get =
          HttpRequest.newBuilder(URI.create(endpoint + SECURITY_KEY_PATH)).timeout(readTimeout).GET();
      if (t != null) {
        get.header(TOKEN_HEADER, t);
      }
      HttpResponse<String> r = send(get.build());
      if (r.statusCode() == 401 && t != null && attempt == 0) {
        token = null;
        continue;
      }
      if (r.statusCode() == 404) {
        throw new ClientRequestException(
            404, new SdkErrorMessage("MetadataAgencyMissing", "no agency is bound to this node"));
      }
      if (r.statusCode() != 200) {
        throw status(r.statusCode());
      }
      CreateTemporaryAccessKeyInEcsResponse body;
      try {
        body = JsonUtils.toObjectIgnoreUnknown(r.body(), CreateTemporaryAccessKeyInEcsResponse.class);
      } catch (RuntimeException e) {
        throw new ServerResponseException(200, new SdkErrorMessage("MetadataBadAnswer", "unreadable answer"));
      }
      Credential c = body == null ? null : body.getCredential();
      if (c == null || c.getAccess() == null || c.getSecret() == null || c.getExpiresAt() == null) {
        throw new ServerResponseException(200, new SdkErrorMessage("MetadataBadAnswer", "no credential"));
      }
      return c.withExpiresAt(forSdk(c.getExpiresAt()));
    }
  }

  private @Nullable String sessionToken() {
    if (token != null && System.nanoTime() - tokenFetchedNanos < Duration.ofSeconds(TOKEN_TTL_SECONDS / 2).toNanos()) {
      return token;
    }
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(endpoint + TOKEN_PATH))
                .timeout(readTimeout)
                .header(TOKEN_TTL_HEADER, Long.toString(TOKEN_TTL_SECONDS))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
    if (r.statusCode() == 404 || r.statusCode() == 405) {
      token = null;
      return null;
    }
    if (r.statusCode() != 200 || r.body().isBlank()) {
      throw status(r.statusCode());
    }
    token = r.body().strip();
    tokenFetchedNanos = System.nanoTime();
    return token;
  }

  private static RuntimeException status(int code) {
    SdkErrorMessage m = new SdkErrorMessage("MetadataError", "the instance metadata answered " + code);
    return code >= 500 ? new ServerResponseException(code, m) : new ClientRequestException(code, m);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConnectionException("the instance metadata at " + endpoint + " is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted while asking the instance metadata", e);
    }
  }

  /** The UTC instant {@code expires_at} in the format the SDK parses. */
  static String forSdk(String expiresAt) {
    Instant at;
    try {
      at = Instant.parse(expiresAt);
    } catch (DateTimeParseException e) {
      throw new ServerResponseException(200, new SdkErrorMessage("MetadataBadAnswer", "unreadable expires_at"));
    }
    return LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(SDK_FORMAT);
  }
}
