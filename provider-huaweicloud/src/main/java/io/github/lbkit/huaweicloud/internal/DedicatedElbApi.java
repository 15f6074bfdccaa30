package io.github.lbkit.huaweicloud.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.huaweicloud.sdk.elb.v3.ElbClient;
import com.huaweicloud.sdk.elb.v3.model.BatchCreateMembersOption;
import com.huaweicloud.sdk.elb.v3.model.BatchCreateMembersRequest;
import com.huaweicloud.sdk.elb.v3.model.BatchCreateMembersRequestBody;
import com.huaweicloud.sdk.elb.v3.model.BatchDeleteMembersOption;
import com.huaweicloud.sdk.elb.v3.model.BatchDeleteMembersRequest;
import com.huaweicloud.sdk.elb.v3.model.BatchDeleteMembersRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateHealthMonitorOption;
import com.huaweicloud.sdk.elb.v3.model.CreateHealthMonitorRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateHealthMonitorRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateIpGroupIpOption;
import com.huaweicloud.sdk.elb.v3.model.CreateIpGroupOption;
import com.huaweicloud.sdk.elb.v3.model.CreateIpGroupRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateIpGroupRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerIpGroupOption;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerOption;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerBandwidthOption;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerOption;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerPublicIpOption;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolOption;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolRequest;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolSessionPersistenceOption;
import com.huaweicloud.sdk.elb.v3.model.DeleteHealthMonitorRequest;
import com.huaweicloud.sdk.elb.v3.model.DeleteIpGroupRequest;
import com.huaweicloud.sdk.elb.v3.model.DeleteListenerRequest;
import com.huaweicloud.sdk.elb.v3.model.DeleteLoadBalancerRequest;
import com.huaweicloud.sdk.elb.v3.model.DeletePoolRequest;
import com.huaweicloud.sdk.elb.v3.model.ListFlavorsRequest;
import com.huaweicloud.sdk.elb.v3.model.ListHealthMonitorsRequest;
import com.huaweicloud.sdk.elb.v3.model.ListIpGroupsRequest;
import com.huaweicloud.sdk.elb.v3.model.ListListenersRequest;
import com.huaweicloud.sdk.elb.v3.model.ListLoadBalancersRequest;
import com.huaweicloud.sdk.elb.v3.model.ListPoolsRequest;
import com.huaweicloud.sdk.elb.v3.model.ListenerInsertHeaders;
import com.huaweicloud.sdk.elb.v3.model.ShowLoadBalancerRequest;
import com.huaweicloud.sdk.elb.v3.model.ShowLoadBalancerStatusRequest;
import com.huaweicloud.sdk.elb.v3.model.Tag;
import com.huaweicloud.sdk.elb.v3.model.UpadateIpGroupIpOption;
import com.huaweicloud.sdk.elb.v3.model.UpdateHealthMonitorOption;
import com.huaweicloud.sdk.elb.v3.model.UpdateHealthMonitorRequest;
import com.huaweicloud.sdk.elb.v3.model.UpdateHealthMonitorRequestBody;
import com.huaweicloud.sdk.elb.v3.model.UpdateIpGroupOption;
import com.huaweicloud.sdk.elb.v3.model.UpdateIpGroupRequest;
import com.huaweicloud.sdk.elb.v3.model.UpdateIpGroupRequestBody;
import com.huaweicloud.sdk.elb.v3.model.UpdateListenerIpGroupOption;
import com.huaweicloud.sdk.elb.v3.model.UpdateListenerOption;
import com.huaweicloud.sdk.elb.v3.model.UpdateListenerRequest;
import com.huaweicloud.sdk.elb.v3.model.UpdateListenerRequestBody;
import com.huaweicloud.sdk.elb.v3.model.UpdateLoadBalancerOption;
import com.huaweicloud.sdk.elb.v3.model.UpdateLoadBalancerRequest;
import com.huaweicloud.sdk.elb.v3.model.UpdateLoadBalancerRequestBody;
import com.huaweicloud.sdk.elb.v3.model.UpdatePoolOption;
import com.huaweicloud.sdk.elb.v3.model.UpdatePoolRequest;
import com.huaweicloud.sdk.elb.v3.model.UpdatePoolRequestBody;
import com.huaweicloud.sdk.elb.v3.model.UpdatePoolSessionPersistenceOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The dedicated ELB (v3, {@code /v3/{project_id}/elb}) API as small typed calls: each method is one SDK call
 * through {@link CloudCalls}, mapping SDK DTOs to records of our own. No orchestration happens here.
 *
 * <p>Show methods return empty when the resource does not exist; delete methods return false when it was
 * already gone. Every other failure is a classified {@link io.github.lbkit.api.CloudApiException}.
 */
public final class DedicatedElbApi {

  private final ElbClient elb;
  private final CloudCalls calls;

  /**
   * Creates the API over a client.
   *
   * @param elb the ELB v3 client
   * @param calls the executor every call goes through
   */
  public DedicatedElbApi(ElbClient elb, CloudCalls calls) {
    this.elb = Objects.requireNonNull(elb, "elb");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  // ---------------------------------------------------------------- load balancers

  /**
   * An EIP bound to a load balancer, as the load balancer reports it.
   *
   * @param id the EIP id
   * @param address the public address
   */
  public record BoundIp(String id, @Nullable String address) {}

  /**
   * A dedicated load balancer.
   *
   * @param id the id
   * @param name the name
   * @param description the description (lbkit keeps its ownership marker there)
   * @param vipAddress the private IPv4 VIP
   * @param vipPortId the port of the VIP
   * @param ipv6VipAddress the IPv6 VIP, or null
   * @param provisioningStatus for example {@code ACTIVE}
   * @param ipTargetEnable whether IP members (without a subnet) are allowed
   * @param listenerIds the listeners
   * @param publicIps the EIPs bound to it
   * @param tags the tags
   * @param createdAt when it was created, or null
   * @param vpcId the VPC it is in, or null when the answer does not say
   */
  public record LoadBalancer(
      String id,
      @Nullable String name,
      @Nullable String description,
      @Nullable String vipAddress,
      @Nullable String vipPortId,
      @Nullable String ipv6VipAddress,
      @Nullable String provisioningStatus,
      boolean ipTargetEnable,
      List<String> listenerIds,
      List<BoundIp> publicIps,
      Map<String, String> tags,
      @Nullable String createdAt,
      @Nullable String vpcId) {

    /**
     * Copies the collections.
     *
     * @param id the id
     * @param name the name
     * @param description the description (lbkit keeps its ownership marker there)
     * @param vipAddress the private IPv4 VIP
     * @param vipPortId the port of the VIP
     * @param ipv6VipAddress the IPv6 VIP, or null
     * @param provisioningStatus for example {@code ACTIVE}
     * @param ipTargetEnable whether IP members (without a subnet) are allowed
     * @param listenerIds the listeners
     * @param publicIps the EIPs bound to it
     * @param tags the tags
     * @param createdAt when it was created, or null
     * @param vpcId the VPC it is in, or null when the answer does not say
     */
    public LoadBalancer {
      Objects.requireNonNull(id, "id");
      listenerIds = List.copyOf(listenerIds);
      publicIps = List.copyOf(publicIps);
      tags = Map.copyOf(tags);
    }
  }

  /**
   * The EIP created with a load balancer ({@code publicip}).
   *
   * @param networkType the EIP type, for example {@code 5_bgp}
   * @param bandwidthName the bandwidth name
   * @param bandwidthSize Mbit/s
   * @param chargeMode {@code bandwidth} or {@code traffic}
   * @param shareType {@code PER} or {@code WHOLE}
   * @param description the EIP's description (lbkit keeps a digest of its marker there)
   */
  public record InlinePublicIp(
      String networkType,
      String bandwidthName,
      int bandwidthSize,
      String chargeMode,
      String shareType,
      @Nullable String description) {}

  /**
   * What to create a dedicated load balancer with.
   *
   * @param name the name
   * @param description the description
   * @param availabilityZones the availability zones (required)
   * @param vipSubnetCidrId the neutron subnet of the IPv4 VIP, or null
   * @param elbVirsubnetIds the backend-plane VPC subnet ids (network ids)
   * @param ipv6VipVirsubnetId the IPv6 network of the VIP, or null
   * @param vipAddress a fixed IPv4 VIP, or null
   * @param l4FlavorId the L4 flavor id, or null
   * @param l7FlavorId the L7 flavor id, or null
   * @param publicIp an EIP to create with it, or null
   * @param publicIpIds existing EIPs to bind at creation (only the first is bound)
   * @param ipTargetEnable allow IP members
   * @param tags tags
   * @param enterpriseProjectId the enterprise project, or null
   */
  public record NewLoadBalancer(
      String name,
      String description,
      List<String> availabilityZones,
      @Nullable String vipSubnetCidrId,
      List<String> elbVirsubnetIds,
      @Nullable String ipv6VipVirsubnetId,
      @Nullable String vipAddress,
      @Nullable String l4FlavorId,
      @Nullable String l7FlavorId,
      @Nullable InlinePublicIp publicIp,
      List<String> publicIpIds,
      boolean ipTargetEnable,
      Map<String, String> tags,
      @Nullable String enterpriseProjectId) {

    /**
     * Copies the collections.
     *
     * @param name the name
     * @param description the description
     * @param availabilityZones the availability zones (required)
     * @param vipSubnetCidrId the neutron subnet of the IPv4 VIP, or null
     * @param elbVirsubnetIds the backend-plane VPC subnet ids (network ids)
     * @param ipv6VipVirsubnetId the IPv6 network of the VIP, or null
     * @param vipAddress a fixed IPv4 VIP, or null
     * @param l4FlavorId the L4 flavor id, or null
     * @param l7FlavorId the L7 flavor id, or null
     * @param publicIp an EIP to create with it, or null
     * @param publicIpIds existing EIPs to bind at creation (only the first is bound)
     * @param ipTargetEnable allow IP members
     * @param tags tags
     * @param enterpriseProjectId the enterprise project, or null
     */
    public NewLoadBalancer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      availabilityZones = List.copyOf(availabilityZones);
      elbVirsubnetIds = List.copyOf(elbVirsubnetIds);
      publicIpIds = List.copyOf(publicIpIds);
      tags = Map.copyOf(tags);
    }
  }

  /**
   * Creates a load balancer ({@code POST /loadbalancers}); pay-per-use creation is synchronous.
   *
   * @param spec what to create
   * @return the load balancer
   */
  public LoadBalancer createLoadBalancer(NewLoadBalancer spec) {
    CreateLoadBalancerOption o = new CreateLoadBalancerOption()
        .withName(spec.name())
        .withDescription(spec.description())
        .withAvailabilityZoneList(spec.availabilityZones())
        .withVipSubnetCidrId(spec.vipSubnetCidrId())
        .withElbVirsubnetIds(spec.elbVirsubnetIds().isEmpty() ? null : spec.elbVirsubnetIds())
        .withIpv6VipVirsubnetId(spec.ipv6VipVirsubnetId())
        .withVipAddress(spec.vipAddress())
        .withL4FlavorId(spec.l4FlavorId())
        .withL7FlavorId(spec.l7FlavorId())
        .withPublicipIds(spec.publicIpIds().isEmpty() ? null : spec.publicIpIds())
        .withIpTargetEnable(spec.ipTargetEnable() ? Boolean.TRUE : null)
        .withTags(spec.tags().isEmpty() ? null : toTags(spec.tags()))
        .withEnterpriseProjectId(spec.enterpriseProjectId())
        .withGuaranteed(true)
        .withAdminStateUp(true);
    InlinePublicIp ip = spec.publicIp();
    if (ip != null) {
      o.withPublicip(new CreateLoadBalancerPublicIpOption()
          .withIpVersion(4)
          .withNetworkType(ip.networkType())
          .withDescription(ip.description())
          .withBandwidth(new CreateLoadBalancerBandwidthOption()
              .withName(ip.bandwidthName())
              .withSize(ip.bandwidthSize())
              .withChargeMode(CreateLoadBalancerBandwidthOption.ChargeModeEnum.fromValue(ip.chargeMode()))
              .withShareType(CreateLoadBalancerBandwidthOption.ShareTypeEnum.fromValue(ip.shareType()))));
    }
    return toLoadBalancer(calls.create("createLoadBalancer", () -> elb.createLoadBalancer(
        new CreateLoadBalancerRequest().withBody(new CreateLoadBalancerRequestBody().withLoadbalancer(o))))
        .getLoadbalancer());
  }

  /**
   * Lists the load balancers whose description is exactly the given text (the owner marker).
   *
   * @param description the description
   * @return the load balancers
   */
  public List<LoadBalancer> listLoadBalancersByDescription(String description) {
    Objects.requireNonNull(description, "description");
    return orEmpty(calls.read("listLoadBalancers", () -> elb.listLoadBalancers(
        new ListLoadBalancersRequest().withDescription(List.of(description)))).getLoadbalancers())
        .stream().map(DedicatedElbApi::toLoadBalancer).toList();
  }

  /**
   * Reads a load balancer.
   *
   * @param id the id
   * @return the load balancer, or empty when it does not exist
   */
  public Optional<LoadBalancer> showLoadBalancer(String id) {
    Objects.requireNonNull(id, "id");
    return show("showLoadBalancer",
        () -> elb.showLoadBalancer(new ShowLoadBalancerRequest().withLoadbalancerId(id)).getLoadbalancer(),
        DedicatedElbApi::toLoadBalancer);
  }

  /**
   * Lists the load balancers with the given name ({@code GET /loadbalancers?name=}).
   *
   * @param name the name
   * @return the load balancers
   */
  public List<LoadBalancer> listLoadBalancersByName(String name) {
    Objects.requireNonNull(name, "name");
    return orEmpty(calls.read("listLoadBalancers", () -> elb.listLoadBalancers(
        new ListLoadBalancersRequest().withName(List.of(name)))).getLoadbalancers())
        .stream().map(DedicatedElbApi::toLoadBalancer).toList();
  }

  /**
   * Sets the description of a load balancer, where lbkit keeps its owner marker ({@code PUT /loadbalancers/{id}}).
   *
   * @param id the load balancer
   * @param description the new description; empty removes it
   */
  public void updateLoadBalancerDescription(String id, String description) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    calls.write("updateLoadBalancer", () -> elb.updateLoadBalancer(new UpdateLoadBalancerRequest()
        .withLoadbalancerId(id)
        .withBody(new UpdateLoadBalancerRequestBody().withLoadbalancer(
            new UpdateLoadBalancerOption().withDescription(description)))));
  }

  /**
   * Sets the description of a listener, where lbkit keeps its owner marker ({@code PUT /listeners/{id}}).
   *
   * @param id the listener
   * @param description the new description; empty removes it
   */
  public void updateListenerDescription(String id, String description) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    calls.write("updateListener", () -> elb.updateListener(new UpdateListenerRequest()
        .withListenerId(id).withBody(new UpdateListenerRequestBody().withListener(
            new UpdateListenerOption().withDescription(description)))));
  }

  /**
   * Allows IP members on a load balancer ({@code ip_target_enable}).
   *
   * @param id the load balancer
   */
  public void enableIpTargets(String id) {
    Objects.requireNonNull(id, "id");
    calls.write("updateLoadBalancer", () -> elb.updateLoadBalancer(new UpdateLoadBalancerRequest()
        .withLoadbalancerId(id)
        .withBody(new UpdateLoadBalancerRequestBody().withLoadbalancer(
            new UpdateLoadBalancerOption().withIpTargetEnable(true)))));
  }

  /**
   * Deletes a load balancer; its listeners must be gone.
   *
   * @param id the id
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteLoadBalancer(String id) {
    Objects.requireNonNull(id, "id");
    return delete("deleteLoadBalancer",
        () -> elb.deleteLoadBalancer(new DeleteLoadBalancerRequest().withLoadbalancerId(id)));
  }

  /**
   * A member in the status tree.
   *
   * @param id the id
   * @param address the address
   * @param port the port
   */
  public record MemberStatus(String id, @Nullable String address, @Nullable Integer port) {}

  /**
   * A pool in the status tree.
   *
   * @param id the id
   * @param healthMonitorId the monitor, or null
   * @param members the members
   */
  public record PoolStatus(String id, @Nullable String healthMonitorId, List<MemberStatus> members) {
    /**
     * Copies the list.
     *
     * @param id the id
     * @param healthMonitorId the monitor, or null
     * @param members the members
     */
    public PoolStatus {
      members = List.copyOf(members);
    }
  }

  /**
   * Reads the pools and members of a load balancer from its status tree, in one call.
   *
   * @param loadBalancerId the load balancer
   * @return the pools by id; empty when the load balancer does not exist
   */
  public Map<String, PoolStatus> poolStatuses(String loadBalancerId) {
    Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    Optional<Map<String, PoolStatus>> out = show("showLoadBalancerStatus", () -> elb.showLoadBalancerStatus(
        new ShowLoadBalancerStatusRequest().withLoadbalancerId(loadBalancerId)).getStatuses(), s -> {
          Map<String, PoolStatus> m = new java.util.LinkedHashMap<>();
          var lb = s.getLoadbalancer();
          if (lb == null) {
            return m;
          }
          List<com.huaweicloud.sdk.elb.v3.model.LoadBalancerStatusPool> all = new ArrayList<>(orEmpty(lb.getPools()));
          for (var l : orEmpty(lb.getListeners())) {
            all.addAll(orEmpty(l.getPools()));
          }
          for (var p : all) {
            List<MemberStatus> ms = orEmpty(p.getMembers()).stream()
                .map(x -> new MemberStatus(x.getId(), x.getAddress(), x.getProtocolPort())).toList();
            m.putIfAbsent(p.getId(), new PoolStatus(
                p.getId(), p.getHealthmonitor() == null ? null : emptyToNull(p.getHealthmonitor().getId()), ms));
          }
          return m;
        });
    return out.orElse(Map.of());
  }

  // ---------------------------------------------------------------- listeners

  /**
   * The IP group of a listener's access control.
   *
   * @param ipGroupId the IP group
   * @param enabled whether the control is on
   * @param type {@code white} or {@code black}
   */
  public record ListenerIpGroup(String ipGroupId, boolean enabled, String type) {}

  /**
   * Listener settings that can be set at creation and updated later; null means "not set".
   *
   * @param defaultTlsContainerRef the server certificate
   * @param sniContainerRefs SNI certificates; empty for none
   * @param http2Enable HTTP/2
   * @param keepaliveTimeout idle timeout
   * @param clientTimeout client timeout
   * @param memberTimeout member timeout
   * @param xForwardedHost insert {@code X-Forwarded-Host}
   * @param xForwardedPort insert {@code X-Forwarded-Port}
   * @param xForwardedForPort insert {@code X-Forwarded-For-Port}
   * @param transparentClientIp pass the client IP
   * @param ipGroup the access control
   * @param description the description
   */
  public record ListenerSettings(
      @Nullable String defaultTlsContainerRef,
      List<String> sniContainerRefs,
      @Nullable Boolean http2Enable,
      @Nullable Integer keepaliveTimeout,
      @Nullable Integer clientTimeout,
      @Nullable Integer memberTimeout,
      @Nullable Boolean xForwardedHost,
      @Nullable Boolean xForwardedPort,
      @Nullable Boolean xForwardedForPort,
      @Nullable Boolean transparentClientIp,
      @Nullable ListenerIpGroup ipGroup,
      @Nullable String description) {

    /** Nothing set. */
    public static final ListenerSettings NONE =
        new ListenerSettings(null, List.of(), null, null, null, null, null, null, null, null, null, null);

    /**
     * Copies the list.
     *
     * @param defaultTlsContainerRef the server certificate
     * @param sniContainerRefs SNI certificates; empty for none
     * @param http2Enable HTTP/2
     * @param keepaliveTimeout idle timeout
     * @param clientTimeout client timeout
     * @param memberTimeout member timeout
     * @param xForwardedHost insert {@code X-Forwarded-Host}
     * @param xForwardedPort insert {@code X-Forwarded-Port}
     * @param xForwardedForPort insert {@code X-Forwarded-For-Port}
     * @param transparentClientIp pass the client IP
     * @param ipGroup the access control
     * @param description the description
     */
    public ListenerSettings {
      sniContainerRefs = List.copyOf(sniContainerRefs);
    }

    boolean anyHeader() {
      return xForwardedHost != null || xForwardedPort != null || xForwardedForPort != null;
    }
  }

  /**
   * A listener.
   *
   * @param id the id
   * @param loadBalancerIds the load balancers
   * @param protocol {@code TCP}, {@code UDP}, {@code HTTP} or {@code HTTPS}
   * @param port the port
   * @param defaultPoolId the default pool, or null
   * @param settings the settings as reported (description included)
   */
  public record Listener(
      String id,
      List<String> loadBalancerIds,
      @Nullable String protocol,
      @Nullable Integer port,
      @Nullable String defaultPoolId,
      ListenerSettings settings) {

    /**
     * Copies the list.
     *
     * @param id the id
     * @param loadBalancerIds the load balancers
     * @param protocol {@code TCP}, {@code UDP}, {@code HTTP} or {@code HTTPS}
     * @param port the port
     * @param defaultPoolId the default pool, or null
     * @param settings the settings as reported (description included)
     */
    public Listener {
      Objects.requireNonNull(id, "id");
      loadBalancerIds = List.copyOf(loadBalancerIds);
    }

    /** Returns the description. */
    @Nullable String description() {
      return settings.description();
    }
  }

  /**
   * Creates a listener.
   *
   * @param loadBalancerId the load balancer
   * @param name the name
   * @param protocol the v3 protocol
   * @param port the port
   * @param s the settings
   * @return the listener
   */
  public Listener createListener(String loadBalancerId, String name, String protocol, int port, ListenerSettings s) {
    CreateListenerOption o = new CreateListenerOption()
        .withLoadbalancerId(loadBalancerId)
        .withName(name)
        .withDescription(s.description())
        .withProtocol(protocol)
        .withProtocolPort(port)
        .withDefaultTlsContainerRef(s.defaultTlsContainerRef())
        .withSniContainerRefs(s.sniContainerRefs().isEmpty() ? null : s.sniContainerRefs())
        .withHttp2Enable(s.http2Enable())
        .withKeepaliveTimeout(s.keepaliveTimeout())
        .withClientTimeout(s.clientTimeout())
        .withMemberTimeout(s.memberTimeout())
        .withTransparentClientIpEnable(s.transparentClientIp())
        .withInsertHeaders(s.anyHeader() ? headers(s) : null);
    ListenerIpGroup g = s.ipGroup();
    if (g != null) {
      o.withIpgroup(new CreateListenerIpGroupOption()
          .withIpgroupId(g.ipGroupId())
          .withEnableIpgroup(g.enabled())
          .withType(CreateListenerIpGroupOption.TypeEnum.fromValue(g.type())));
    }
    return toListener(calls.create("createListener", () -> elb.createListener(
        new CreateListenerRequest().withBody(new CreateListenerRequestBody().withListener(o)))).getListener());
  }

  /**
   * Lists the listeners of a load balancer.
   *
   * @param loadBalancerId the load balancer
   * @return the listeners
   */
  public List<Listener> listListeners(String loadBalancerId) {
    return orEmpty(calls.read("listListeners", () -> elb.listListeners(
        new ListListenersRequest().withLoadbalancerId(List.of(loadBalancerId)))).getListeners())
        .stream().map(DedicatedElbApi::toListener).toList();
  }

  /**
   * Lists the listeners whose description is exactly one of the given texts, in one call.
   *
   * @param descriptions the descriptions
   * @return the listeners
   */
  public List<Listener> listListenersByDescription(List<String> descriptions) {
    return orEmpty(calls.read("listListeners", () -> elb.listListeners(
        new ListListenersRequest().withDescription(List.copyOf(descriptions)))).getListeners())
        .stream().map(DedicatedElbApi::toListener).toList();
  }

  /**
   * Updates a listener; null settings are left as they are.
   *
   * @param id the listener
   * @param s the settings to set
   */
  public void updateListener(String id, ListenerSettings s) {
    UpdateListenerOption o = new UpdateListenerOption()
        .withDescription(s.description())
        .withDefaultTlsContainerRef(s.defaultTlsContainerRef())
        .withSniContainerRefs(s.sniContainerRefs().isEmpty() ? null : s.sniContainerRefs())
        .withHttp2Enable(s.http2Enable())
        .withKeepaliveTimeout(s.keepaliveTimeout())
        .withClientTimeout(s.clientTimeout())
        .withMemberTimeout(s.memberTimeout())
        .withTransparentClientIpEnable(s.transparentClientIp())
        .withInsertHeaders(s.anyHeader() ? headers(s) : null);
    ListenerIpGroup g = s.ipGroup();
    if (g != null) {
      o.withIpgroup(new UpdateListenerIpGroupOption()
          .withIpgroupId(g.ipGroupId())
          .withEnableIpgroup(g.enabled())
          .withType(UpdateListenerIpGroupOption.TypeEnum.fromValue(g.type())));
    }
    calls.write("updateListener", () -> elb.updateListener(new UpdateListenerRequest()
        .withListenerId(id).withBody(new UpdateListenerRequestBody().withListener(o))));
  }

  /**
   * Deletes a listener.
   *
   * @param id the listener
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteListener(String id) {
    return delete("deleteListener", () -> elb.deleteListener(new DeleteListenerRequest().withListenerId(id)));
  }

  // ---------------------------------------------------------------- pools

  /**
   * A pool.
   *
   * @param id the id
   * @param lbAlgorithm the algorithm
   * @param persistenceType the session persistence type, or null when off
   * @param persistenceTimeout the session persistence timeout in minutes, or null
   * @param healthMonitorId the monitor, or null
   */
  public record Pool(
      String id,
      @Nullable String lbAlgorithm,
      @Nullable String persistenceType,
      @Nullable Integer persistenceTimeout,
      @Nullable String healthMonitorId) {}

  /**
   * Creates the default pool of a listener.
   *
   * @param listenerId the listener
   * @param name the name
   * @param description the description
   * @param protocol the pool protocol
   * @param algorithm the algorithm
   * @param persistenceType the persistence type, or null for none
   * @param persistenceTimeout its timeout in minutes, or null
   * @return the pool
   */
  public Pool createPool(String listenerId, String name, String description, String protocol, String algorithm,
      @Nullable String persistenceType, @Nullable Integer persistenceTimeout) {
    CreatePoolOption o = new CreatePoolOption()
        .withListenerId(listenerId)
        .withName(name)
        .withDescription(description)
        .withProtocol(protocol)
        .withLbAlgorithm(algorithm);
    if (persistenceType != null) {
      o.withSessionPersistence(new CreatePoolSessionPersistenceOption()
          .withType(CreatePoolSessionPersistenceOption.TypeEnum.fromValue(persistenceType))
          .withPersistenceTimeout(persistenceTimeout));
    }
    return toPool(calls.create("createPool", () -> elb.createPool(
        new CreatePoolRequest().withBody(new CreatePoolRequestBody().withPool(o)))).getPool());
  }

  /**
   * Lists the pools of a load balancer.
   *
   * @param loadBalancerId the load balancer
   * @return the pools
   */
  public List<Pool> listPools(String loadBalancerId) {
    return orEmpty(calls.read("listPools", () -> elb.listPools(
        new ListPoolsRequest().withLoadbalancerId(List.of(loadBalancerId)))).getPools())
        .stream().map(DedicatedElbApi::toPool).toList();
  }

  /**
   * Updates a pool's algorithm and persistence; a null type turns persistence off.
   *
   * @param id the pool
   * @param algorithm the algorithm
   * @param persistenceType the persistence type, or null for none
   * @param persistenceTimeout its timeout, or null
   */
  public void updatePool(
      String id, String algorithm, @Nullable String persistenceType, @Nullable Integer persistenceTimeout) {
    // The SDK omits nulls, so turning persistence off needs an explicit "session_persistence": null.
    UpdatePoolOption o = persistenceType == null ? new RemovingPersistence() : new UpdatePoolOption()
        .withSessionPersistence(new UpdatePoolSessionPersistenceOption()
            .withType(UpdatePoolSessionPersistenceOption.TypeEnum.fromValue(persistenceType))
            .withPersistenceTimeout(persistenceTimeout));
    o.withLbAlgorithm(algorithm);
    calls.write("updatePool", () -> elb.updatePool(new UpdatePoolRequest()
        .withPoolId(id).withBody(new UpdatePoolRequestBody().withPool(o))));
  }

  /** A pool update that sends {@code "session_persistence": null}, which turns sticky sessions off. */
  static final class RemovingPersistence extends UpdatePoolOption {

    @Override
    @JsonProperty("session_persistence")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public @Nullable UpdatePoolSessionPersistenceOption getSessionPersistence() {
      return null;
    }
  }

  /**
   * Deletes a pool.
   *
   * @param id the pool
   * @return true when deleted, false when it did not exist
   */
  public boolean deletePool(String id) {
    return delete("deletePool", () -> elb.deletePool(new DeletePoolRequest().withPoolId(id)));
  }

  // ---------------------------------------------------------------- members

  /**
   * A member to add.
   *
   * @param name the name
   * @param address the address
   * @param port the port
   * @param subnetCidrId the neutron subnet, or null for an IP member
   */
  public record NewMember(String name, String address, int port, @Nullable String subnetCidrId) {}

  /**
   * Adds members to a pool ({@code POST /pools/{id}/members/batch-add}), in calls of at most {@link
   * #MAX_BATCH_MEMBERS} members.
   *
   * @param poolId the pool
   * @param members the members
   */
  public void batchAddMembers(String poolId, List<NewMember> members) {
    for (List<NewMember> chunk : chunks(members)) {
      List<BatchCreateMembersOption> os = chunk.stream().map(m -> new BatchCreateMembersOption()
          .withName(m.name()).withAddress(m.address()).withProtocolPort(m.port())
          .withSubnetCidrId(m.subnetCidrId())).toList();
      calls.create("batchCreateMembers", () -> elb.batchCreateMembers(new BatchCreateMembersRequest()
          .withPoolId(poolId).withBody(new BatchCreateMembersRequestBody().withMembers(os))));
    }
  }

  /**
   * Removes members from a pool ({@code POST /pools/{id}/members/batch-delete}), in calls of at most {@link
   * #MAX_BATCH_MEMBERS} members. A not-found answer (a member or the pool is gone, for example because an
   * earlier attempt whose answer was lost did the work) counts as done.
   *
   * @param poolId the pool
   * @param memberIds the members
   * @return true when every call deleted its members, false when the cloud said something was not found
   */
  public boolean batchDeleteMembers(String poolId, List<String> memberIds) {
    boolean all = true;
    for (List<String> chunk : chunks(memberIds)) {
      List<BatchDeleteMembersOption> os = chunk.stream().map(id -> new BatchDeleteMembersOption().withId(id))
          .toList();
      all &= delete("batchDeleteMembers", () -> elb.batchDeleteMembers(new BatchDeleteMembersRequest()
          .withPoolId(poolId).withBody(new BatchDeleteMembersRequestBody().withMembers(os))));
    }
    return all;
  }

  /**
   * The most members one batch call may carry (ELB API reference v3, adding and removing backend servers in
   * batches: at most 200 members per call).
   */
  public static final int MAX_BATCH_MEMBERS = 200;

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i += MAX_BATCH_MEMBERS) {
      out.add(all.subList(i, Math.min(all.size(), i + MAX_BATCH_MEMBERS)));
    }
    return out;
  }

  // ---------------------------------------------------------------- health monitors

  /**
   * A health monitor's settings.
   *
   * @param type {@code TCP}, {@code UDP_CONNECT}, {@code HTTP} or {@code HTTPS}
   * @param delay seconds between probes
   * @param timeout probe timeout
   * @param maxRetries successes to go up
   * @param maxRetriesDown failures to go down, or null
   * @param monitorPort the probed port, or null
   * @param urlPath the HTTP path, or null
   * @param expectedCodes expected HTTP codes, or null
   */
  public record MonitorSettings(
      String type,
      int delay,
      int timeout,
      int maxRetries,
      @Nullable Integer maxRetriesDown,
      @Nullable Integer monitorPort,
      @Nullable String urlPath,
      @Nullable String expectedCodes) {}

  /**
   * A health monitor.
   *
   * @param id the id
   * @param settings its settings
   */
  public record HealthMonitor(String id, MonitorSettings settings) {}

  /**
   * Creates a health monitor on a pool.
   *
   * @param poolId the pool
   * @param name the name
   * @param s the settings
   * @return the monitor's id
   */
  public String createHealthMonitor(String poolId, String name, MonitorSettings s) {
    CreateHealthMonitorOption o = new CreateHealthMonitorOption()
        .withPoolId(poolId).withName(name).withType(s.type()).withDelay(s.delay()).withTimeout(s.timeout())
        .withMaxRetries(s.maxRetries()).withMaxRetriesDown(s.maxRetriesDown()).withMonitorPort(s.monitorPort())
        .withUrlPath(s.urlPath()).withExpectedCodes(s.expectedCodes());
    return calls.create("createHealthMonitor", () -> elb.createHealthMonitor(new CreateHealthMonitorRequest()
        .withBody(new CreateHealthMonitorRequestBody().withHealthmonitor(o)))).getHealthmonitor().getId();
  }

  /**
   * Lists the health monitors with the given ids, in one call.
   *
   * @param ids the ids
   * @return the monitors found
   */
  public List<HealthMonitor> listHealthMonitors(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return orEmpty(calls.read("listHealthMonitors", () -> elb.listHealthMonitors(
        new ListHealthMonitorsRequest().withId(List.copyOf(ids)))).getHealthmonitors())
        .stream().map(DedicatedElbApi::toHealthMonitor).toList();
  }

  private static HealthMonitor toHealthMonitor(com.huaweicloud.sdk.elb.v3.model.HealthMonitor h) {
    return new HealthMonitor(h.getId(), new MonitorSettings(
        h.getType() == null ? "TCP" : h.getType(), nz(h.getDelay()), nz(h.getTimeout()), nz(h.getMaxRetries()),
        h.getMaxRetriesDown(), h.getMonitorPort(), emptyToNull(h.getUrlPath()),
        emptyToNull(h.getExpectedCodes())));
  }

  /**
   * Updates a health monitor.
   *
   * @param id the monitor
   * @param name the name
   * @param s the settings
   */
  public void updateHealthMonitor(String id, String name, MonitorSettings s) {
    UpdateHealthMonitorOption o = new UpdateHealthMonitorOption()
        .withName(name).withType(s.type()).withDelay(s.delay()).withTimeout(s.timeout())
        .withMaxRetries(s.maxRetries()).withMaxRetriesDown(s.maxRetriesDown()).withMonitorPort(s.monitorPort())
        .withUrlPath(s.urlPath()).withExpectedCodes(s.expectedCodes());
    calls.write("updateHealthMonitor", () -> elb.updateHealthMonitor(new UpdateHealthMonitorRequest()
        .withHealthmonitorId(id).withBody(new UpdateHealthMonitorRequestBody().withHealthmonitor(o))));
  }

  /**
   * Deletes a health monitor.
   *
   * @param id the monitor
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteHealthMonitor(String id) {
    return delete("deleteHealthMonitor",
        () -> elb.deleteHealthMonitor(new DeleteHealthMonitorRequest().withHealthmonitorId(id)));
  }

  // ---------------------------------------------------------------- flavors

  /**
   * A flavor.
   *
   * @param id the id
   * @param name the name, for example {@code L4_flavor.elb.s1.small}
   * @param type for example {@code L4} or {@code L7}
   */
  public record Flavor(String id, @Nullable String name, @Nullable String type) {}

  /**
   * Lists the flavors with a given name.
   *
   * @param name the flavor name
   * @return the flavors
   */
  public List<Flavor> listFlavorsByName(String name) {
    return orEmpty(calls.read("listFlavors", () -> elb.listFlavors(
        new ListFlavorsRequest().withName(List.of(name)))).getFlavors())
        .stream().map(f -> new Flavor(f.getId(), f.getName(), f.getType())).toList();
  }

  // ---------------------------------------------------------------- IP groups

  /**
   * An IP group.
   *
   * @param id the id
   * @param name the name
   * @param description the description (lbkit keeps its owner marker there)
   * @param ips the addresses and CIDRs
   * @param listenerIds the listeners that use it
   */
  public record IpGroup(
      String id, @Nullable String name, @Nullable String description, List<String> ips, List<String> listenerIds) {
    /**
     * Copies the lists.
     *
     * @param id the id
     * @param name the name
     * @param description the description (lbkit keeps its owner marker there)
     * @param ips the addresses and CIDRs
     * @param listenerIds the listeners that use it
     */
    public IpGroup {
      ips = List.copyOf(ips);
      listenerIds = List.copyOf(listenerIds);
    }
  }

  /**
   * Creates an IP group.
   *
   * @param name the name
   * @param description the description
   * @param ips the CIDRs
   * @param enterpriseProjectId the enterprise project, or null
   * @return the group
   */
  public IpGroup createIpGroup(String name, String description, List<String> ips, @Nullable String enterpriseProjectId) {
    CreateIpGroupOption o = new CreateIpGroupOption().withName(name).withDescription(description)
        .withEnterpriseProjectId(enterpriseProjectId)
        .withIpList(ips.stream().map(ip -> new CreateIpGroupIpOption().withIp(ip)).toList());
    return toIpGroup(calls.create("createIpGroup", () -> elb.createIpGroup(
        new CreateIpGroupRequest().withBody(new CreateIpGroupRequestBody().withIpgroup(o)))).getIpgroup());
  }

  /**
   * Lists the IP groups whose description is exactly the given text.
   *
   * @param description the description
   * @return the groups
   */
  public List<IpGroup> listIpGroupsByDescription(String description) {
    return orEmpty(calls.read("listIpGroups", () -> elb.listIpGroups(
        new ListIpGroupsRequest().withDescription(List.of(description)))).getIpgroups())
        .stream().map(DedicatedElbApi::toIpGroup).toList();
  }

  /**
   * Replaces the addresses of an IP group.
   *
   * @param id the group
   * @param ips the CIDRs
   */
  public void updateIpGroup(String id, List<String> ips) {
    UpdateIpGroupOption o = new UpdateIpGroupOption()
        .withIpList(ips.stream().map(ip -> new UpadateIpGroupIpOption().withIp(ip)).toList());
    calls.write("updateIpGroup", () -> elb.updateIpGroup(new UpdateIpGroupRequest()
        .withIpgroupId(id).withBody(new UpdateIpGroupRequestBody().withIpgroup(o))));
  }

  /**
   * Deletes an IP group; no listener may use it.
   *
   * @param id the group
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteIpGroup(String id) {
    return delete("deleteIpGroup", () -> elb.deleteIpGroup(new DeleteIpGroupRequest().withIpgroupId(id)));
  }

  // ---------------------------------------------------------------- mapping

  private static ListenerInsertHeaders headers(ListenerSettings s) {
    return new ListenerInsertHeaders()
        .withXForwardedHost(s.xForwardedHost())
        .withXForwardedPort(s.xForwardedPort())
        .withXForwardedForPort(s.xForwardedForPort());
  }

  private static List<Tag> toTags(Map<String, String> tags) {
    return tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new Tag().withKey(e.getKey()).withValue(e.getValue())).toList();
  }

  // ---------------------------------------------------------------- project-wide lists (bulk observation)

  /**
   * A member as the project-wide member list shows it.
   *
   * @param id the id
   * @param poolId the pool it belongs to
   * @param address the address
   * @param port the port
   */
  public record ListedMember(String id, String poolId, @Nullable String address, @Nullable Integer port) {}

  /**
   * Lists every load balancer of the project, page by page.
   *
   * @return the load balancers
   */
  public List<LoadBalancer> listAllLoadBalancers() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listLoadBalancers", () -> elb.listLoadBalancers(
        new ListLoadBalancersRequest().withLimit(limit).withMarker(marker))).getLoadbalancers())
        .stream().map(DedicatedElbApi::toLoadBalancer).toList(), LoadBalancer::id);
  }

  /**
   * Lists every listener of the project, page by page.
   *
   * @return the listeners
   */
  public List<Listener> listAllListeners() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listListeners", () -> elb.listListeners(
        new ListListenersRequest().withLimit(limit).withMarker(marker))).getListeners())
        .stream().map(DedicatedElbApi::toListener).toList(), Listener::id);
  }

  /**
   * Lists every pool of the project, page by page.
   *
   * @return the pools
   */
  public List<Pool> listAllPools() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listPools", () -> elb.listPools(
        new ListPoolsRequest().withLimit(limit).withMarker(marker))).getPools())
        .stream().map(DedicatedElbApi::toPool).toList(), Pool::id);
  }

  /**
   * Lists every health monitor of the project, page by page.
   *
   * @return the monitors
   */
  public List<HealthMonitor> listAllHealthMonitors() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listHealthMonitors", () -> elb.listHealthMonitors(
        new ListHealthMonitorsRequest().withLimit(limit).withMarker(marker))).getHealthmonitors())
        .stream().map(DedicatedElbApi::toHealthMonitor).toList(), HealthMonitor::id);
  }

  /**
   * Lists every member of the project, page by page ({@code GET /v3/{project_id}/elb/members}, reference B.2).
   *
   * @return the members
   */
  public List<ListedMember> listAllMembers() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listAllMembers", () -> elb.listAllMembers(
        new com.huaweicloud.sdk.elb.v3.model.ListAllMembersRequest().withLimit(limit).withMarker(marker)))
        .getMembers()).stream()
        .map(m -> new ListedMember(m.getId(), m.getPoolId(), m.getAddress(), m.getProtocolPort())).toList(),
        ListedMember::id);
  }

  /**
   * Lists every IP group of the project, page by page.
   *
   * @return the groups
   */
  public List<IpGroup> listAllIpGroups() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listIpGroups", () -> elb.listIpGroups(
        new ListIpGroupsRequest().withLimit(limit).withMarker(marker))).getIpgroups())
        .stream().map(DedicatedElbApi::toIpGroup).toList(), IpGroup::id);
  }

  private static LoadBalancer toLoadBalancer(com.huaweicloud.sdk.elb.v3.model.LoadBalancer lb) {
    List<BoundIp> ips = new ArrayList<>();
    for (var e : orEmpty(lb.getPublicips())) {
      if (e.getPublicipId() != null) {
        ips.add(new BoundIp(e.getPublicipId(), e.getPublicipAddress()));
      }
    }
    if (ips.isEmpty()) {
      for (var e : orEmpty(lb.getEips())) {
        if (e.getEipId() != null) {
          ips.add(new BoundIp(e.getEipId(), e.getEipAddress()));
        }
      }
    }
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    for (Tag t : orEmpty(lb.getTags())) {
      if (t.getKey() != null) {
        tags.put(t.getKey(), t.getValue() == null ? "" : t.getValue());
      }
    }
    return new LoadBalancer(
        lb.getId(),
        lb.getName(),
        lb.getDescription(),
        emptyToNull(lb.getVipAddress()),
        emptyToNull(lb.getVipPortId()),
        emptyToNull(lb.getIpv6VipAddress()),
        lb.getProvisioningStatus(),
        Boolean.TRUE.equals(lb.getIpTargetEnable()),
        orEmpty(lb.getListeners()).stream().map(com.huaweicloud.sdk.elb.v3.model.ListenerRef::getId).toList(),
        ips,
        tags,
        lb.getCreatedAt(),
        emptyToNull(lb.getVpcId()));
  }

  private static Listener toListener(com.huaweicloud.sdk.elb.v3.model.Listener l) {
    ListenerInsertHeaders h = l.getInsertHeaders();
    var g = l.getIpgroup();
    ListenerIpGroup group = g == null || emptyToNull(g.getIpgroupId()) == null ? null
        : new ListenerIpGroup(g.getIpgroupId(), Boolean.TRUE.equals(g.getEnableIpgroup()),
            g.getType() == null ? "white" : g.getType());
    ListenerSettings s = new ListenerSettings(
        emptyToNull(l.getDefaultTlsContainerRef()),
        orEmpty(l.getSniContainerRefs()),
        l.getHttp2Enable(),
        l.getKeepaliveTimeout(),
        l.getClientTimeout(),
        l.getMemberTimeout(),
        h == null ? null : h.getXForwardedHost(),
        h == null ? null : h.getXForwardedPort(),
        h == null ? null : h.getXForwardedForPort(),
        l.getTransparentClientIpEnable(),
        group,
        emptyToNull(l.getDescription()));
    return new Listener(
        l.getId(),
        orEmpty(l.getLoadbalancers()).stream().map(com.huaweicloud.sdk.elb.v3.model.LoadBalancerRef::getId).toList(),
        l.getProtocol(),
        l.getProtocolPort(),
        emptyToNull(l.getDefaultPoolId()),
        s);
  }

  private static Pool toPool(com.huaweicloud.sdk.elb.v3.model.Pool p) {
    var sp = p.getSessionPersistence();
    return new Pool(
        p.getId(),
        p.getLbAlgorithm(),
        sp == null ? null : emptyToNull(sp.getType()),
        sp == null ? null : sp.getPersistenceTimeout(),
        emptyToNull(p.getHealthmonitorId()));
  }

  private static IpGroup toIpGroup(com.huaweicloud.sdk.elb.v3.model.IpGroup g) {
    return new IpGroup(
        g.getId(),
        g.getName(),
        g.getDescription(),
        orEmpty(g.getIpList()).stream().map(com.huaweicloud.sdk.elb.v3.model.IpInfo::getIp).toList(),
        orEmpty(g.getListeners()).stream().map(com.huaweicloud.sdk.elb.v3.model.ListenerRef::getId).toList());
  }

  private <S, R> Optional<R> show(String operation, Supplier<@Nullable S> call, Function<S, R> mapper) {
    return calls.readIfExists(operation, call, mapper);
  }

  private boolean delete(String operation, Supplier<?> call) {
    return calls.deleteIfExists(operation, call);
  }

  private static int nz(@Nullable Integer v) {
    return v == null ? 0 : v;
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
