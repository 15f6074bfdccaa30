/**
 * The planner every ELB-like provider shares: an observed-state model, the operations a provider applies, and a
 * pure function from (desired, observed) to the minimal ordered list of operations.
 *
 * <p>A provider observes its cloud into an {@link io.github.lbkit.api.plan.ObservedLoadBalancer}, asks
 * {@link io.github.lbkit.api.plan.Planner} for a {@link io.github.lbkit.api.plan.Plan}, and applies its
 * {@link io.github.lbkit.api.plan.Operation}s in order. Resources carry an
 * {@link io.github.lbkit.api.plan.OwnerMarker}; the planner never emits an operation on a resource that does not
 * carry the Service's marker, apart from binding or unbinding a user's EIP.
 */
@NullMarked
package io.github.lbkit.api.plan;

import org.jspecify.annotations.NullMarked;
