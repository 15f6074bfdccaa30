/**
 * The conformance kit: JUnit 5 contract tests that every {@link io.github.lbkit.api.LoadBalancerProvider} runs
 * against its own cloud double. See {@link io.github.lbkit.tck.LoadBalancerProviderContract} for how to run it.
 */
@NullMarked
package io.github.lbkit.tck;

import org.jspecify.annotations.NullMarked;
