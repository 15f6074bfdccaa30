package io.github.lbkit.huaweicloud.internal;

import io.github.lbkit.api.Backend;
import io.github.lbkit.api.BackendMode;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.huaweicloud.HuaweiCloudConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Places node members in the subnet that holds their address. Both ELB APIs name a member's subnet (v2
 * {@code subnet_id}, v3 {@code subnet_cidr_id}, the neutron subnet id) and require the address to lie in it; the
 * nodes of one cluster often sit in several subnets of the VPC, one per node pool. An address in the Service's
 * (or the configured) subnet takes it without any read beyond the cached subnet; any other makes one read of the
 * VPC's subnet list, cached ({@link VpcApi#subnetsOf}). A node in no subnet of the VPC refuses the call before any
 * write, naming the node. Pod members (v3 IP-as-backend) take no subnet and are not placed.
 */
final class MemberSubnets {

  private MemberSubnets() {}

  /**
   * Returns the neutron subnet of every node backend's address.
   *
   * @throws InvalidServiceException naming each node whose address no subnet of the VPC holds
   */
  static Map<String, String> place(LoadBalancerSpec spec, HuaweiCloudConfig config, VpcApi vpc) {
    if (spec.backendMode() != BackendMode.NODES || spec.backends().isEmpty()) {
      return Map.of();
    }
    String vpcSubnet = spec.subnetId() != null ? spec.subnetId() : config.subnetId().orElse(null);
    if (vpcSubnet == null) {
      throw PeerRules.noSubnet(spec);
    }
    VpcApi.Subnet home = vpc.showSubnet(vpcSubnet);
    Map<String, String> out = new LinkedHashMap<>();
    List<Backend> elsewhere = new ArrayList<>();
    for (Backend b : spec.backends()) {
      if (Cidrs.contains(home.cidr(), b.address())) {
        out.put(b.address(), home.neutronSubnetId());
      } else {
        elsewhere.add(b);
      }
    }
    if (elsewhere.isEmpty()) {
      return out;
    }
    String vpcId = config.vpcId().orElse(home.vpcId());
    if (vpcId == null) {
      throw unplaced(spec, elsewhere, "the VPC of subnet " + vpcSubnet + " is unknown", List.of());
    }
    List<VpcApi.Subnet> subnets = vpc.subnetsOf(vpcId, false);
    List<Backend> missed = placeIn(subnets, elsewhere, out);
    if (!missed.isEmpty()) {
      subnets = vpc.subnetsOf(vpcId, true);
      missed = placeIn(subnets, missed, out);
    }
    if (!missed.isEmpty()) {
      throw unplaced(spec, missed, "no subnet of VPC " + vpcId + " holds it", subnets);
    }
    return out;
  }

  private static List<Backend> placeIn(List<VpcApi.Subnet> subnets, List<Backend> backends, Map<String, String> out) {
    List<Backend> missed = new ArrayList<>();
    for (Backend b : backends) {
      VpcApi.Subnet s = subnets.stream().filter(n -> Cidrs.contains(n.cidr(), b.address())).findFirst().orElse(null);
      if (s == null) {
        missed.add(b);
      } else {
        out.put(b.address(), s.neutronSubnetId());
      }
    }
    return missed;
  }

  private static InvalidServiceException unplaced(
      LoadBalancerSpec spec, List<Backend> missed, String why, List<VpcApi.Subnet> subnets) {
    String ranges = subnets.stream().map(VpcApi.Subnet::cidr).filter(c -> c != null)
        .collect(Collectors.joining(", "));
    List<Problem> problems = new ArrayList<>();
    for (Backend b : missed) {
      problems.add(new Problem("node/" + (b.nodeName() == null ? b.address() : b.nodeName()), b.address(),
          "ensure: a load balancer member needs a subnet holding its address, and for node address " + b.address()
              + " " + why + (ranges.isEmpty() ? "" : " (" + ranges + ")") + "; put the node in a subnet of the "
              + "load balancer's VPC, or keep it out of load balancers with the label "
              + "node.kubernetes.io/exclude-from-external-load-balancers"));
    }
    return new InvalidServiceException(spec.key().namespacedName(), problems);
  }
}
