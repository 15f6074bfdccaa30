package io.github.lbkit.huaweicloud;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the Huawei Cloud provider takes its credentials from: setting {@code huaweicloud.credentials}.
 *
 * <p>{@link #CHAIN}, the default, tries the sources in this order and takes the first that is configured:
 *
 * <ol>
 *   <li>explicit settings: {@code huaweicloud.accessKey}/{@code secretKey} (with an optional {@code
 *       securityToken}), or {@code huaweicloud.idpId} with {@code huaweicloud.idTokenFile};
 *   <li>the environment: {@code HUAWEICLOUD_SDK_AK}/{@code HUAWEICLOUD_SDK_SK} (with an optional {@code
 *       HUAWEICLOUD_SDK_SECURITY_TOKEN}), then {@code HUAWEICLOUD_SDK_IDP_ID} with {@code
 *       HUAWEICLOUD_SDK_ID_TOKEN_FILE}, then {@code CLOUD_SDK_AK}/{@code CLOUD_SDK_SK};
 *   <li>the profile file: {@code huaweicloud.credentialsFile}, else {@code HUAWEICLOUD_SDK_CREDENTIALS_FILE},
 *       else {@code ~/.huaweicloud/credentials}, when it exists (its {@code [basic]} section);
 *   <li>the instance metadata of the ECS or CCE node: the temporary credentials of the agency bound to it.
 * </ol>
 *
 * The variable names and the profile file format are those of the Huawei Cloud Java SDK's own credential
 * providers. The other values force one source and fail at once, naming what is missing, when it is not
 * configured.
 */
public enum CredentialSource {
  /** The first configured source, in the documented order; the default. */
  CHAIN,
  /** Only the access key and secret key (and security token) set in the configuration. */
  STATIC,
  /** Only the environment variables. */
  ENV,
  /** Only the profile file. */
  PROFILE,
  /** Only the node's agency, through the instance metadata; renewed before it expires. */
  METADATA,
  /**
   * Only an OpenID Connect token file (CCE workload identity), exchanged through IAM for temporary credentials
   * that are renewed before they expire; the identity provider and file come from the configuration, else the
   * environment.
   */
  OIDC;

  /**
   * Returns the value of {@code huaweicloud.credentials} that selects this source.
   *
   * @return the lower-case name, for example {@code metadata}
   */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a value of {@code huaweicloud.credentials}, ignoring case.
   *
   * @param key the setting, for the error message
   * @param value the text
   * @return the source
   * @throws IllegalArgumentException listing the accepted values when the text is none of them
   */
  static CredentialSource parse(String key, String value) {
    for (CredentialSource s : values()) {
      if (s.value().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "huaweicloud configuration: "
            + key
            + " '"
            + value
            + "' is unknown; use one of "
            + Arrays.stream(values()).map(CredentialSource::value).collect(Collectors.joining(", ")));
  }
}
