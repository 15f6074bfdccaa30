package io.github.lbkit.huaweicloud.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one provider call knows beyond the planner's view (the spec, the raw observation, the applier of the
 * round), kept for the hooks the engine calls during it. The engine runs a call's rounds in the caller's thread,
 * so a thread-local scope gives every hook the call it belongs to, also when two calls for one Service wait on
 * each other.
 *
 * @param <C> what a call of the class keeps
 */
final class CallScope<C> {

  private final String owner;
  private final ThreadLocal<C> current = new ThreadLocal<>();

  /**
   * Creates a scope.
   *
   * @param owner who uses it, for the error of a hook called outside a call
   */
  CallScope(String owner) {
    this.owner = owner;
  }

  /** Runs a call with its state in scope. */
  <T> T run(C call, Supplier<T> body) {
    current.set(call);
    try {
      return body.get();
    } finally {
      current.remove();
    }
  }

  /** Returns the state of the call running in this thread. */
  C current() {
    return Objects.requireNonNull(current.get(), () -> owner + ": a hook of the engine ran outside a provider call");
  }
}
