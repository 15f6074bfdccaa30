/**
 * A second example cloud, shaped unlike OpenStack: listeners addressed by name, top-level target groups with an
 * inline health check, and one call that replaces all targets of a group ({@code GroupCloud}); a provider for it
 * on the shared reconcile engine ({@code GroupCloudProvider}); and the factory that {@link java.util.ServiceLoader}
 * finds under the name {@code groupcloud}
 * ({@link io.github.lbkit.examples.targetgroups.GroupCloudProviderFactory}).
 */
@NullMarked
package io.github.lbkit.examples.targetgroups;

import org.jspecify.annotations.NullMarked;
