/**
 * The implementation of the Huawei Cloud provider: SDK client construction, error classification, the call
 * executor with retry and rate limit, and thin typed wrappers over the ELB, EIP and VPC APIs. Not public API.
 */
@NullMarked
package io.github.lbkit.huaweicloud.internal;

import org.jspecify.annotations.NullMarked;
