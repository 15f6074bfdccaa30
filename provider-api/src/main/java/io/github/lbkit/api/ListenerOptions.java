package io.github.lbkit.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Listener settings beyond protocol and port. A null value means "not set on the Service": the provider uses
 * the cloud's default on creation and leaves the listener's value alone afterwards.
 *
 * @param keepaliveTimeout idle timeout in seconds
 * @param clientTimeout client request timeout in seconds (HTTP and HTTPS)
 * @param memberTimeout backend response timeout in seconds (HTTP and HTTPS)
 * @param certificateId the server certificate of an HTTPS listener
 * @param sniCertificateIds SNI certificates of an HTTPS listener
 * @param http2 HTTP/2 on an HTTPS listener
 * @param insertHeaders inserted {@code X-Forwarded-*} headers (HTTP and HTTPS)
 * @param transparentClientIp pass the client IP to backends (TCP and UDP)
 */
public record ListenerOptions(
    @Nullable Integer keepaliveTimeout,
    @Nullable Integer clientTimeout,
    @Nullable Integer memberTimeout,
    @Nullable String certificateId,
    List<String> sniCertificateIds,
    @Nullable Boolean http2,
    InsertHeaders insertHeaders,
    @Nullable Boolean transparentClientIp) {

  /** Nothing set. */
  public static final ListenerOptions NONE =
      new ListenerOptions(null, null, null, null, List.of(), null, InsertHeaders.NONE, null);

  /**
   * Copies the list.
   *
   * @param keepaliveTimeout idle timeout in seconds
   * @param clientTimeout client request timeout in seconds (HTTP and HTTPS)
   * @param memberTimeout backend response timeout in seconds (HTTP and HTTPS)
   * @param certificateId the server certificate of an HTTPS listener
   * @param sniCertificateIds SNI certificates of an HTTPS listener
   * @param http2 HTTP/2 on an HTTPS listener
   * @param insertHeaders inserted {@code X-Forwarded-*} headers (HTTP and HTTPS)
   * @param transparentClientIp pass the client IP to backends (TCP and UDP)
   */
  public ListenerOptions {
    sniCertificateIds = List.copyOf(sniCertificateIds);
    Objects.requireNonNull(insertHeaders, "insertHeaders");
  }
}
