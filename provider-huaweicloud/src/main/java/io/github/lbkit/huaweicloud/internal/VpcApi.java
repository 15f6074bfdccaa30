package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.vpc.v2.VpcClient;
import com.huaweicloud.sdk.vpc.v2.model.ListSubnetsRequest;
import com.huaweicloud.sdk.vpc.v2.model.ShowSubnetRequest;
import io.github.lbkit.api.CloudApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The VPC subnet API ({@code GET /v1/{project_id}/subnets/{id}} and {@code GET /v1/{project_id}/subnets?vpc_id=}),
 * with caches: subnets of a running cluster do not change their ids, and the ELB APIs need the neutron subnet id
 * where users give the VPC subnet id. A VPC's subnet list is kept for {@link #SUBNETS_FRESH} and read again
 * sooner only when an address is in none of its subnets (a node pool in a new subnet), at most once per
 * {@link #SUBNETS_MISS_REFRESH}.
 */
public final class VpcApi {

  /** How long a VPC's subnet list is used before it is read again. */
  public static final Duration SUBNETS_FRESH = Duration.ofMinutes(10);

  /** The least time between two reads of a VPC's subnet list caused by an address none of its subnets holds. */
  public static final Duration SUBNETS_MISS_REFRESH = Duration.ofSeconds(30);

  private static final int SUBNET_PAGE = 2000;

  private final VpcClient vpc;
  private final CloudCalls calls;
  private final Map<String, Subnet> cache = new ConcurrentHashMap<>();
  private final Map<String, VpcSubnets> byVpc = new ConcurrentHashMap<>();
  private java.util.function.LongSupplier nanoTime = System::nanoTime;

  /** A VPC's subnets as read at a time ({@link System#nanoTime}). */
  private record VpcSubnets(List<Subnet> subnets, long readAt) {}

  /**
   * Creates the API over a client.
   *
   * @param vpc the VPC v2 client
   * @param calls the executor every call goes through
   */
  public VpcApi(VpcClient vpc, CloudCalls calls) {
    this.vpc = Objects.requireNonNull(vpc, "vpc");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  /**
   * A VPC subnet.
   *
   * @param id the VPC subnet id (the console's "network id", equal to the neutron network id)
   * @param vpcId the VPC
   * @param cidr the IPv4 range
   * @param neutronNetworkId the neutron network id
   * @param neutronSubnetId the neutron subnet id (the console's "subnet id"), which ELB APIs take
   * @param status {@code ACTIVE}, {@code ERROR} or {@code UNKNOWN}
   */
  public record Subnet(
      String id,
      @Nullable String vpcId,
      @Nullable String cidr,
      @Nullable String neutronNetworkId,
      String neutronSubnetId,
      @Nullable String status) {

    /**
     * Checks the ids.
     *
     * @param id the VPC subnet id (the console's "network id", equal to the neutron network id)
     * @param vpcId the VPC
     * @param cidr the IPv4 range
     * @param neutronNetworkId the neutron network id
     * @param neutronSubnetId the neutron subnet id (the console's "subnet id"), which ELB APIs take
     * @param status {@code ACTIVE}, {@code ERROR} or {@code UNKNOWN}
     */
    public Subnet {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(neutronSubnetId, "neutronSubnetId");
    }
  }

  /**
   * Reads a subnet, from the cache after the first success.
   *
   * @param vpcSubnetId the VPC subnet id
   * @return the subnet
   * @throws CloudApiException when the subnet does not exist ({@link ErrorClassifier#isNotFound}) or the call
   *     fails
   */
  public Subnet showSubnet(String vpcSubnetId) {
    Objects.requireNonNull(vpcSubnetId, "vpcSubnetId");
    Subnet cached = cache.get(vpcSubnetId);
    if (cached != null) {
      return cached;
    }
    com.huaweicloud.sdk.vpc.v2.model.Subnet s =
        calls.read("showSubnet", () -> vpc.showSubnet(new ShowSubnetRequest().withSubnetId(vpcSubnetId)))
            .getSubnet();
    if (s == null || s.getNeutronSubnetId() == null || s.getNeutronSubnetId().isEmpty()) {
      throw new CloudApiException(
          "showSubnet",
          200,
          null,
          null,
          false,
          "subnet " + vpcSubnetId + " has no IPv4 neutron subnet id; use a subnet with an IPv4 range",
          null);
    }
    Subnet subnet =
        new Subnet(
            vpcSubnetId,
            s.getVpcId(),
            s.getCidr(),
            s.getNeutronNetworkId(),
            s.getNeutronSubnetId(),
            SharedElbApi.str(s.getStatus()));
    cache.put(vpcSubnetId, subnet);
    return subnet;
  }

  /**
   * Maps a VPC subnet id to the neutron subnet id that ELB VIPs and members take.
   *
   * @param vpcSubnetId the VPC subnet id
   * @return the neutron subnet id
   */
  public String neutronSubnetId(String vpcSubnetId) {
    return showSubnet(vpcSubnetId).neutronSubnetId();
  }

  /**
   * Returns the subnets of a VPC, from the cache while it is fresh ({@link #SUBNETS_FRESH}); with {@code missed},
   * reads again when the cached list is older than {@link #SUBNETS_MISS_REFRESH} (an address matched none).
   *
   * @param vpcId the VPC
   * @param missed whether the caller found no subnet for an address in the cached list
   * @return the subnets, in the order the API lists them
   */
  public List<Subnet> subnetsOf(String vpcId, boolean missed) {
    Objects.requireNonNull(vpcId, "vpcId");
    long now = nanoTime.getAsLong();
    VpcSubnets cached = byVpc.get(vpcId);
    if (cached != null) {
      long age = now - cached.readAt();
      boolean fresh = age < (missed ? SUBNETS_MISS_REFRESH : SUBNETS_FRESH).toNanos();
      if (fresh) {
        return cached.subnets();
      }
    }
    List<Subnet> out = new ArrayList<>();
    String marker = null;
    while (true) {
      ListSubnetsRequest req = new ListSubnetsRequest().withVpcId(vpcId).withLimit(SUBNET_PAGE).withMarker(marker);
      List<com.huaweicloud.sdk.vpc.v2.model.Subnet> page = calls.read("listSubnets", () -> vpc.listSubnets(req))
          .getSubnets();
      if (page == null || page.isEmpty()) {
        break;
      }
      for (com.huaweicloud.sdk.vpc.v2.model.Subnet s : page) {
        if (s.getId() != null && s.getNeutronSubnetId() != null && !s.getNeutronSubnetId().isEmpty()) {
          Subnet subnet = new Subnet(s.getId(), s.getVpcId(), s.getCidr(), s.getNeutronNetworkId(),
              s.getNeutronSubnetId(), SharedElbApi.str(s.getStatus()));
          out.add(subnet);
          cache.putIfAbsent(subnet.id(), subnet);
        }
      }
      if (page.size() < SUBNET_PAGE) {
        break;
      }
      marker = page.get(page.size() - 1).getId();
    }
    List<Subnet> list = List.copyOf(out);
    byVpc.put(vpcId, new VpcSubnets(list, now));
    return list;
  }

  /** Replaces the clock of the subnet-list cache (tests). */
  void nanoTime(java.util.function.LongSupplier clock) {
    this.nanoTime = Objects.requireNonNull(clock, "clock");
  }
}
