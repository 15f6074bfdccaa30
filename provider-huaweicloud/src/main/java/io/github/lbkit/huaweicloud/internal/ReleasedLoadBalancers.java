package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A load balancer one Service created and others attached to (through {@code kubernetes.io/elb.id}) goes with the
 * last of them, with its owner's EIP.
 *
 * <p>When the owner's delete keeps the load balancer for other Services' listeners, it <em>releases</em> it: the
 * owner marker in the description gets a {@code released=true} part ({@link OwnerMarker#parse} ignores parts it
 * does not know, so the marker still names the owner, while the owner's lookups, which match the description
 * exactly, no longer find it). The delete of an attached Service that leaves no listener on a released load
 * balancer deletes it, then the EIPs that carry the released owner's marker. A racing attach that adds a listener
 * in between makes the load balancer's delete fail with a conflict: the load balancer is then kept (released),
 * for the delete of that Service. A load balancer without an lbkit marker is never released nor deleted here.
 */
final class ReleasedLoadBalancers {

  /** The part the owner's delete adds to the marker in the description. */
  static final String RELEASED = "released=true";

  /** The calls of one class this needs. */
  interface Calls {
    /** The load balancer's description, or empty when it is gone (one read). */
    Optional<String> description(String id);

    /** Whether any listener (of anyone) is on the load balancer (one read). */
    boolean hasListeners(String id);

    /** Rewrites the description (one write). */
    void describe(String id, String description);

    /** Deletes the load balancer; a conflict (listeners on it) throws. */
    void delete(String id);

    /** Unbinds an EIP from the (deleted) load balancer's VIP port. */
    void unbind(String eipId);
  }

  private ReleasedLoadBalancers() {}

  /**
   * Tells whether a description is a released owner marker.
   *
   * @param description the description, or null
   * @return true when it is an lbkit marker with the released part
   */
  static boolean isReleased(@Nullable String description) {
    return OwnerMarker.parse(description).isPresent()
        && Arrays.asList(description.substring(OwnerMarker.PREFIX.length()).split(",", -1)).contains(RELEASED);
  }

  /**
   * The last step of a delete on the class: releases the load balancer the Service owns and keeps for others'
   * listeners, or deletes a released one the Service was attached to once no listener is left on it. Calls
   * nothing when the delete removed the load balancer or found none, and reads one description when the Service
   * was attached to another Service's load balancer.
   *
   * @param calls the class's calls
   * @param eip the EIP API
   * @param marker the deleted Service's marker
   * @param now the load balancer the last round observed (or planned against), or null when it found none
   * @param last the last load balancer the delete found, or null
   * @param vipPort the VIP port of {@code last} (or {@code now}), or null
   */
  static void settle(Calls calls, EipApi eip, OwnerMarker marker, @Nullable ObservedLoadBalancer now,
      @Nullable ObservedLoadBalancer last, @Nullable String vipPort) {
    if (now != null && now.ownedBy(marker)) {
      if (now.listeners().size() == now.listenersOf(marker).size()) {
        return; // the plan deleted it
      }
      if (!isReleased(now.owner())) {
        calls.describe(now.id(), marker.value() + "," + RELEASED);
      }
      // An attached Service may have removed its last listener since this delete observed it.
      reapIfUnused(calls, eip, now.id(), marker, vipPort);
      return;
    }
    ObservedLoadBalancer lb = now != null ? now : last;
    if (lb == null || lb.ownedBy(marker) || OwnerMarker.parse(lb.owner()).isEmpty()) {
      return; // deleted with its owner, or nobody's but a person's: never deleted here
    }
    Optional<String> description = calls.description(lb.id());
    if (description.isEmpty() || !isReleased(description.get())) {
      return;
    }
    reapIfUnused(calls, eip, lb.id(), OwnerMarker.parse(description.get()).orElseThrow(), vipPort);
  }

  private static void reapIfUnused(Calls calls, EipApi eip, String id, OwnerMarker owner, @Nullable String vipPort) {
    if (calls.hasListeners(id)) {
      return;
    }
    try {
      calls.delete(id);
    } catch (CloudApiException e) {
      Outcome o = ErrorClassifier.outcome(e, new Operation.DeleteLoadBalancer(id));
      if (o == Outcome.CONFLICT) {
        return; // a Service attached in between: kept, released, for that Service's delete
      }
      if (o != Outcome.VANISHED) {
        throw e;
      }
    }
    if (vipPort != null && !vipPort.isEmpty()) {
      for (EipApi.PublicIp e : eip.listByPort(vipPort)) {
        if (SharedObserver.owned(e, owner)) {
          try {
            calls.unbind(e.id());
          } catch (CloudApiException x) {
            if (!ErrorClassifier.isNotFound(x)) {
              throw x;
            }
          }
        }
      }
    }
    SharedCloud.sweepEips(eip, owner);
  }
}
