package io.github.lbkit.api;

import java.util.Optional;

/**
 * One cloud's load balancer implementation: the contract every provider fulfils, in the manner of Kubernetes'
 * {@code cloudprovider.LoadBalancer}.
 *
 * <h2>Rules for every method</h2>
 *
 * <ul>
 *   <li><b>Inputs are read-only.</b> Specs, keys and hints are immutable values; a provider never changes the
 *       Service. What must be written back onto it is returned in {@link LoadBalancerResult#annotations()}.
 *   <li><b>Idempotent.</b> Each call converges the cloud from any starting point — nothing, a half-finished
 *       earlier call, or the finished state — to the same result. A converged load balancer costs zero cloud
 *       writes.
 *   <li><b>Find before create, own by marker.</b> Resources a provider creates carry the cluster name and the
 *       Service UID of {@link ServiceKey}; a provider finds them by that marker before it creates anything, so
 *       that two racing calls or a crash between "created" and "recorded" never yield a second load balancer.
 *   <li><b>Never touch what is not ours.</b> Resources without this Service's marker are left alone; an EIP the
 *       user brought is unbound, never deleted; a load balancer owned by someone else is refused with an
 *       {@link OwnershipConflictException}.
 *   <li><b>No sleeping.</b> When the cloud is not ready (still provisioning, busy), a provider throws
 *       {@link RetryLaterException} and the controller calls again later.
 *   <li><b>Errors.</b> Every failure is a {@link LoadBalancerException}: {@link InvalidServiceException} for a
 *       spec the cloud cannot serve, {@link CloudApiException} for an API error (with
 *       {@link CloudApiException#retryable()}), {@link RetryLaterException}, or
 *       {@link OwnershipConflictException}.
 *   <li><b>Thread-safety.</b> A provider is called concurrently for different Services. The controller never
 *       calls it concurrently for the same Service, but a provider must still not create a second load
 *       balancer if that happens (two controllers without leader election).
 * </ul>
 */
public interface LoadBalancerProvider extends AutoCloseable {

  /**
   * Returns the provider's name, as its factory registers it (for example {@code huaweicloud} or {@code fake}).
   *
   * @return the name
   */
  String name();

  /**
   * Returns the features this provider supports. The controller checks every spec against them before any
   * cloud call.
   *
   * @return the capabilities; constant for the provider's life
   */
  Capabilities capabilities();

  /**
   * Finds the load balancer that serves a Service, if one exists.
   *
   * <p>Read-only: makes no cloud writes. Returns a status when a load balancer owned by this Service exists,
   * or when the Service is attached (by {@code elb.id}) to one that still carries any of its listeners.
   * Returns empty when there is nothing of this Service's — the answer that lets the controller skip a delete.
   * Because a load balancer has several parts, a provider must report presence when any owned part remains.
   *
   * @param key the Service
   * @param hints ids read leniently from the Service's annotations; never trusted without checking ownership
   * @return the status, or empty when nothing of this Service's exists
   * @throws CloudApiException when the cloud cannot answer
   * @throws RetryLaterException when the cloud asks to come back later
   */
  Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints);

  /**
   * Creates the load balancer, or converges the existing one, to match the spec: load balancer, EIP,
   * listeners, pools, health monitors and members, in dependency order. Listeners of this Service that the
   * spec no longer has are removed; listeners it does not own are never touched.
   *
   * @param spec the desired state, already validated
   * @return the status, annotations to write back, and warnings
   * @throws InvalidServiceException when the cloud cannot serve the spec (checked before any write)
   * @throws OwnershipConflictException when the spec names a load balancer or port someone else owns
   * @throws RetryLaterException when a resource is still provisioning; the controller calls again later
   * @throws CloudApiException when an API call fails after the provider's own retries
   */
  LoadBalancerResult ensure(LoadBalancerSpec spec);

  /**
   * Converges only the backend members of every listener to the spec's nodes or pods. Called when nodes or
   * endpoints change; cheaper than {@link #ensure}. Must not create a load balancer: when none exists, it
   * throws {@link RetryLaterException} (or does nothing) and lets the next {@link #ensure} do the work.
   *
   * @param spec the desired state; only {@link LoadBalancerSpec#backends()} is expected to differ from the last
   *     ensure
   * @throws RetryLaterException when the load balancer does not exist yet or is not ready
   * @throws CloudApiException when an API call fails after the provider's own retries
   */
  void updateBackends(LoadBalancerSpec spec);

  /**
   * Removes everything this Service owns: an auto-created load balancer with its listeners, pools, monitors,
   * members and the EIP lbkit created; on an attached load balancer, only this Service's listeners and what
   * hangs off them. An EIP the user brought is unbound, never deleted.
   *
   * <p>Works from the key and the lenient hints alone, <b>never requiring valid annotations</b>, so that a
   * Service whose annotations are broken can still be deleted. Returns normally when nothing is left,
   * including when nothing existed; not-found answers from the cloud count as success.
   *
   * @param key the Service
   * @param hints ids read leniently from the Service's annotations
   * @throws RetryLaterException when something is still provisioning or busy
   * @throws CloudApiException when an API call fails after the provider's own retries
   */
  void delete(ServiceKey key, LoadBalancerHints hints);

  /**
   * Reads the owner marker a load balancer carries, for attach policies that allow attaching only to load
   * balancers a Service of the same namespace created. One read call. The default cannot tell.
   *
   * @param loadBalancerId the load balancer
   * @return its owner marker; empty when it carries none (or does not exist)
   * @throws UnsupportedOperationException by default
   */
  default Optional<io.github.lbkit.api.plan.OwnerMarker> ownerOf(String loadBalancerId) {
    throw new UnsupportedOperationException("owner of load balancer " + loadBalancerId + ": the provider " + name()
        + " cannot tell yet");
  }

  /**
   * Tells what an {@link #ensure} would do, without doing it: the operations of its first round, planned from one
   * observation with read calls only. For migration reports and dry runs. The default refuses: the provider
   * cannot preview.
   *
   * @param spec the desired state
   * @return the operations, in order; empty when the load balancer is converged
   * @throws UnsupportedOperationException by default
   * @throws OwnershipConflictException when the ensure would be refused (for example a load balancer to adopt
   *     that does not match), with the reason
   */
  default io.github.lbkit.api.plan.Plan preview(LoadBalancerSpec spec) {
    throw new UnsupportedOperationException("preview " + spec.key().namespacedName() + ": the provider " + name()
        + " cannot preview an ensure yet");
  }

  /**
   * Hands a Service's cloud resources back without deleting anything: removes the Service's owner marker from its
   * load balancer, its EIPs and its listeners, so that lbkit neither changes nor deletes them any more and
   * another controller (CCE's own) can serve the Service again. Idempotent: nothing marked means nothing to do.
   *
   * <p>The default refuses: the provider cannot hand back.
   *
   * @param key the Service
   * @param hints ids read leniently from the Service's annotations
   * @throws UnsupportedOperationException by default
   * @throws RetryLaterException when the cloud did not settle
   * @throws CloudApiException when an API call fails after the provider's own retries
   */
  default void release(ServiceKey key, LoadBalancerHints hints) {
    throw new UnsupportedOperationException("release " + key.namespacedName() + ": the provider " + name()
        + " cannot hand a load balancer back yet; nothing was changed");
  }

  /**
   * Returns what the provider's cloud API client has done so far (calls, retries, rate-limit waits), for metrics.
   * The service controller publishes it as {@code lbkit.cloud.*} meters. Cheap: called at each metrics scrape.
   *
   * @return the counters, or empty when the provider keeps none (the default)
   */
  default Optional<CloudCallStats> cloudCallStats() {
    return Optional.empty();
  }

  /**
   * Optional capability: observes the whole cloud at once, for a drift pass. A provider that can list what it
   * manages project-wide (paged, filtered server-side) returns a {@link CloudSnapshot} that tells, without another
   * call, which Services an ensure would change; the service controller then ensures only those. The default
   * returns empty: the provider cannot observe in bulk, and drift repair ensures every Service as before.
   *
   * @return a fresh snapshot, or empty when this provider does not observe in bulk
   * @throws RuntimeException whatever the cloud throws while listing; the caller then falls back to ensure
   */
  default Optional<CloudSnapshot> snapshot() {
    return Optional.empty();
  }

  /** Releases the provider's resources (HTTP clients, threads). The default does nothing. */
  @Override
  default void close() {}
}
