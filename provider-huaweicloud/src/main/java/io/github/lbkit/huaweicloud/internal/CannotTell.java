package io.github.lbkit.huaweicloud.internal;

/**
 * Thrown by a bulk observation that lacks what one Service's observation needs (a v2 member it has never seen, an
 * EIP's own record): the snapshot then answers "not converged" for that Service and the caller runs a full ensure,
 * which observes the cloud itself.
 */
final class CannotTell extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CannotTell(String message) {
    super(message, null, false, false);
  }
}
