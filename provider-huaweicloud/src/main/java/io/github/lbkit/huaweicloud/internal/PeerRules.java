package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerHints;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.RetryLaterException;
import io.github.lbkit.api.plan.OwnerMarker;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Huawei rules both peers ({@link SharedCloud}, {@link DedicatedCloud}) apply around the engine: the subnet a
 * Service needs, and no change to a load balancer that is still provisioning.
 */
final class PeerRules {

  /** The rounds one call of either class makes before the engine gives up with its diagnostic. */
  static final int MAX_ROUNDS = 4;

  /** When to come back to a load balancer that is still provisioning, or has no address yet. */
  static final Duration NOT_ACTIVE_RETRY = Duration.ofSeconds(5);

  private PeerRules() {}

  /**
   * Refuses, before any call, a Service whose members (node backends) or VIP (an auto-created load balancer
   * without a VIP subnet of its own) need a subnet when neither the Service nor the configuration names one:
   * found only when members are added, the load balancer would be left half built.
   */
  static void requireSubnet(LoadBalancerSpec spec, HuaweiCloudConfig config) {
    if (spec.subnetId() != null || config.subnetId().isPresent()) {
      return;
    }
    HuaweiOptions o = HuaweiOptions.of(spec);
    boolean vip = spec.attachment() instanceof Attachment.AutoCreate
        && o.vipSubnetCidrId() == null && o.ipv6VipVirsubnetId() == null;
    if (vip || spec.backendMode() != BackendMode.PODS) {
      throw noSubnet(spec);
    }
  }

  /**
   * Refuses, before any write, a subnet outside the configured VPC ({@code huaweicloud.vpcId}): its load balancer
   * would not reach the cluster's nodes. One read the first time, none after (subnets are cached); nothing when no
   * VPC is configured or no subnet is known.
   */
  static void checkSubnetVpc(LoadBalancerSpec spec, HuaweiCloudConfig config, VpcApi vpc) {
    String want = config.vpcId().orElse(null);
    String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
    if (want == null || vpcSubnet == null) {
      return;
    }
    String actual = vpc.showSubnet(vpcSubnet).vpcId();
    if (actual != null && !actual.equals(want)) {
      String key = spec.subnetId() != null ? "kubernetes.io/elb.subnet-id" : HuaweiCloudConfig.KEY_SUBNET_ID;
      throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(key, vpcSubnet,
          "ensure: subnet " + vpcSubnet + " is in VPC " + actual + ", not in the cluster's VPC " + want + " ("
              + HuaweiCloudConfig.KEY_VPC_ID + "); name a subnet of " + want + " in " + key + ", or correct "
              + HuaweiCloudConfig.KEY_VPC_ID)));
    }
  }

  /** The refusal of a Service that needs a subnet and names none, with none configured. */
  static InvalidServiceException noSubnet(LoadBalancerSpec spec) {
    return new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
        "kubernetes.io/elb.subnet-id", null,
        "ensure: no subnet for the load balancer's VIP or members; set kubernetes.io/elb.subnet-id on the "
            + "Service or " + HuaweiCloudConfig.KEY_SUBNET_ID + " in the provider configuration")));
  }

  /**
   * Maps the Service's (or the configured) VPC subnet to the neutron subnet that VIPs and members take, once and
   * only when an operation needs it; a delete (no spec) needs none.
   */
  static Supplier<String> neutronSubnet(@Nullable LoadBalancerSpec spec, HuaweiCloudConfig config, VpcApi vpc) {
    if (spec == null) {
      return () -> {
        throw new IllegalStateException("delete needs no subnet");
      };
    }
    return memoized(() -> {
      String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
      if (vpcSubnet == null) {
        throw noSubnet(spec);
      }
      return vpc.neutronSubnetId(vpcSubnet);
    });
  }

  /**
   * Finds the load balancer an ensure or a member update works on: the one the Service names (an error naming the
   * key when it does not exist), else the oldest carrying the Service's marker, else the written-back id when that
   * carries an lbkit marker (ours, or another Service's, which the planner refuses).
   *
   * @param spec the desired state
   * @param kind the class, for the error: {@code shared} or {@code dedicated}
   * @param byId reads a load balancer by id; empty when it does not exist
   * @param byMarker reads the oldest load balancer carrying the Service's marker
   * @param description the description of a load balancer, where the marker sits
   * @param <L> the API's load balancer type
   * @return the load balancer, or empty when none exists yet
   */
  static <L> Optional<L> target(LoadBalancerSpec spec, String kind, Function<String, Optional<L>> byId,
      Supplier<Optional<L>> byMarker, Function<L, @Nullable String> description) {
    if (spec.attachment() instanceof Attachment.Existing existing) {
      Optional<L> lb = byId.apply(existing.loadBalancerId());
      if (lb.isEmpty()) {
        throw new InvalidServiceException(spec.key().namespacedName(), List.of(new Problem(
            LoadBalancerHints.ELB_ID, existing.loadBalancerId(), "ensure: no " + kind
                + " load balancer with this id exists in the project; create it first or correct the id")));
      }
      return lb;
    }
    Optional<L> lb = byMarker.get();
    String hinted = spec.hints().loadBalancerId();
    if (lb.isEmpty() && hinted != null && !spec.hints().attached()) {
      lb = byId.apply(hinted).filter(l -> OwnerMarker.parse(description.apply(l)).isPresent());
    }
    return lb;
  }

  /** Refuses to change a load balancer that is not ACTIVE: the changes wait until it is. */
  static void requireActive(String what, String id, @Nullable String provisioningStatus) {
    if (provisioningStatus != null && !"ACTIVE".equals(provisioningStatus)) {
      throw new RetryLaterException(what + ": load balancer " + id + " is " + provisioningStatus
          + "; changes wait until it is ACTIVE again", NOT_ACTIVE_RETRY);
    }
  }

  /** The answer to an ensure whose load balancer has no address yet. */
  static RetryLaterException noAddressYet(LoadBalancerSpec spec, String id) {
    return new RetryLaterException(
        "ensure " + spec.key().namespacedName() + ": load balancer " + id + " has no address yet", NOT_ACTIVE_RETRY);
  }

  /** The answer when a load balancer just created is not ACTIVE yet: the next ensure continues. */
  static RetryLaterException stillCreating(String what, String id, @Nullable String provisioningStatus) {
    return new RetryLaterException(what + ": load balancer " + id + " is " + provisioningStatus
        + " after creation; the next ensure continues once it is ACTIVE", NOT_ACTIVE_RETRY);
  }

  private static <T> Supplier<T> memoized(Supplier<T> s) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          v = s.get();
          value = v;
        }
        return v;
      }
    };
  }
}
