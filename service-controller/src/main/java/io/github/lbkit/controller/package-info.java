/**
 * An embeddable reconciler for Kubernetes LoadBalancer Services, with the upstream service controller's
 * semantics.
 *
 * <p>{@link io.github.lbkit.controller.ServiceController} watches Services, Nodes and EndpointSlices through
 * fabric8 informers, turns each served Service into a {@link io.github.lbkit.api.LoadBalancerSpec} with a
 * {@link io.github.lbkit.k8s.ServiceTranslator}, converges the cloud through a
 * {@link io.github.lbkit.api.LoadBalancerProvider}, and writes the finalizer, the status, the written-back
 * annotations and Events. It adds periodic drift repair, batched node sync, leader election on a Lease and
 * Micrometer metrics, and runs on its own daemon threads.
 */
@NullMarked
package io.github.lbkit.controller;

import org.jspecify.annotations.NullMarked;
