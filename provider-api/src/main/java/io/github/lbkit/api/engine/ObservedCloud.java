package io.github.lbkit.api.engine;

import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import java.util.Optional;

/**
 * What a provider observed of its whole cloud at once, in memory: the answer of {@link ReconcileCloud#observeAll}.
 * It answers {@link ReconcileCloud#observe} for any Service without calling the cloud again, so that the engine can
 * tell which Services of a drift pass need an ensure at all.
 */
@FunctionalInterface
public interface ObservedCloud {

  /**
   * Answers from this observation what {@link ReconcileCloud#observe} would answer for one Service: the same
   * selection rules (the load balancer the Service names, or the oldest one carrying its owner marker), the same
   * detached resources. Never calls the cloud.
   *
   * @param spec the desired state
   * @return the observed load balancer, or empty when none is found in this observation
   * @throws RuntimeException when the observation cannot tell (the engine then treats the Service as not
   *     converged)
   */
  Optional<ObservedLoadBalancer> observe(LoadBalancerSpec spec);
}
