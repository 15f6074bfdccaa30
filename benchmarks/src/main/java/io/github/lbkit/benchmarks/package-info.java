/**
 * Benchmarks of lbkit: JMH micro-benchmarks of the CCE translator and the planner, and
 * {@link io.github.lbkit.benchmarks.ScaleHarness}, which drives the fake provider over many Services under
 * per-call latency and an API rate limit and reports what each phase cost, and
 * {@link io.github.lbkit.benchmarks.HuaweiCallCounts}, which counts the Huawei Cloud provider's calls per
 * operation against its emulator.
 */
@NullMarked
package io.github.lbkit.benchmarks;

import org.jspecify.annotations.NullMarked;
