package io.github.lbkit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cloud resource the Service names or needs belongs to another Service or cluster (or to nobody lbkit
 * knows), so lbkit refuses to change it. Not retried: the Service must name another resource, or the other
 * owner must let go.
 */
public final class OwnershipConflictException extends LoadBalancerException {

  private static final long serialVersionUID = 1L;

  /** The cloud resource in conflict. */
  private final String resource;
  /** Who owns it, if known. */
  private final @Nullable String owner;

  /**
   * Creates the error.
   *
   * @param resource the resource, for example {@code loadbalancer 3f2a…} or {@code listener TCP:80}
   * @param owner who owns it, as far as known (for example {@code cluster prod, Service default/web}), or null
   * @param message what was refused and what to do
   */
  public OwnershipConflictException(String resource, @Nullable String owner, String message) {
    super(message, null);
    this.resource = Objects.requireNonNull(resource, "resource");
    this.owner = owner;
  }

  /**
   * Returns the resource that is not ours.
   *
   * @return a description of the resource
   */
  public String resource() {
    return resource;
  }

  /**
   * Returns who owns the resource, as far as known.
   *
   * @return the owner, or {@code null} when unknown
   */
  public @Nullable String owner() {
    return owner;
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
