package io.github.lbkit.tck;

import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.ServiceKey;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The kit's view into a provider's cloud double: what the contract tests need to see and to arrange, beyond the
 * provider's own methods. A provider's test implements it over its cloud double (an in-memory model or an HTTP
 * emulator), never over a real cloud.
 */
public interface CloudInspector {

  /**
   * Returns the number of write calls the cloud has received so far, failed ones included.
   *
   * @return the count; only differences are compared
   */
  long writes();

  /**
   * Lists every resource that carries the Service's ownership marker, or hangs off a listener that does.
   *
   * @param key the Service
   * @return the resources; {@link OwnedResource#detail()} follows the formats documented there
   */
  List<OwnedResource> ownedResources(ServiceKey key);

  /**
   * Tells whether a resource of any kind still exists.
   *
   * @param resourceId its id
   * @return true when it exists
   */
  boolean exists(String resourceId);

  /**
   * Creates, as another user would, a load balancer that lbkit does not own, with one listener of its own and,
   * when asked, an EIP the user bound to it.
   *
   * @param protocol the protocol of the foreign listener
   * @param port the port of the foreign listener
   * @param withEip whether to bind a user EIP to it
   * @return the ids of what was created
   */
  ForeignLoadBalancer createForeignLoadBalancer(Protocol protocol, int port, boolean withEip);

  /**
   * Creates, as the user would, an unbound EIP that lbkit does not own.
   *
   * @return the EIP
   */
  UserEip createUserEip();

  /**
   * Makes a share of cloud calls fail with transient, retryable errors (throttling, 5xx, timeouts whose write
   * was applied, busy), reproducibly from the seed.
   *
   * @param rate the share of calls that fail, 0 to 1
   * @param seed the seed of the faults
   * @return false when the cloud double cannot inject faults; the tests that need it are then skipped
   */
  default boolean injectTransientFaults(double rate, long seed) {
    return false;
  }

  /**
   * Makes the cloud abort the caller right after the k-th write from now was applied, as if the process died.
   * The provider call then throws whatever the double throws.
   *
   * @param k the write after which to abort, from 1
   * @return false when the cloud double cannot do this; the tests that need it are then skipped
   */
  default boolean crashAfterWrites(int k) {
    return false;
  }

  /**
   * Makes the cloud double yield the calling thread on every call, so that concurrent callers interleave as they
   * would against a real API with latency. Cleared by {@link #clearFaults()}.
   *
   * @return false when the cloud double cannot do this; races are then still tested, only less sharply
   */
  default boolean interleaveCalls() {
    return false;
  }

  /** Removes every injected fault. */
  default void clearFaults() {}

  /** The kinds of owned resource. */
  enum Kind {
    /** A load balancer. */
    LOAD_BALANCER,
    /** A listener. */
    LISTENER,
    /** A backend pool. */
    POOL,
    /** A health monitor. */
    MONITOR,
    /** A backend member. */
    MEMBER,
    /** An elastic IP. */
    EIP
  }

  /**
   * One resource owned by a Service.
   *
   * @param kind its kind
   * @param id its cloud id
   * @param detail for a listener {@code PROTOCOL:port} (for example {@code TCP:80}), for a member
   *     {@code address:port}; anything for the other kinds
   */
  record OwnedResource(Kind kind, String id, String detail) {
    /**
     * Validates that every part is present.
     *
     * @param kind its kind
     * @param id its cloud id
     * @param detail for a listener {@code PROTOCOL:port} (for example {@code TCP:80}), for a member
     *     {@code address:port}; anything for the other kinds
     */
    public OwnedResource {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * What {@link #createForeignLoadBalancer} created.
   *
   * @param loadBalancerId the load balancer
   * @param listenerId its foreign listener
   * @param eipId the user's EIP bound to it, or null
   * @param eipAddress that EIP's address, or null
   */
  record ForeignLoadBalancer(
      String loadBalancerId, String listenerId, @Nullable String eipId, @Nullable String eipAddress) {}

  /**
   * What {@link #createUserEip} created.
   *
   * @param id the EIP id
   * @param address its address
   */
  record UserEip(String id, String address) {}
}
