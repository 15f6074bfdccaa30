/**
 * An in-memory ELB-like cloud ({@link io.github.lbkit.fake.FakeCloud}) with seeded fault injection and a call
 * journal, and the provider named {@code fake} over it.
 *
 * <p>Use it to test controllers and embedders on one machine: the provider follows the same planner and rules as
 * a real one, and the cloud enforces the real API's constraints (one listener per port, fixed parent ids, delete
 * order, quotas). Everything random derives from one seed, so a failing run can be replayed.
 */
@NullMarked
package io.github.lbkit.fake;

import org.jspecify.annotations.NullMarked;
