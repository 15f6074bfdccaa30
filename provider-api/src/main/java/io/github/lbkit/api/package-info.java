/**
 * The lbkit provider SPI and the value types it speaks.
 *
 * <p>A {@link io.github.lbkit.api.LoadBalancerProvider} turns a {@link io.github.lbkit.api.LoadBalancerSpec}
 * (the whole desired state of one Service's load balancer) into cloud calls. Providers are found through
 * {@link io.github.lbkit.api.LoadBalancerProviders}, which reads {@link java.util.ServiceLoader} entries of
 * {@link io.github.lbkit.api.LoadBalancerProviderFactory}. Errors are the sealed
 * {@link io.github.lbkit.api.LoadBalancerException} hierarchy. Nothing in this package exposes fabric8 types;
 * only the translator in {@code io.github.lbkit.cce} reads Kubernetes objects.
 */
@NullMarked
package io.github.lbkit.api;

import org.jspecify.annotations.NullMarked;
