package io.github.lbkit.api.plan;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.HealthCheck;
import io.github.lbkit.api.ListenerOptions;
import io.github.lbkit.api.LoadBalancerClass;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.PoolSpec;
import io.github.lbkit.api.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One cloud write a provider applies, as the {@link Planner} computed it.
 *
 * <p>Operations on resources that already exist carry their ids. Operations on resources that the same plan
 * creates refer to them by listener key ({@code PROTOCOL:port}, as {@link io.github.lbkit.api.ListenerSpec#id()}):
 * the provider remembers the id each create returned under that key. Operations on the load balancer itself use
 * the observed id, or the one that {@link CreateLoadBalancer} returned earlier in the plan. A pool that no listener
 * uses ({@link ObservedLoadBalancer#detachedPools()}) is removed with the empty string as its key.
 */
public sealed interface Operation {

  /**
   * Creates the load balancer. A provider's own settings of it (flavors, zones, billing) come from the spec's
   * {@link io.github.lbkit.api.LoadBalancerSpec#cloudOptions()}.
   *
   * @param name its name
   * @param owner the marker text to write on it
   * @param loadBalancerClass shared or dedicated
   * @param attachment the auto-create settings
   * @param subnetId the Service's subnet, or null for the provider's default
   * @param tags the tags to set
   */
  record CreateLoadBalancer(
      String name,
      String owner,
      LoadBalancerClass loadBalancerClass,
      Attachment.AutoCreate attachment,
      @Nullable String subnetId,
      Map<String, String> tags)
      implements Operation {
    /**
     * Validates and copies the tags.
     *
     * @param name its name
     * @param owner the marker text to write on it
     * @param loadBalancerClass shared or dedicated
     * @param attachment the auto-create settings
     * @param subnetId the Service's subnet, or null for the provider's default
     * @param tags the tags to set
     */
    public CreateLoadBalancer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
      Objects.requireNonNull(attachment, "attachment");
      tags = Map.copyOf(tags);
    }
  }

  /**
   * Creates a public address (an EIP) that lbkit owns; a following {@link BindEip} with a null id binds it. Its
   * cloud-specific settings (for example an EIP's bandwidth and type) come from the spec's
   * {@link io.github.lbkit.api.LoadBalancerSpec#cloudOptions()}.
   *
   * @param owner the marker text to write on it
   */
  record CreateEip(String owner) implements Operation {
    /**
     * Validates that the owner is present.
     *
     * @param owner the marker text to write on it
     */
    public CreateEip {
      Objects.requireNonNull(owner, "owner");
    }
  }

  /**
   * Binds an EIP to the load balancer.
   *
   * @param eipId the EIP, or null for the one {@link CreateEip} created earlier in the plan
   */
  record BindEip(@Nullable String eipId) implements Operation {}

  /**
   * Unbinds an EIP from the load balancer; the EIP itself stays.
   *
   * @param eipId the EIP
   */
  record UnbindEip(String eipId) implements Operation {
    /**
     * Validates the id.
     *
     * @param eipId the EIP
     */
    public UnbindEip {
      Objects.requireNonNull(eipId, "eipId");
    }
  }

  /**
   * Deletes an EIP lbkit created (never a user's).
   *
   * @param eipId the EIP
   */
  record DeleteEip(String eipId) implements Operation {
    /**
     * Validates the id.
     *
     * @param eipId the EIP
     */
    public DeleteEip {
      Objects.requireNonNull(eipId, "eipId");
    }
  }

  /**
   * Creates a listener on the load balancer.
   *
   * @param key the listener key, {@code PROTOCOL:port}
   * @param protocol the protocol
   * @param port the front-end port
   * @param owner the marker text to write on it
   * @param options the options to set
   */
  record CreateListener(String key, Protocol protocol, int port, String owner, ListenerOptions options)
      implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param key the listener key, {@code PROTOCOL:port}
     * @param protocol the protocol
     * @param port the front-end port
     * @param owner the marker text to write on it
     * @param options the options to set
     */
    public CreateListener {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(options, "options");
    }
  }

  /**
   * Updates a listener's options in place; null fields are left as they are.
   *
   * @param listenerId the listener
   * @param key the listener key
   * @param options the options to set
   */
  record UpdateListener(String listenerId, String key, ListenerOptions options) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param listenerId the listener
     * @param key the listener key
     * @param options the options to set
     */
    public UpdateListener {
      Objects.requireNonNull(listenerId, "listenerId");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(options, "options");
    }
  }

  /**
   * Deletes a listener that has no pool left.
   *
   * @param listenerId the listener
   * @param key the listener key
   */
  record DeleteListener(String listenerId, String key) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param listenerId the listener
     * @param key the listener key
     */
    public DeleteListener {
      Objects.requireNonNull(listenerId, "listenerId");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Creates the default pool of a listener.
   *
   * @param key the listener key
   * @param protocol the pool protocol (the listener's)
   * @param settings algorithm and persistence
   */
  record CreatePool(String key, Protocol protocol, PoolSpec settings) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param key the listener key
     * @param protocol the pool protocol (the listener's)
     * @param settings algorithm and persistence
     */
    public CreatePool {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * Updates a pool's algorithm and persistence in place.
   *
   * @param poolId the pool
   * @param key the listener key
   * @param settings the settings to set
   */
  record UpdatePool(String poolId, String key, PoolSpec settings) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param poolId the pool
     * @param key the listener key
     * @param settings the settings to set
     */
    public UpdatePool {
      Objects.requireNonNull(poolId, "poolId");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * Deletes a pool that has no members and no monitor left.
   *
   * @param poolId the pool
   * @param key the listener key
   */
  record DeletePool(String poolId, String key) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param poolId the pool
     * @param key the listener key
     */
    public DeletePool {
      Objects.requireNonNull(poolId, "poolId");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Creates the health monitor of a listener's pool.
   *
   * @param key the listener key
   * @param settings the health check
   */
  record CreateMonitor(String key, HealthCheck settings) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param key the listener key
     * @param settings the health check
     */
    public CreateMonitor {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * Updates a health monitor in place.
   *
   * @param monitorId the monitor
   * @param key the listener key
   * @param settings the health check to set
   */
  record UpdateMonitor(String monitorId, String key, HealthCheck settings) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param monitorId the monitor
     * @param key the listener key
     * @param settings the health check to set
     */
    public UpdateMonitor {
      Objects.requireNonNull(monitorId, "monitorId");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * Deletes a health monitor.
   *
   * @param monitorId the monitor
   * @param key the listener key
   */
  record DeleteMonitor(String monitorId, String key) implements Operation {
    /**
     * Validates that every part is present.
     *
     * @param monitorId the monitor
     * @param key the listener key
     */
    public DeleteMonitor {
      Objects.requireNonNull(monitorId, "monitorId");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Adds members to a listener's pool.
   *
   * @param key the listener key
   * @param members the members to add, sorted
   */
  record AddMembers(String key, List<MemberTarget> members) implements Operation {
    /**
     * Validates and copies the members.
     *
     * @param key the listener key
     * @param members the members to add, sorted
     */
    public AddMembers {
      Objects.requireNonNull(key, "key");
      members = List.copyOf(members);
    }
  }

  /**
   * Replaces the whole set of members of a pool with the given one, in one call; emitted instead of
   * {@link AddMembers} and {@link RemoveMembers} for clouds of {@link PoolStyle#TARGET_GROUP}.
   *
   * @param key the listener key
   * @param poolId the pool, or null for the one created earlier in the plan under {@code key}
   * @param members every member the pool must have afterwards, sorted; empty to remove them all
   */
  record ReplaceMembers(String key, @Nullable String poolId, List<MemberTarget> members) implements Operation {
    /**
     * Validates and copies the members.
     *
     * @param key the listener key
     * @param poolId the pool, or null for the one created earlier in the plan under {@code key}
     * @param members every member the pool must have afterwards, sorted; empty to remove them all
     */
    public ReplaceMembers {
      Objects.requireNonNull(key, "key");
      members = List.copyOf(members);
    }
  }

  /**
   * Removes members from a pool.
   *
   * @param poolId the pool
   * @param key the listener key
   * @param members the members to remove
   */
  record RemoveMembers(String poolId, String key, List<ObservedMember> members) implements Operation {
    /**
     * Validates and copies the members.
     *
     * @param poolId the pool
     * @param key the listener key
     * @param members the members to remove
     */
    public RemoveMembers {
      Objects.requireNonNull(poolId, "poolId");
      Objects.requireNonNull(key, "key");
      members = List.copyOf(members);
    }
  }

  /**
   * Deletes the load balancer, which has no listeners and no EIP bound by then.
   *
   * @param loadBalancerId the load balancer
   */
  record DeleteLoadBalancer(String loadBalancerId) implements Operation {
    /**
     * Validates the id.
     *
     * @param loadBalancerId the load balancer
     */
    public DeleteLoadBalancer {
      Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    }
  }

  /**
   * Writes or removes the owner marker of the load balancer in place (its description or tag), nothing else:
   * adopting a load balancer another controller created, or handing it back. Never creates or deletes anything.
   *
   * @param loadBalancerId the load balancer
   * @param owner the marker text to write (adopting), or null to remove lbkit's marker (handing back)
   */
  record MarkLoadBalancer(String loadBalancerId, @Nullable String owner) implements Operation {
    /**
     * Validates the id.
     *
     * @param loadBalancerId the load balancer
     * @param owner the marker text to write, or null to remove lbkit's marker
     */
    public MarkLoadBalancer {
      Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    }
  }

  /**
   * Writes or removes the owner marker of a listener in place; its pool, monitor and members go with it. Later
   * operations of the same plan refer to an adopted listener and its pool by {@code key}.
   *
   * @param listenerId the listener
   * @param key the listener key, {@code PROTOCOL:port}
   * @param poolId the listener's default pool, or null when it has none
   * @param owner the marker text to write (adopting), or null to remove lbkit's marker (handing back)
   */
  record MarkListener(String listenerId, String key, @Nullable String poolId, @Nullable String owner)
      implements Operation {
    /**
     * Validates that the required parts are present.
     *
     * @param listenerId the listener
     * @param key the listener key
     * @param poolId the listener's default pool, or null
     * @param owner the marker text to write, or null to remove lbkit's marker
     */
    public MarkListener {
      Objects.requireNonNull(listenerId, "listenerId");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Writes or removes the owner marker of an EIP in place (its alias or tag); the EIP stays bound and keeps its
   * address. An EIP carrying the marker is deleted with the Service's load balancer.
   *
   * @param eipId the EIP
   * @param owner the marker text to write (adopting), or null to remove lbkit's marker (handing back)
   */
  record MarkEip(String eipId, @Nullable String owner) implements Operation {
    /**
     * Validates the id.
     *
     * @param eipId the EIP
     * @param owner the marker text to write, or null to remove lbkit's marker
     */
    public MarkEip {
      Objects.requireNonNull(eipId, "eipId");
    }
  }

  /**
   * Tells whether an operation only writes or removes owner markers ({@link MarkLoadBalancer},
   * {@link MarkListener}, {@link MarkEip}): it changes no traffic, address or resource.
   *
   * @param op the operation
   * @return true for the marker operations
   */
  static boolean isMark(Operation op) {
    return op instanceof MarkLoadBalancer || op instanceof MarkListener || op instanceof MarkEip;
  }
}
