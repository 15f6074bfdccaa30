/**
 * The implementation of the Huawei Cloud provider: SDK client construction, error classification, the call
 * executor with retry and rate limit, and thin typed wrappers over the ELB, EIP and VPC APIs. Not public API.
 *
 * <p>{@link io.github.lbkit.huaweicloud.internal.HuaweiCloudProvider} is a router over two peers of one shape
 * ({@link io.github.lbkit.huaweicloud.internal.PeerCloud}): {@link io.github.lbkit.huaweicloud.internal.SharedCloud}
 * (ELB v2: {@code SharedObserver}, {@code SharedMapping}, {@code SharedApplier}) and
 * {@link io.github.lbkit.huaweicloud.internal.DedicatedCloud} (ELB v3: {@code DedicatedObserver},
 * {@code DedicatedMapping}, {@code DedicatedApplier}). Each is driven by its own
 * {@link io.github.lbkit.api.engine.ReconcileEngine}, which owns the reconcile loop; no loop is written here.
 */
@NullMarked
package io.github.lbkit.huaweicloud.internal;

import org.jspecify.annotations.NullMarked;
