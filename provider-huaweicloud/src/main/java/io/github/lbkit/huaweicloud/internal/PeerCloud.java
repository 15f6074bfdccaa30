package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.CloudSnapshot;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ServiceKey;
import io.github.lbkit.api.engine.Outcome;
import io.github.lbkit.api.engine.ReconcileCloud;
import io.github.lbkit.api.engine.ReconcileEngine;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.plan.AdoptionCandidate;
import io.github.lbkit.api.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The shape both Huawei classes share ({@link SharedCloud}, {@link DedicatedCloud}): an observer, a mapping and an
 * applier behind a {@link ReconcileCloud}, driven by a {@link ReconcileEngine} of its own, which owns the loop,
 * the lock per Service, find before create, the oldest-wins rule and the rounds. Here: the checks before any call
 * (the class's own validation, the subnet rules), the state of one call for the engine's hooks, and Huawei's
 * meaning of errors ({@link ErrorClassifier#outcome(RuntimeException, Operation)}).
 *
 * @param <C> what a call of the class keeps
 */
abstract class PeerCloud<C extends PeerCloud.Call> implements ReconcileCloud {

  /** What one call knows beyond the planner's view. */
  static class Call {
    /** The call, for messages: {@code ensure ns/name}. */
    final String what;
    /** The desired state; null on delete. */
    final @Nullable LoadBalancerSpec spec;
    /** Whether the call updates members only. */
    final boolean membersOnly;
    /** Whether a delete found anything of the Service on this class. */
    boolean found;
    /** Whether a delete found more load balancers of the Service than the one of this round. */
    boolean more;

    Call(String what, @Nullable LoadBalancerSpec spec, boolean membersOnly) {
      this.what = what;
      this.spec = spec;
      this.membersOnly = membersOnly;
    }
  }

  protected final HuaweiCloudConfig config;
  protected final EipApi eip;
  protected final VpcApi vpc;
  protected final CallScope<C> scope;
  private final ReconcileEngine engine;
  private @Nullable PeerCloud<?> other;

  PeerCloud(String name, HuaweiCloudConfig config, EipApi eip, VpcApi vpc) {
    this.config = config;
    this.eip = eip;
    this.vpc = vpc;
    this.scope = new CallScope<>(name);
    this.engine = new ReconcileEngine(this, PeerRules.MAX_ROUNDS);
  }

  /** Makes the state of one call. */
  protected abstract C newCall(String what, @Nullable LoadBalancerSpec spec, boolean membersOnly);

  /** Refuses, before any call, what this class cannot serve. */
  protected abstract void validate(LoadBalancerSpec spec);

  /** Turns the converged load balancer into the provider's answer. */
  protected abstract LoadBalancerResult result(LoadBalancerSpec spec, ObservedLoadBalancer lb, C call);

  /** Makes the cloud match the spec. */
  final LoadBalancerResult ensure(LoadBalancerSpec spec) {
    validate(spec);
    PeerRules.requireSubnet(spec, config);
    PeerRules.checkSubnetVpc(spec, config, vpc);
    C c = newCall("ensure " + spec.key().namespacedName(), spec, false);
    return scope.run(c, () -> {
      ReconcileEngine.Ensured ensured = engine.converge(spec);
      LoadBalancerResult r = result(spec, ensured.loadBalancer(), c);
      return ensured.adopted().isEmpty() ? r
          : new LoadBalancerResult(r.status(), r.annotations(), r.warnings(), describe(ensured.adopted()));
    });
  }

  /** Plans an ensure without applying it (read calls only), with the checks an ensure makes before any call. */
  final Plan preview(LoadBalancerSpec spec) {
    validate(spec);
    PeerRules.requireSubnet(spec, config);
    PeerRules.checkSubnetVpc(spec, config, vpc);
    return scope.run(newCall("preview " + spec.key().namespacedName(), spec, false), () -> engine.preview(spec));
  }

  /**
   * Hands the Service's resources on this class back: its marker comes off them, nothing is deleted.
   *
   * @return false when nothing of the Service was found on this class
   */
  final boolean release(ServiceKey key, LoadBalancerHints hints) {
    C c = newCall("release " + key.namespacedName(), null, false);
    scope.run(c, () -> {
      engine.release(key, hints);
      return null;
    });
    return c.found;
  }

  /** Describes the resources the marker operations of an adoption took over. */
  static List<String> describe(List<Operation> adopted) {
    List<String> out = new ArrayList<>();
    for (Operation op : adopted) {
      if (op instanceof Operation.MarkLoadBalancer m && m.owner() != null) {
        out.add("load balancer " + m.loadBalancerId());
      } else if (op instanceof Operation.MarkEip m && m.owner() != null) {
        out.add("EIP " + m.eipId());
      } else if (op instanceof Operation.MarkListener m && m.owner() != null) {
        out.add("listener " + m.key() + " (" + m.listenerId() + ")");
      }
    }
    return out;
  }

  /** Sets the peer of the other class, which answers for a load balancer to adopt this class does not know. */
  final void otherClass(PeerCloud<?> other) {
    this.other = other;
  }

  @Override
  public final boolean adopts() {
    return true;
  }

  /**
   * Finds what an adoption may take over: by id, the load balancer on this class's API, else on the other class's
   * (so that a class mismatch is reported rather than "does not exist"); by name, the unmarked load balancers of
   * each name on this class.
   */
  @Override
  public final List<AdoptionCandidate> adoptionCandidates(LoadBalancerSpec spec, Adoption adoption) {
    String id = adoption.loadBalancerId();
    if (id != null) {
      Optional<AdoptionCandidate> found = candidate(spec, id);
      if (found.isEmpty() && other != null) {
        found = other.candidate(spec, id);
      }
      return found.map(List::of).orElse(List.of());
    }
    List<AdoptionCandidate> out = new ArrayList<>();
    for (String name : adoption.names()) {
      out.addAll(candidatesNamed(spec, name));
    }
    return out;
  }

  /** Reads one load balancer of this class to adopt, with its full tree and bound EIP; empty when unknown here. */
  protected abstract Optional<AdoptionCandidate> candidate(LoadBalancerSpec spec, String loadBalancerId);

  /** Reads the load balancers of this class with the name that carry no marker, with their full trees. */
  protected abstract List<AdoptionCandidate> candidatesNamed(LoadBalancerSpec spec, String name);

  /**
   * The cluster's VPC: the one of the Service's subnet (or the configured subnet), else {@code huaweicloud.vpcId};
   * empty when neither is known.
   */
  @Override
  public final Optional<String> clusterVpcId(LoadBalancerSpec spec) {
    String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
    if (vpcSubnet != null) {
      String v = vpc.showSubnet(vpcSubnet).vpcId();
      if (v != null) {
        return Optional.of(v);
      }
    }
    return config.vpcId();
  }

  /** Converges the members of the Service's listeners only; never creates a load balancer. */
  final void updateBackends(LoadBalancerSpec spec) {
    scope.run(newCall("update backends of " + spec.key().namespacedName(), spec, true), () -> {
      engine.updateBackends(spec);
      return null;
    });
  }

  /**
   * Removes what the Service owns on this class, then what it left behind ({@link #removeOrphans}).
   *
   * @return false when nothing of the Service was found on this class
   */
  final boolean delete(ServiceKey key, LoadBalancerHints hints) {
    C c = newCall("delete " + key.namespacedName(), null, false);
    scope.run(c, () -> {
      engine.delete(key, hints);
      return null;
    });
    return c.found;
  }

  /**
   * Observes the whole class at once ({@link #observeAll}) and answers for any Service of the class whether an
   * ensure would write: the same checks an ensure makes before any call, then the engine's planner over the bulk
   * observation, in a call of its own so that the hooks see the bulk index.
   *
   * @return the snapshot
   */
  final Optional<CloudSnapshot> snapshot() {
    return engine.snapshot((spec, lb) -> result(spec, lb, scope.current())).map(all -> new CloudSnapshot() {
      @Override
      public Instant takenAt() {
        return all.takenAt();
      }

      @Override
      public Optional<LoadBalancerResult> converged(LoadBalancerSpec spec) {
        try {
          validate(spec);
          PeerRules.requireSubnet(spec, config);
          PeerRules.checkSubnetVpc(spec, config, vpc);
        } catch (RuntimeException e) {
          return Optional.empty(); // the ensure refuses or fails: not converged
        }
        return scope.run(newCall("snapshot of " + spec.key().namespacedName(), spec, false),
            () -> all.converged(spec));
      }
    });
  }

  /** The number of Services with a call in progress or waiting. */
  final int lockedServices() {
    return engine.lockedServices();
  }

  /** Refuses to change a load balancer that is not ACTIVE, before any write of the round. */
  protected final void requireActive(String id, @Nullable String provisioningStatus) {
    PeerRules.requireActive(scope.current().what, id, provisioningStatus);
  }

  @Override
  public final Outcome classify(RuntimeException failure) {
    return ErrorClassifier.outcome(failure, null);
  }

  @Override
  public final Outcome classify(RuntimeException failure, Operation operation) {
    return ErrorClassifier.outcome(failure, operation);
  }
}
