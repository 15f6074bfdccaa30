package io.github.lbkit.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Backend;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.k8s.ServiceTranslator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One leadership term's reconcile logic: what a worker does with a key taken from the {@link WorkQueue}.
 * Holds the in-memory state the upstream controller keeps (the last served copy of each Service, for UID
 * changes and deletions that bypassed the finalizer; the last synced backend set, for node sync) plus the
 * versions of Services that were rejected, which are not retried until they change.
 */
final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** Where the reconciler reads cluster state from: the informers' caches. */
  interface Listers {
    @Nullable Service service(String key);

    List<Service> services();

    List<Node> nodes();

    List<EndpointSlice> endpointSlices(String serviceKey);

    /** Whether the API server serves {@code discovery.k8s.io/v1} EndpointSlices (and they are watched). */
    default boolean endpointSlicesServed() {
      return true;
    }
  }

  enum Outcome {
    SUCCESS,
    NOOP,
    INVALID,
    REFUSED
  }

  private final LoadBalancerProvider provider;
  private final ServiceTranslator translator;
  private final ServiceRules rules;
  private final AttachPolicy attachPolicy;
  private final ServiceWriter writer;
  private final EventRecorder events;
  private final ControllerMetrics metrics;
  private final WorkQueue queue;
  private final Listers listers;
  private final boolean adoption;

  private final Map<String, Service> cache = new ConcurrentHashMap<>();
  private final Map<String, Set<Backend>> lastBackends = new ConcurrentHashMap<>();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();
  private final Map<String, LoadBalancerSpec> lastEnsured = new ConcurrentHashMap<>();
  private final Map<String, List<ProviderWarning>> lastWarnings = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> lastWrittenBack = new ConcurrentHashMap<>();
  private final Map<String, List<String>> lastUnknownKeys = new ConcurrentHashMap<>();
  private final Object snapshotLock = new Object();
  private volatile boolean snapshots = true;
  private boolean snapshotUnsupported;
  private @Nullable CloudSnapshot currentSnapshot;
  private Duration snapshotMaxAge = Duration.ZERO;

  Reconciler(
      LoadBalancerProvider provider,
      ServiceTranslator translator,
      ServiceRules rules,
      AttachPolicy attachPolicy,
      ServiceWriter writer,
      EventRecorder events,
      ControllerMetrics metrics,
      WorkQueue queue,
      Listers listers,
      boolean adoption) {
    this.adoption = adoption;
    this.provider = provider;
    this.translator = translator;
    this.rules = rules;
    this.attachPolicy = attachPolicy;
    this.writer = writer;
    this.events = events;
    this.metrics = metrics;
    this.queue = queue;
    this.listers = listers;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Event handlers: called on informer threads, so they only look and enqueue.

  void onServiceAdd(Service svc) {
    if (rules.wantsLoadBalancer(svc) || rules.needsCleanup(svc)) {
      queue.add(ServiceRules.keyOf(svc), WorkQueue.Work.FULL);
    }
  }

  void onServiceUpdate(Service oldSvc, Service newSvc) {
    if (rules.needsCleanup(newSvc)
        || (rules.needsUpdate(oldSvc, newSvc) && !onlyOurWriteBack(oldSvc, newSvc))) {
      queue.add(ServiceRules.keyOf(newSvc), WorkQueue.Work.FULL);
    }
  }

  /**
   * Whether the update only carries the annotations this controller wrote back itself: such an update must not
   * cause another reconcile (and another pair of Events).
   */
  private boolean onlyOurWriteBack(Service oldSvc, Service newSvc) {
    Map<String, String> ours = lastWrittenBack.get(ServiceRules.keyOf(newSvc));
    if (ours == null || ours.isEmpty()) {
      return false;
    }
    Map<String, String> merged = new java.util.HashMap<>(ServiceRules.annotations(oldSvc));
    merged.putAll(ours);
    String list = ServiceRules.annotations(newSvc).get(ServiceWriter.WRITTEN_BACK);
    if (list != null) {
      merged.put(ServiceWriter.WRITTEN_BACK, list); // the list of what we wrote is ours too
    }
    Service oldWithOurs =
        new io.fabric8.kubernetes.api.model.ServiceBuilder(oldSvc)
            .editMetadata()
            .withAnnotations(merged)
            .endMetadata()
            .build();
    return !rules.needsUpdate(oldWithOurs, newSvc);
  }

  void onServiceDelete(Service svc) {
    // With the finalizer, deletion arrives as an update. A delete event for a Service we served means it went
    // without our finalizer (removed by hand, or never added): the sync then cleans up from the cached copy.
    String key = ServiceRules.keyOf(svc);
    if (cache.containsKey(key)) {
      queue.add(key, WorkQueue.Work.FULL);
    }
  }

  /** Enqueues a backend sync of every Service whose load balancer was ensured. */
  void syncAllBackends() {
    for (String key : lastBackends.keySet()) {
      queue.add(key, WorkQueue.Work.BACKENDS);
    }
  }

  /**
   * Enqueues a backend sync of one Service (its EndpointSlices changed). A Service whose first ensure has not
   * recorded its backends yet gets a full reconcile instead: its ensure may have read the EndpointSlices before
   * this change reached the cache, and the change would otherwise be lost.
   */
  void syncBackendsOf(String key) {
    if (lastBackends.containsKey(key)) {
      queue.add(key, WorkQueue.Work.BACKENDS);
      return;
    }
    Service svc = listers.service(key);
    if (svc != null && rules.wantsLoadBalancer(svc)) {
      queue.add(key, WorkQueue.Work.FULL);
    }
  }

  /**
   * Enqueues a full reconcile of every served Service at drift priority, spread evenly over {@code period}
   * (the i-th of n Services after i/n of it, in a random order each pass), so that a pass is a steady trickle
   * instead of a burst, and a user's change never waits behind it.
   */
  void repairDrift(Duration period) {
    synchronized (snapshotLock) {
      snapshotMaxAge = period.dividedBy(4);
      currentSnapshot = null; // a pass starts with a fresh look at the cloud
    }
    List<String> keys = new ArrayList<>();
    for (Service svc : listers.services()) {
      if (!(rules.wantsLoadBalancer(svc) || rules.needsCleanup(svc))) {
        continue;
      }
      String key = ServiceRules.keyOf(svc);
      if (svc.getMetadata().getResourceVersion() != null
          && svc.getMetadata().getResourceVersion().equals(rejected.get(key))) {
        continue; // rejected as it is: waits for a change
      }
      keys.add(key);
    }
    java.util.Collections.shuffle(keys, java.util.concurrent.ThreadLocalRandom.current());
    List<Duration> offsets = driftOffsets(keys.size(), period);
    for (int i = 0; i < keys.size(); i++) {
      queue.addAfter(keys.get(i), WorkQueue.Work.FULL, offsets.get(i), WorkQueue.Priority.DRIFT);
    }
  }

  /**
   * The offsets of a drift pass over {@code n} Services: evenly spaced over {@code period}, the first at zero.
   *
   * @param n how many Services
   * @param period the drift period
   * @return n offsets, ascending
   */
  static List<Duration> driftOffsets(int n, Duration period) {
    List<Duration> out = new ArrayList<>(n);
    long nanos = period.toNanos();
    for (int i = 0; i < n; i++) {
      out.add(Duration.ofNanos(nanos / n * i));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Worker side.

  /** Processes one key: reconciles, then tells the queue what comes next. Never throws. */
  void process(WorkQueue.Item item) {
    String key = item.key();
    String work = item.work() == WorkQueue.Work.FULL ? "sync" : "backends";
    int slash = key.indexOf('/');
    MDC.put("service", key);
    MDC.put("namespace", key.substring(0, slash));
    MDC.put("name", key.substring(slash + 1));
    long start = System.nanoTime();
    String outcome;
    try {
      boolean drift = item.priority() == WorkQueue.Priority.DRIFT;
      Outcome o = item.work() == WorkQueue.Work.FULL ? sync(key, drift) : syncBackends(key);
      outcome = o.name().toLowerCase(java.util.Locale.ROOT);
      if (item.work() == WorkQueue.Work.FULL) {
        queue.forget(key);
      }
    } catch (RetryLaterException e) {
      outcome = "retry_later";
      LOG.info("reconcile {}: {}; retrying in {}", key, e.getMessage(), e.retryAfter());
      queue.addAfter(key, WorkQueue.Work.FULL, e.retryAfter());
    } catch (RuntimeException e) {
      outcome = "error";
      Duration delay = queue.addRateLimited(key);
      LOG.warn("reconcile {} failed; retrying in {}", key, delay, e);
    } finally {
      MDC.remove("service");
      MDC.remove("namespace");
      MDC.remove("name");
    }
    metrics.reconciled(work, outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  Outcome sync(String key) {
    return sync(key, false);
  }

  /**
   * Reconciles one Service.
   *
   * @param drift whether this is drift repair, which may be answered by a bulk snapshot of the cloud
   */
  Outcome sync(String key, boolean drift) {
    Service svc = listers.service(key);
    Service cached = cache.get(key);
    if (svc == null) {
      if (cached == null) {
        return Outcome.NOOP;
      }
      // Gone without our finalizer (upstream's legacy path): clean up from the last served copy.
      deleteLoadBalancer(cached);
      forgetState(key);
      return Outcome.SUCCESS;
    }
    if (cached != null && !cached.getMetadata().getUid().equals(svc.getMetadata().getUid())) {
      // Deleted and re-created under the same name before we saw it go: the old load balancer goes first.
      LOG.info("Service {} was re-created (uid {} -> {}); deleting the old load balancer first", key,
          cached.getMetadata().getUid(), svc.getMetadata().getUid());
      deleteLoadBalancer(cached);
      forgetState(key);
    }
    if (RELEASE_TRUE.equals(ServiceRules.annotations(svc).get(RELEASE))) {
      return release(svc);
    }
    if (!rules.wantsLoadBalancer(svc) || rules.needsCleanup(svc)) {
      if (!rules.hasOurFinalizer(svc) && !cache.containsKey(key)) {
        // No finalizer and never served by us: the finalizer goes on before any cloud call, so nothing of
        // this Service can exist in the cloud.
        forgetState(key);
        return Outcome.NOOP;
      }
      if (rules.hasOurFinalizer(svc)) {
        // The cache can lag behind our own writes of the last cleanup (status, finalizer): ask the API server,
        // so that one type change or deletion deletes the load balancer once.
        Service live = writer.fresh(svc);
        if (live == null || !rules.needsCleanup(live)) {
          forgetState(key);
          return Outcome.NOOP;
        }
        svc = live;
      }
      cleanup(svc);
      forgetState(key);
      return Outcome.SUCCESS;
    }
    return ensure(svc, drift);
  }

  /**
   * Hands a Service back ({@code lbkit.io/release: "true"}): the provider removes the Service's owner marker from
   * its cloud resources and deletes nothing; then lbkit's own annotations and the finalizer go. From then on the
   * Service is left alone while the annotation stays, and its deletion deletes nothing in the cloud.
   */
  private Outcome release(Service svc) {
    String key = ServiceRules.keyOf(svc);
    if (!rules.hasOurFinalizer(svc) && !cache.containsKey(key)) {
      forgetState(key);
      return Outcome.NOOP; // already handed back, or never ours
    }
    try {
      cloud("release", () -> {
        provider.release(translator.key(svc), translator.hints(svc));
        return null;
      });
    } catch (UnsupportedOperationException e) {
      reject(svc);
      events.record(svc, EventRecorder.WARNING, EventRecorder.SYNC_FAILED, "Release", e.getMessage()
          + "; remove the " + RELEASE + " annotation to keep lbkit serving the Service");
      return Outcome.REFUSED;
    }
    writer.removeOwnRecords(svc);
    writer.removeFinalizer(svc);
    forgetState(key);
    events.record(svc, EventRecorder.NORMAL, EventRecorder.RELEASED, "Release", "Handed the load balancer back:"
        + " lbkit's owner marker was removed from it, nothing was deleted, and lbkit no longer serves this Service"
        + " (remove the " + RELEASE + " annotation to let lbkit take it over again)");
    LOG.info("Service {} handed back", key);
    return Outcome.SUCCESS;
  }

  /**
   * The namespace of the Service of this cluster whose owner marker the load balancer carries; empty when it
   * carries none, another cluster's, one of a Service not known here, or the provider cannot tell.
   */
  private java.util.Optional<String> ownerNamespace(String clusterName, String loadBalancerId) {
    java.util.Optional<io.github.lbkit.api.plan.OwnerMarker> owner;
    try {
      owner = cloud("ownerOf", () -> provider.ownerOf(loadBalancerId));
    } catch (UnsupportedOperationException e) {
      LOG.debug("attach policy: {}", e.getMessage());
      return java.util.Optional.empty();
    }
    return owner.filter(m -> m.clusterName().equals(clusterName)).flatMap(m -> listers.services().stream()
        .filter(s -> m.uid().equals(s.getMetadata().getUid())).map(s -> s.getMetadata().getNamespace())
        .findFirst());
  }

  private void forgetState(String key) {
    cache.remove(key);
    lastBackends.remove(key);
    rejected.remove(key);
    lastEnsured.remove(key);
    lastWarnings.remove(key);
    lastWrittenBack.remove(key);
    lastUnknownKeys.remove(key);
  }

  private Outcome ensure(Service svc, boolean drift) {
    String key = ServiceRules.keyOf(svc);
    String ns = svc.getMetadata().getNamespace();
    String name = svc.getMetadata().getName();
    warnAboutUnknownAnnotations(svc);
    LoadBalancerSpec spec;
    try {
      spec = translate(svc);
      provider.capabilities().check(spec, provider.name());
    } catch (InvalidServiceException e) {
      // No cloud call: the load balancer, if any, stays as it is until the Service is fixed.
      reject(svc);
      events.record(svc, EventRecorder.WARNING, EventRecorder.SYNC_FAILED, "Validate", invalidNote(e));
      LOG.warn("Service {} is invalid; waiting for it to change: {}", key, e.getMessage());
      return Outcome.INVALID;
    }
    if (spec.adoption() != null && !adoption) {
      if (spec.adoption().byId()) {
        reject(svc);
        String note = "Error syncing load balancer: the Service names load balancer "
            + spec.adoption().loadBalancerId() + " that CCE's controller created, and adoption is off in this"
            + " controller; nothing was changed. To take it over (same address, nothing recreated), turn adoption"
            + " on: ServiceController.builder().adoption(true)";
        events.record(svc, EventRecorder.WARNING, EventRecorder.ADOPTION_REFUSED, "Adopt", note);
        LOG.warn("Service {}: {}", key, note);
        return Outcome.REFUSED;
      }
      spec = spec.toBuilder().adoption(null).build(); // no search by name either
    }
    if (spec.attachment() instanceof Attachment.Existing existing) {
      String lb = existing.loadBalancerId();
      java.util.Optional<String> ownerNs = attachPolicy.needsOwner()
          ? ownerNamespace(spec.key().clusterName(), lb) : java.util.Optional.empty();
      if (!attachPolicy.mayAttach(ns, name, lb, ownerNs)) {
        reject(svc);
        String note =
            "Error syncing load balancer: attaching to existing load balancer " + lb + " is not allowed for"
                + " Service " + key + " by the controller's attach policy"
                + (attachPolicy.needsOwner() ? " (the load balancer was " + ownerNs.map(o -> "created by a Service"
                    + " of namespace " + o).orElse("not created by a Service of this cluster") + ", not of"
                    + " namespace " + ns + ")" : "")
                + "; nothing was changed. Remove the load balancer id from the Service, or ask the cluster operator"
                + " to allow namespace " + ns + " (ServiceController.builder().attachPolicy("
                + "AttachPolicy.sameNamespace().or(AttachPolicy.allow((namespace, lb) -> ...))))";
        events.record(svc, EventRecorder.WARNING, EventRecorder.SYNC_FAILED, "Validate", note);
        LOG.warn("Service {}: {}", key, note);
        return Outcome.REFUSED;
      }
    }
    rejected.remove(key);
    cache.put(key, svc);
    // A re-ensure of an unchanged spec (drift repair, restarts, our own write-back) stays quiet unless the
    // status changes: upstream never re-ensures without a change, so its Events always mean one.
    boolean quiet = spec.equals(lastEnsured.get(key));
    LoadBalancerSpec wanted = spec;
    try {
      if (!quiet) {
        events.record(svc, EventRecorder.NORMAL, EventRecorder.ENSURING, "Ensure", "Ensuring load balancer");
      }
      Service current = writer.addFinalizer(svc); // before any cloud call, so a deletion always finds us
      if (!quiet && spec.backendMode() == BackendMode.NODES && spec.backends().isEmpty()) {
        events.record(current, EventRecorder.WARNING, EventRecorder.UNAVAILABLE, "Ensure",
            "There are no available nodes for LoadBalancer");
      }
      if (!quiet && spec.backendMode() == BackendMode.PODS && !listers.endpointSlicesServed()) {
        events.record(current, EventRecorder.WARNING, EventRecorder.UNAVAILABLE, "Ensure",
            "This API server does not serve discovery.k8s.io/v1 EndpointSlices, so pod backends cannot be "
                + "found and the load balancer has no members; use node backends, or upgrade the cluster to "
                + "Kubernetes 1.21 or later");
      }
      String requestedIp = svc.getSpec().getLoadBalancerIP();
      if (!quiet && requestedIp != null && !requestedIp.isBlank()) {
        events.record(current, EventRecorder.WARNING, LOAD_BALANCER_IP_IGNORED, "Ensure",
            "spec.loadBalancerIP (" + requestedIp + ") is not supported by this controller and is ignored: the "
                + "address comes from the load balancer; set the address through the provider's annotations "
                + "instead, and remove spec.loadBalancerIP");
      }
      // Recorded before the cloud call, as upstream does: a node change while ensure runs then finds the key
      // and is synced after it (a change made after the spec was computed is otherwise lost).
      lastBackends.put(key, Set.copyOf(spec.backends()));
      LoadBalancerResult result = drift ? convergedInSnapshot(wanted) : null;
      if (result == null) {
        result = cloud("ensure", () -> provider.ensure(wanted));
      }
      if (!result.adopted().isEmpty()) {
        metrics.adopted();
        events.record(current, EventRecorder.NORMAL, EventRecorder.ADOPTED, "Adopt", "Took over from CCE's"
            + " controller, keeping the address " + result.status().ingress().stream().map(i -> i.ip() != null
                ? i.ip() : i.hostname()).collect(Collectors.joining(", ")) + ": "
            + String.join(", ", result.adopted()) + "; nothing was created or deleted to do so");
      }
      boolean statusChanged = writer.writeStatus(current, result.status().ingress());
      if (!result.annotations().isEmpty()) {
        lastWrittenBack.put(key, Map.copyOf(result.annotations()));
      }
      Service written = writer.writeBackAnnotations(current, result.annotations());
      LoadBalancerSpec ensured = spec;
      if (written != null) {
        // The write-back changes the hints the spec is computed from: remember the spec as it now reads, so
        // that a later pass over the unchanged Service stays quiet.
        try {
          ensured = translate(written);
        } catch (RuntimeException e) {
          ensured = spec;
        }
      }
      lastEnsured.put(key, ensured);
      if (!quiet || statusChanged) {
        events.record(current, EventRecorder.NORMAL, EventRecorder.ENSURED, "Ensure", "Ensured load balancer");
      }
      List<ProviderWarning> previous = lastWarnings.put(key, result.warnings());
      if (!quiet || statusChanged || !result.warnings().equals(previous)) {
        for (ProviderWarning w : result.warnings()) {
          events.record(current, EventRecorder.WARNING, w.reason(), "Ensure", w.message());
        }
      }
      return Outcome.SUCCESS;
    } catch (io.github.lbkit.api.OwnershipConflictException e) {
      lastEnsured.remove(key);
      boolean adopting = wanted.adoption() != null;
      events.record(svc, EventRecorder.WARNING, adopting ? EventRecorder.ADOPTION_REFUSED : EventRecorder.SYNC_FAILED,
          adopting ? "Adopt" : "Ensure", "Error syncing load balancer: " + e.getMessage()
              + " - will retry with backoff");
      throw e;
    } catch (RetryLaterException e) {
      lastEnsured.remove(key);
      events.record(svc, EventRecorder.WARNING, EventRecorder.SYNC_FAILED, "Ensure",
          "Error syncing load balancer: " + e.getMessage() + " - will retry in " + e.retryAfter());
      throw e;
    } catch (RuntimeException e) {
      lastEnsured.remove(key);
      events.record(svc, EventRecorder.WARNING, EventRecorder.SYNC_FAILED, "Ensure",
          "Error syncing load balancer: " + e.getMessage() + " - will retry with backoff");
      throw e;
    }
  }

  /**
   * Publishes one Warning naming the annotation keys the translator does not know (with the key each was
   * probably meant as), once per distinct set of such keys: the drift passes and our own write-back re-ensure
   * the same Service, and must not repeat it. The Service is still served: unknown keys are ignored, not refused,
   * since they may belong to someone else.
   */
  private void warnAboutUnknownAnnotations(Service svc) {
    String key = ServiceRules.keyOf(svc);
    List<Problem> unknown;
    try {
      unknown = translator.unknownAnnotations(svc);
    } catch (RuntimeException e) {
      LOG.warn("Service {}: looking for unknown annotations failed; not reported: {}", key, e.toString());
      return;
    }
    if (unknown.isEmpty()) {
      lastUnknownKeys.remove(key);
      return;
    }
    List<String> keys = unknown.stream().map(Problem::key).sorted().toList();
    if (keys.equals(lastUnknownKeys.put(key, keys))) {
      return;
    }
    String note = unknown.stream()
        .map(Problem::toString)
        .collect(Collectors.joining("; ", "The Service has annotations this controller does not know; they are"
            + " ignored and the load balancer is served without them: ", ""));
    events.record(svc, EventRecorder.WARNING, EventRecorder.UNKNOWN_ANNOTATION, "Validate", note);
    LOG.warn("Service {}: {}", key, note);
  }

  private void reject(Service svc) {
    String rv = svc.getMetadata().getResourceVersion();
    if (rv != null) {
      rejected.put(ServiceRules.keyOf(svc), rv);
    }
  }

  private static String invalidNote(InvalidServiceException e) {
    return e.problems().stream()
        .map(Problem::toString)
        .collect(Collectors.joining("; ", "Error syncing load balancer: the Service is invalid, nothing was "
            + "changed in the cloud; fix it and it is picked up again: ", ""));
  }

  private LoadBalancerSpec translate(Service svc) {
    return translator.translate(svc, listers.nodes(), listers.endpointSlices(ServiceRules.keyOf(svc)));
  }

  private void cleanup(Service svc) {
    deleteLoadBalancer(svc);
    if (svc.getMetadata().getDeletionTimestamp() == null) {
      writer.writeStatus(svc, List.of()); // the type changed away from LoadBalancer: the address is gone
      writer.removeWrittenBack(svc); // and so are the ids we wrote back
    }
    writer.removeFinalizer(svc); // last: until here, a crash leaves the finalizer and we come back
  }

  private void deleteLoadBalancer(Service svc) {
    events.record(svc, EventRecorder.NORMAL, EventRecorder.DELETING, "Delete", "Deleting load balancer");
    // Upstream asks GetLoadBalancer first and deletes only when it answers "exists". A load balancer has
    // several parts, and a find that misses a half-deleted or half-created one (no load balancer yet, but an
    // EIP or a listener on an attached one) would leak them for ever. delete() is idempotent and treats
    // not-found as success, so it is always called; it needs only the key and the lenient hints, never the
    // annotations' validity, so broken annotations cannot block a deletion.
    try {
      cloud("delete", () -> {
        provider.delete(translator.key(svc), translator.hints(svc));
        return null;
      });
    } catch (RuntimeException e) {
      events.record(svc, EventRecorder.WARNING, EventRecorder.DELETE_FAILED, "Delete",
          "Error deleting load balancer: " + e.getMessage() + " - will retry");
      throw e;
    }
    events.record(svc, EventRecorder.NORMAL, EventRecorder.DELETED, "Delete", "Deleted load balancer");
  }

  Outcome syncBackends(String key) {
    Service svc = listers.service(key);
    Set<Backend> last = lastBackends.get(key);
    if (svc == null || last == null || !rules.wantsLoadBalancer(svc) || rules.needsCleanup(svc)) {
      return Outcome.NOOP;
    }
    LoadBalancerSpec spec;
    try {
      spec = translate(svc);
    } catch (InvalidServiceException e) {
      return Outcome.NOOP; // reported by the full sync; the load balancer stays as it is
    }
    Set<Backend> now = Set.copyOf(spec.backends());
    if (now.equals(last)) {
      return Outcome.NOOP;
    }
    try {
      cloud("updateBackends", () -> {
        provider.updateBackends(spec);
        return null;
      });
    } catch (RuntimeException e) {
      lastBackends.remove(key);
      events.record(svc, EventRecorder.WARNING, EventRecorder.UPDATE_FAILED, "Update",
          "Error updating load balancer with new hosts " + describe(now) + ": " + e.getMessage()
              + " - will retry with a full sync");
      LOG.warn("update backends of {} failed; requeued for a full sync", key, e);
      queue.add(key, WorkQueue.Work.FULL);
      return Outcome.NOOP;
    }
    lastBackends.put(key, now);
    lastEnsured.computeIfPresent(key, (k, v) -> spec);
    events.record(svc, EventRecorder.NORMAL, EventRecorder.UPDATED, "Update",
        "Updated load balancer with new hosts " + describe(now));
    return Outcome.SUCCESS;
  }

  private static String describe(Set<Backend> backends) {
    return backends.stream()
        .map(b -> b.nodeName() != null ? b.nodeName() : b.address())
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * Drift repair through a bulk snapshot: when the provider observes in bulk and its snapshot shows the Service
   * converged, what an ensure would return, with no call; otherwise null, and the caller ensures. The snapshot is
   * shared by every Service of a pass and taken again once older than a quarter of the drift period, so a pass
   * over converged Services costs a few list calls instead of several reads per Service.
   */
  private @Nullable LoadBalancerResult convergedInSnapshot(LoadBalancerSpec spec) {
    CloudSnapshot snapshot = snapshot();
    if (snapshot == null) {
      return null;
    }
    Optional<LoadBalancerResult> converged = snapshot.converged(spec);
    metrics.driftCheck(converged.isPresent() ? "snapshot" : "ensure");
    return converged.orElse(null);
  }

  private @Nullable CloudSnapshot snapshot() {
    synchronized (snapshotLock) {
      if (!snapshots || snapshotUnsupported) {
        return null;
      }
      Instant now = Instant.now();
      if (currentSnapshot != null && currentSnapshot.takenAt().plus(snapshotMaxAge).isAfter(now)) {
        return currentSnapshot;
      }
      currentSnapshot = null;
      try {
        Optional<CloudSnapshot> taken = cloud("snapshot", provider::snapshot);
        if (taken.isEmpty()) {
          snapshotUnsupported = true;
          return null;
        }
        currentSnapshot = taken.get();
        return currentSnapshot;
      } catch (RuntimeException e) {
        LOG.info("drift repair: observing the cloud in bulk failed, ensuring one Service at a time: {}",
            e.toString());
        return null;
      }
    }
  }

  private <T> T cloud(String operation, Supplier<T> call) {
    try {
      T t = call.get();
      metrics.cloudCall(operation, true);
      return t;
    } catch (RuntimeException e) {
      metrics.cloudCall(operation, false);
      throw e;
    }
  }

  /**
   * Turns the use of bulk snapshots for drift repair on or off (on by default; it only matters for a provider
   * that observes in bulk).
   */
  void useSnapshots(boolean on) {
    snapshots = on;
  }

  /** Test and diagnostics view: the backend set last synced for a key. */
  @Nullable Set<Backend> lastBackends(String key) {
    return lastBackends.get(key);
  }

  static Function<EndpointSlice, List<String>> sliceIndex() {
    return es -> {
      Map<String, String> labels = es.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      return svc == null ? List.of() : List.of(es.getMetadata().getNamespace() + "/" + svc);
    };
  }

  /** The reason of the Warning about an ignored {@code spec.loadBalancerIP}. */
  static final String LOAD_BALANCER_IP_IGNORED = "LoadBalancerIPIgnored";

  /** The annotation that hands a Service back: with the value {@code "true"}, lbkit lets go of it. */
  static final String RELEASE = "lbkit.io/release";

  /** The value of {@link #RELEASE} that hands a Service back. */
  static final String RELEASE_TRUE = "true";

  /** The label an EndpointSlice names its Service with. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
}
