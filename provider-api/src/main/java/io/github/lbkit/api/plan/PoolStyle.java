package io.github.lbkit.api.plan;

/**
 * How a cloud shapes the backend pool of a listener, which decides the operations the {@link Planner} emits for
 * pools and their members. A provider declares its style once, through
 * {@link io.github.lbkit.api.engine.ReconcileCloud#poolStyle()}.
 */
public enum PoolStyle {

  /**
   * The pool belongs to its listener; its members and its health monitor are resources of their own. Members are
   * added and removed one by one ({@link Operation.AddMembers}, {@link Operation.RemoveMembers}), and a pool is
   * deleted after its members and monitor, before its listener. The style of OpenStack-like clouds, and the
   * default.
   */
  LISTENER_POOL,

  /**
   * The pool is a top-level target group that listeners refer to: its health check is part of it, and one call
   * replaces its whole set of members. Members are written with {@link Operation.ReplaceMembers} (one operation per
   * pool that differs, never a read-modify-write of additions and removals), and deleting a pool takes its
   * members and health check with it, so a listener chain is removed as {@link Operation.DeleteListener} then
   * {@link Operation.DeletePool}: the listener first, as it refers to the pool.
   */
  TARGET_GROUP
}
