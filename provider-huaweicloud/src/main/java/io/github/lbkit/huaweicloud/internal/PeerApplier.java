package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.engine.OperationApplier;
import io.github.lbkit.api.plan.ObservedEip;
import io.github.lbkit.api.plan.ObservedListener;
import io.github.lbkit.api.plan.ObservedLoadBalancer;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.OwnerMarker;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the appliers of both Huawei classes ({@link SharedApplier}, {@link DedicatedApplier}) share: the ids the
 * observation and the plan's creates give the later operations, the load balancer's address after the plan (so
 * that the engine need not observe again, {@link #settled()}), the wait for a load balancer created still
 * provisioning, and the clean-up of an EIP the plan created but could not bind before the engine observes again.
 */
abstract class PeerApplier implements OperationApplier {

  protected final @Nullable LoadBalancerSpec spec;
  protected final HuaweiOptions options;
  protected final OwnerMarker marker;
  protected final Map<String, String> listenerIds = new HashMap<>();
  protected final Map<String, String> poolIds = new HashMap<>();
  protected @Nullable String loadBalancerId;
  protected @Nullable String vipPortId;
  protected @Nullable ObservedEip bound;
  private final boolean settles;
  private String lbName = "";
  private @Nullable String owner;
  private @Nullable String vipAddress;
  private @Nullable String stillCreating;
  private boolean adopted;

  /**
   * Prepares to apply a plan.
   *
   * @param spec the desired spec, or null on delete
   * @param marker the Service's marker
   * @param observed what the plan was made from
   * @param settles whether a plan applied with success throughout leaves nothing to observe again (false on a
   *     delete that found more of the Service's load balancers than this plan removes)
   * @param observedVipPort the VIP port of the observed load balancer (from the raw observation), or null
   */
  PeerApplier(@Nullable LoadBalancerSpec spec, OwnerMarker marker, Optional<ObservedLoadBalancer> observed,
      boolean settles, @Nullable String observedVipPort) {
    this.spec = spec;
    this.options = HuaweiOptions.ofNullable(spec);
    this.marker = marker;
    this.settles = settles;
    observed.ifPresent(lb -> {
      lbName = lb.name();
      owner = lb.owner();
      loadBalancerId = lb.id();
      vipPortId = observedVipPort;
      vipAddress = lb.vipAddress();
      bound = lb.eip();
      for (ObservedListener l : lb.listenersOf(marker)) {
        listenerIds.putIfAbsent(l.key(), l.id());
        if (l.pool() != null) {
          poolIds.putIfAbsent(l.key(), l.pool().id());
        }
      }
    });
  }

  /**
   * Applies one operation. A failure that makes the engine observe again (a conflict, a vanished resource, a
   * create whose answer was lost) first removes the EIP this plan created but could not bind, so that no orphan
   * is left.
   *
   * @return the id of the load balancer a {@link Operation.CreateLoadBalancer} created, else null
   * @throws io.github.lbkit.api.RetryLaterException when the load balancer created earlier in the plan is still
   *     provisioning (the engine has checked by then that it won any creation race)
   */
  @Override
  public final @Nullable String apply(Operation op) {
    if (stillCreating != null && !(op instanceof Operation.DeleteLoadBalancer)) {
      throw PeerRules.stillCreating(what(), require(loadBalancerId, "the load balancer"), stillCreating);
    }
    try {
      if (Operation.isMark(op)) {
        applyMark(op);
      } else {
        applyOne(op);
      }
    } catch (RuntimeException e) {
      if (ErrorClassifier.replans(e, op)) {
        dropUnboundCreatedEip();
      }
      throw e;
    }
    return op instanceof Operation.CreateLoadBalancer ? loadBalancerId : null;
  }

  /**
   * The load balancer as the plan left it, from the answers of its writes: its id, VIP and bound EIP (the
   * provider's result needs nothing else).
   */
  @Override
  public final Optional<ObservedLoadBalancer> settled() {
    if (stillCreating != null) {
      throw PeerRules.stillCreating(what(), require(loadBalancerId, "the load balancer"), stillCreating);
    }
    if (!settles || adopted) {
      return Optional.empty(); // after an adoption, the next observation finds the tree as the Service's
    }
    String id = loadBalancerId;
    return Optional.of(new ObservedLoadBalancer(id == null ? "" : id, lbName, owner, vipAddress, bound,
        List.of(), List.of()));
  }

  /**
   * Applies a marker operation of an adoption or a hand-back: the owner marker goes into (or comes out of) the
   * description of the load balancer or listener, and the digest of it into the EIP's alias, where the observers
   * read them. An adopted listener's ids serve the later operations of the plan, as observed ones do.
   */
  private void applyMark(Operation op) {
    if (op instanceof Operation.MarkLoadBalancer m) {
      markLoadBalancer(m.loadBalancerId(), m.owner() == null ? "" : m.owner());
      if (m.owner() != null) {
        loadBalancerId = m.loadBalancerId();
        adopted = true;
      }
    } else if (op instanceof Operation.MarkListener m) {
      markListener(m.listenerId(), m.owner() == null ? "" : m.owner());
      if (m.owner() != null) {
        listenerIds.put(m.key(), m.listenerId());
        if (m.poolId() != null) {
          poolIds.put(m.key(), m.poolId());
        }
      }
    } else if (op instanceof Operation.MarkEip m) {
      EipApi eips = eipApi();
      // A PUT without port_id unbinds the EIP (reference B.4): name the port it is bound to, read first.
      String port = eips.showPublicIp(m.eipId()).map(EipApi.PublicIp::portId).orElse(null);
      eips.updateAlias(m.eipId(), port, m.owner() == null ? "" : SharedMapping.eipAlias(m.owner()));
    } else {
      throw new IllegalStateException("apply plan of " + what() + ": unknown marker operation " + op);
    }
  }

  /** Writes a load balancer's description. */
  protected abstract void markLoadBalancer(String id, String description);

  /** Writes a listener's description. */
  protected abstract void markListener(String id, String description);

  /** The EIP API. */
  protected abstract EipApi eipApi();

  /** Applies one operation with the class's own calls. */
  protected abstract void applyOne(Operation op);

  /** Removes the EIP this plan created but could not bind, if any. */
  protected abstract void dropUnboundCreatedEip();

  /** Records the load balancer a create answered; the next operation waits until it is ACTIVE. */
  protected final void recordCreate(Operation.CreateLoadBalancer c, String id, @Nullable String port,
      @Nullable String vip, @Nullable String provisioningStatus) {
    lbName = c.name();
    owner = c.owner();
    loadBalancerId = id;
    vipPortId = port;
    vipAddress = vip;
    stillCreating = provisioningStatus != null && !"ACTIVE".equals(provisioningStatus) ? provisioningStatus : null;
  }

  /** Records that the load balancer is deleted. */
  protected final void recordDelete(String deletedId) {
    // Only the load balancer the plan works on is forgotten: the engine also deletes copies of it (a create sent
    // twice) through this applier, and the plan goes on with the one it kept.
    if (deletedId.equals(loadBalancerId)) {
      loadBalancerId = null;
      stillCreating = null;
    }
  }

  /** The id of the load balancer the plan works on. */
  protected final String lb() {
    return require(loadBalancerId, "the load balancer");
  }

  /** Fails on an id the plan should have given (a planner bug). */
  protected final String require(@Nullable String id, String what) {
    if (id == null) {
      throw new IllegalStateException("apply plan of " + what() + ": " + what
          + " is neither observed nor created earlier in the plan; this is a planner bug");
    }
    return id;
  }

  /** The name lbkit gives a pool or monitor of a listener key ({@code TCP:80} gives {@code lbkit-tcp-80}). */
  protected static String resourceName(String key) {
    return "lbkit-" + key.replace(':', '-').toLowerCase(Locale.ROOT);
  }

  protected final String what() {
    return spec == null ? "delete" : "ensure " + spec.key().namespacedName();
  }
}
