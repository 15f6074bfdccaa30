/**
 * The Huawei Cloud ELB provider: its configuration and its {@link io.github.lbkit.api.LoadBalancerProviderFactory}.
 *
 * <p>Select it with the provider name {@code huaweicloud}. Settings are described by {@link
 * io.github.lbkit.huaweicloud.HuaweiCloudConfig}; everything else lives in the {@code internal} package and is
 * not part of the public API.
 */
@NullMarked
package io.github.lbkit.huaweicloud;

import org.jspecify.annotations.NullMarked;
