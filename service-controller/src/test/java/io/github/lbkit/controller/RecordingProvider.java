package io.github.lbkit.controller;

import io.github.lbkit.api.Backend;
import io.github.lbkit.api.Capabilities;
import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.IpMode;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.LoadBalancerStatus;
import io.github.lbkit.api.PassThrough;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.ServiceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A small in-memory cloud behind the provider SPI, recording every call: one load balancer per Service UID,
 * found before created, so that repeated ensures never create twice. Failures can be queued per operation.
 */
final class RecordingProvider implements LoadBalancerProvider {

  /** The annotation written back after an ensure. */
  static final String LB_ID_ANNOTATION = "test/lb-id";

  /** One recorded call. */
  record Call(String operation, String service, String uid, Set<Backend> backends) {}

  /** One load balancer in the fake cloud. */
  record Lb(String id, String ip, Set<Backend> backends) {}

  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Lb> lbs = new HashMap<>();
  private final Deque<Supplier<RuntimeException>> ensureFailures = new ArrayDeque<>();
  private final Deque<Supplier<RuntimeException>> updateFailures = new ArrayDeque<>();
  private final Deque<Supplier<RuntimeException>> deleteFailures = new ArrayDeque<>();
  private int creates;
  private volatile @Nullable Consumer<LoadBalancerSpec> onEnsure;
  private volatile @Nullable Consumer<ServiceKey> onDelete;
  private volatile List<ProviderWarning> warnings = List.of();
  private volatile boolean snapshots;

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.all();
  }

  @Override
  public synchronized Optional<LoadBalancerStatus> find(ServiceKey key, LoadBalancerHints hints) {
    calls.add(new Call("find", key.namespacedName(), key.uid(), Set.of()));
    Lb lb = lbs.get(key.uid());
    return lb == null ? Optional.empty() : Optional.of(status(lb, IpMode.VIP));
  }

  @Override
  public LoadBalancerResult ensure(LoadBalancerSpec spec) {
    Consumer<LoadBalancerSpec> hook = onEnsure;
    if (hook != null) {
      hook.accept(spec); // outside the lock: it may read the API server
    }
    synchronized (this) {
      ServiceKey key = spec.key();
      calls.add(new Call("ensure", key.namespacedName(), key.uid(), Set.copyOf(spec.backends())));
      Supplier<RuntimeException> failure = ensureFailures.poll();
      if (failure != null) {
        throw failure.get();
      }
      Lb lb = lbs.get(key.uid());
      if (lb == null) {
        creates++;
        lb = new Lb("lb-" + creates, "192.0.2." + creates, Set.copyOf(spec.backends()));
      } else {
        lb = new Lb(lb.id(), lb.ip(), Set.copyOf(spec.backends()));
      }
      lbs.put(key.uid(), lb);
      IpMode mode = spec.passThrough() == PassThrough.OFF ? IpMode.VIP : IpMode.PROXY;
      return new LoadBalancerResult(status(lb, mode), Map.of(LB_ID_ANNOTATION, lb.id()), warnings);
    }
  }

  /** When turned on: a copy of the load balancers, converged where one exists with the spec's backends. */
  @Override
  public synchronized Optional<CloudSnapshot> snapshot() {
    if (!snapshots) {
      return Optional.empty();
    }
    calls.add(new Call("snapshot", "*", "*", Set.of()));
    Map<String, Lb> copy = Map.copyOf(lbs);
    Instant takenAt = Instant.now();
    List<ProviderWarning> w = warnings;
    return Optional.of(new CloudSnapshot() {
      @Override
      public Instant takenAt() {
        return takenAt;
      }

      @Override
      public Optional<LoadBalancerResult> converged(LoadBalancerSpec spec) {
        Lb lb = copy.get(spec.key().uid());
        if (lb == null || !lb.backends().equals(Set.copyOf(spec.backends()))) {
          return Optional.empty();
        }
        IpMode mode = spec.passThrough() == PassThrough.OFF ? IpMode.VIP : IpMode.PROXY;
        return Optional.of(new LoadBalancerResult(status(lb, mode), Map.of(LB_ID_ANNOTATION, lb.id()), w));
      }
    });
  }

  void snapshots(boolean on) {
    snapshots = on;
  }

  @Override
  public synchronized void updateBackends(LoadBalancerSpec spec) {
    ServiceKey key = spec.key();
    calls.add(new Call("updateBackends", key.namespacedName(), key.uid(), Set.copyOf(spec.backends())));
    Supplier<RuntimeException> failure = updateFailures.poll();
    if (failure != null) {
      throw failure.get();
    }
    Lb lb = lbs.get(key.uid());
    if (lb == null) {
      throw new RetryLaterException("update backends of " + key.namespacedName() + ": no load balancer yet",
          Duration.ofMillis(50));
    }
    lbs.put(key.uid(), new Lb(lb.id(), lb.ip(), Set.copyOf(spec.backends())));
  }

  @Override
  public void delete(ServiceKey key, LoadBalancerHints hints) {
    Consumer<ServiceKey> hook = onDelete;
    if (hook != null) {
      hook.accept(key); // outside the lock: it may read the API server
    }
    deleteLocked(key);
  }

  private synchronized void deleteLocked(ServiceKey key) {
    calls.add(new Call("delete", key.namespacedName(), key.uid(), Set.of()));
    Supplier<RuntimeException> failure = deleteFailures.poll();
    if (failure != null) {
      throw failure.get();
    }
    lbs.remove(key.uid());
  }

  private static LoadBalancerStatus status(Lb lb, IpMode mode) {
    return new LoadBalancerStatus(List.of(Ingress.ip(lb.ip(), mode)), lb.id());
  }

  // ----- test controls and views -----

  synchronized void failNextEnsures(int n, Supplier<RuntimeException> failure) {
    for (int i = 0; i < n; i++) {
      ensureFailures.add(failure);
    }
  }

  synchronized void failNextUpdates(int n, Supplier<RuntimeException> failure) {
    for (int i = 0; i < n; i++) {
      updateFailures.add(failure);
    }
  }

  void warnings(List<ProviderWarning> w) {
    this.warnings = List.copyOf(w);
  }

  synchronized void failNextDeletes(int n, Supplier<RuntimeException> failure) {
    for (int i = 0; i < n; i++) {
      deleteFailures.add(failure);
    }
  }

  void onEnsure(@Nullable Consumer<LoadBalancerSpec> hook) {
    this.onEnsure = hook;
  }

  void onDelete(@Nullable Consumer<ServiceKey> hook) {
    this.onDelete = hook;
  }

  /** Drops a load balancer behind the controller's back, as a user in the cloud console would. */
  synchronized void dropBehindTheBack(String uid) {
    lbs.remove(uid);
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(String operation, String service) {
    return calls.stream().filter(c -> c.operation().equals(operation) && c.service().equals(service)).toList();
  }

  synchronized List<Call> callsFor(String service) {
    return calls.stream().filter(c -> c.service().equals(service)).toList();
  }

  synchronized int creates() {
    return creates;
  }

  synchronized @Nullable Lb lb(String uid) {
    return lbs.get(uid);
  }

  synchronized int size() {
    return lbs.size();
  }
}
