package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.vpc.v2.VpcClient;
import com.huaweicloud.sdk.vpc.v2.model.ShowSubnetRequest;
import io.github.lbkit.api.CloudApiException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The VPC subnet API ({@code GET /v1/{project_id}/subnets/{id}}), with a cache: subnets of a running cluster do
 * not change their ids, and the ELB APIs need the neutron subnet id where users give the VPC subnet id.
 */
public final class VpcApi {

  private final VpcClient vpc;
  private final CloudCalls calls;
  private final Map<String, Subnet> cache = new ConcurrentHashMap<>();

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
}
