package io.github.lbkit.api.engine;

import io.github.lbkit.api.CloudApiException;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.OwnerMarker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What most providers on the {@link ReconcileEngine} write the same way around it: the result of an ensure, the
 * status {@code find} reports, and a delete that treats "not found" as done.
 */
public final class ProviderSupport {

  private ProviderSupport() {}

  /**
   * Returns the result of an ensure that left the given load balancer: its address (the bound EIP's, else the
   * VIP) with the spec's IP mode, and the annotations to write back, naming the EIP only when it carries the
   * Service's marker (a user's EIP is never recorded as lbkit's).
   *
   * @param spec the spec ensured
   * @param lb the load balancer the engine returned
   * @return the result
   * @throws RetryLaterException when the load balancer has no address yet (retry in 5 seconds)
   */
  public static LoadBalancerResult ensured(LoadBalancerSpec spec, ObservedLoadBalancer lb) {
    String address = lb.address().orElseThrow(() -> new RetryLaterException(
        "ensure " + spec.key().namespacedName() + ": load balancer " + lb.id() + " has no address yet",
        Duration.ofSeconds(5)));
    LoadBalancerStatus status =
        new LoadBalancerStatus(List.of(Ingress.ip(address, spec.passThrough().ipMode())), lb.id());
    ObservedEip eip = lb.eip();
    String ourEip = eip != null && OwnerMarker.of(spec.key()).matches(eip.owner()) ? eip.id() : null;
    return new LoadBalancerResult(status, spec.writeBackAnnotations(lb.id(), ourEip), List.of());
  }

  /**
   * Returns what {@code find} reports for a located load balancer: its status while any part of the Service's
   * remains on it (the load balancer itself or one of its listeners), so that a delete still needed is never
   * skipped; empty otherwise or while it has no address.
   *
   * @param key the Service
   * @param located what {@link ReconcileCloud#locate} found
   * @return the status
   */
  public static Optional<LoadBalancerStatus> found(ServiceKey key, Optional<ObservedLoadBalancer> located) {
    OwnerMarker marker = OwnerMarker.of(key);
    return located.filter(lb -> lb.ownedBy(marker) || !lb.listenersOf(marker).isEmpty())
        .flatMap(lb -> lb.address().map(a -> new LoadBalancerStatus(List.of(Ingress.ip(a, IpMode.VIP)), lb.id())));
  }

  /**
   * Runs a delete, taking a {@link CloudApiException} with HTTP 404 as success: the resource is already gone (a
   * racing controller or a person removed it first).
   *
   * @param delete the delete call
   */
  public static void ignoringNotFound(Runnable delete) {
    try {
      delete.run();
    } catch (CloudApiException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
    }
  }
}
