/**
 * The reconcile engine every provider shares: the observe, plan, apply, re-plan loop, written once.
 *
 * <p>A provider implements {@link io.github.lbkit.api.engine.ReconcileCloud}: how to observe its cloud for one
 * Service, how to apply one {@link io.github.lbkit.api.plan.Operation}, and how its errors classify
 * ({@link io.github.lbkit.api.engine.Outcome}). {@link io.github.lbkit.api.engine.ReconcileEngine} owns the rest:
 * a lock per Service, find by owner marker before create (through the provider's observation), plan, apply in
 * order, re-observe and re-plan on a vanished or conflicting resource or an answer that was lost, the oldest
 * marked load balancer wins a creation race, and a bounded number of rounds with a diagnostic naming the last
 * plan and the observed state when the cloud does not converge.
 */
@NullMarked
package io.github.lbkit.api.engine;

import org.jspecify.annotations.NullMarked;
