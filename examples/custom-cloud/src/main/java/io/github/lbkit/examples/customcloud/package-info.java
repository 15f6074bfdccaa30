/**
 * How to add your own cloud to lbkit: a small in-memory cloud ({@code ToyCloud}), a provider for it that reuses
 * the shared planner ({@code ToyCloudProvider}), and the factory that {@link java.util.ServiceLoader} finds
 * under the name {@code toycloud} ({@link io.github.lbkit.examples.customcloud.ToyCloudProviderFactory}).
 */
@NullMarked
package io.github.lbkit.examples.customcloud;

import org.jspecify.annotations.NullMarked;
