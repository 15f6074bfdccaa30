package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.Protocol;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Pass-through agreement on shared load balancers, as on dedicated ones: in IPVS mode the Services on one load
 * balancer must agree on {@code kubernetes.io/elb.pass-through} (huawei-api-and-sdk.md A.3, doc cce_10_0355:
 * "IPVS mode: Services on the same ELB must have the same pass-through setting"). Each listener records its
 * Service's setting in its name ({@code lbkit-tcp-80} off, {@code lbkit-tcp-80-pass-through} on): the v2
 * listener's description holds the owner marker alone, which the observer finds listeners by. A Service that
 * attaches to a load balancer ({@code kubernetes.io/elb.id}) reads its listeners once per ensure and is refused,
 * before any write, when another Service's listener records the other setting; its own listeners whose record
 * is stale are renamed.
 */
final class SharedPassThrough {

  private static final String ON_SUFFIX = "-pass-through";

  private SharedPassThrough() {}

  /** Returns the name of a listener, recording the Service's pass-through setting. */
  static String listenerName(Protocol protocol, int port, PassThrough passThrough) {
    return "lbkit-" + protocol.name().toLowerCase(Locale.ROOT) + "-" + port
        + (passThrough == PassThrough.OFF ? "" : ON_SUFFIX);
  }

  /** Returns the pass-through setting a listener's name records, or null for a listener lbkit did not name. */
  static @Nullable Boolean recorded(SharedElbApi.Listener l) {
    String name = l.name();
    if (name == null || !name.startsWith("lbkit-") || OwnerMarker.parse(l.description()).isEmpty()) {
      return null;
    }
    return name.endsWith(ON_SUFFIX);
  }

  /**
   * Refuses an attaching Service whose pass-through setting another Service's listener on the load balancer
   * contradicts; renames the Service's own listeners whose record is stale. Does nothing (no call) for a
   * Service on a load balancer of its own.
   *
   * @throws InvalidServiceException naming the other Service's listener and port
   */
  static void check(LoadBalancerSpec spec, OwnerMarker marker, SharedElbApi elb, String loadBalancerId) {
    check(spec, marker, elb::listListeners, loadBalancerId, stale -> rename(spec, elb, stale));
  }

  /**
   * The same check over any source of listeners (the live API or a bulk observation's index).
   *
   * @param listeners the listeners of a load balancer
   * @param stale gets the Service's own listeners whose record is stale (none when all agree)
   * @throws InvalidServiceException naming the other Service's listener and port
   */
  static void check(LoadBalancerSpec spec, OwnerMarker marker,
      java.util.function.Function<String, List<SharedElbApi.Listener>> listeners, String loadBalancerId,
      java.util.function.Consumer<List<SharedElbApi.Listener>> stale) {
    if (!(spec.attachment() instanceof Attachment.Existing)) {
      return;
    }
    boolean wanted = spec.passThrough() != PassThrough.OFF;
    List<SharedElbApi.Listener> ours = new ArrayList<>();
    for (SharedElbApi.Listener l : listeners.apply(loadBalancerId)) {
      Boolean theirs = recorded(l);
      if (theirs == null || theirs == wanted) {
        continue;
      }
      if (marker.matches(l.description())) {
        ours.add(l);
        continue;
      }
      String key = DedicatedMapping.PASS_THROUGH_KEY;
      throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(key,
          Boolean.toString(wanted),
          "ensure: the Services on load balancer " + loadBalancerId + " must agree on pass-through, and listener "
              + l.id() + " (port " + l.port() + ") of another Service has it " + (theirs ? "on" : "off") + "; set "
              + key + " to \"" + theirs + "\" or use another load balancer")));
    }
    if (!ours.isEmpty()) {
      stale.accept(ours);
    }
  }

  /** Renames the Service's listeners whose pass-through record is stale. */
  private static void rename(LoadBalancerSpec spec, SharedElbApi elb, List<SharedElbApi.Listener> stale) {
    for (SharedElbApi.Listener l : stale) {
      Protocol p = SharedMapping.protocolOf(l.protocol());
      if (p != null && l.port() != null) {
        elb.updateListener(l.id(), new SharedElbApi.ListenerUpdate(
            listenerName(p, l.port(), spec.passThrough()), null, null, null, null, null, null));
      }
    }
  }
}
