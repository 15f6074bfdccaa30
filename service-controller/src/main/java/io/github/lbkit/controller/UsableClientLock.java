package io.github.lbkit.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader-election lock that is only taken or renewed while the replica can do its work. The elector
 * treats the refusal as a failed renewal: a leader whose client was closed, or whose informers stopped,
 * steps down within the renew deadline instead of holding the Lease while doing nothing (or working from a
 * stale cache), and such a replica does not stand again until the problem is gone.
 */
final class UsableClientLock implements Lock {
  private static final Logger LOG = LoggerFactory.getLogger(UsableClientLock.class);

  private final Lock delegate;
  private final Supplier<@Nullable String> problem;
  private final AtomicReference<@Nullable String> reported = new AtomicReference<>();

  UsableClientLock(Lock delegate, Supplier<@Nullable String> problem) {
    this.delegate = delegate;
    this.problem = problem;
  }

  private void check() {
    String p = problem.get();
    String before = reported.getAndSet(p);
    if (p == null) {
      return;
    }
    if (!p.equals(before)) {
      LOG.warn("not taking or renewing the Lease as {}: {}", delegate.identity(), p);
    }
    throw new KubernetesClientException("replica cannot work: " + p);
  }

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    check();
    return delegate.get(client);
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    check();
    delegate.create(client, record);
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    check();
    delegate.update(client, record);
  }

  @Override
  public String identity() {
    return delegate.identity();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
