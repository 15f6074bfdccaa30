package io.github.lbkit.huaweicloud.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.huaweicloud.sdk.elb.v2.ElbClient;
import com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorReq;
import com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorRequest;
import com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorRequestBody;
import com.huaweicloud.sdk.elb.v2.model.CreateListenerReq;
import com.huaweicloud.sdk.elb.v2.model.CreateListenerRequest;
import com.huaweicloud.sdk.elb.v2.model.CreateListenerRequestBody;
import com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerReq;
import com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerRequest;
import com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerRequestBody;
import com.huaweicloud.sdk.elb.v2.model.CreateMemberReq;
import com.huaweicloud.sdk.elb.v2.model.CreateMemberRequest;
import com.huaweicloud.sdk.elb.v2.model.CreateMemberRequestBody;
import com.huaweicloud.sdk.elb.v2.model.CreatePoolReq;
import com.huaweicloud.sdk.elb.v2.model.CreatePoolRequest;
import com.huaweicloud.sdk.elb.v2.model.CreatePoolRequestBody;
import com.huaweicloud.sdk.elb.v2.model.DeleteHealthmonitorRequest;
import com.huaweicloud.sdk.elb.v2.model.DeleteListenerRequest;
import com.huaweicloud.sdk.elb.v2.model.DeleteLoadbalancerRequest;
import com.huaweicloud.sdk.elb.v2.model.DeleteMemberRequest;
import com.huaweicloud.sdk.elb.v2.model.DeletePoolRequest;
import com.huaweicloud.sdk.elb.v2.model.HealthmonitorResp;
import com.huaweicloud.sdk.elb.v2.model.HealthmonitorsInStatusResp;
import com.huaweicloud.sdk.elb.v2.model.ListHealthmonitorsRequest;
import com.huaweicloud.sdk.elb.v2.model.ListListenersRequest;
import com.huaweicloud.sdk.elb.v2.model.ListLoadbalancersRequest;
import com.huaweicloud.sdk.elb.v2.model.ListMembersRequest;
import com.huaweicloud.sdk.elb.v2.model.ListPoolsRequest;
import com.huaweicloud.sdk.elb.v2.model.ListenerResp;
import com.huaweicloud.sdk.elb.v2.model.ListenersInStatusResp;
import com.huaweicloud.sdk.elb.v2.model.LoadbalancerInStatusResp;
import com.huaweicloud.sdk.elb.v2.model.LoadbalancerResp;
import com.huaweicloud.sdk.elb.v2.model.MemberResp;
import com.huaweicloud.sdk.elb.v2.model.MembersInStatusResp;
import com.huaweicloud.sdk.elb.v2.model.PoolResp;
import com.huaweicloud.sdk.elb.v2.model.PoolsInStatusResp;
import com.huaweicloud.sdk.elb.v2.model.ResourceList;
import com.huaweicloud.sdk.elb.v2.model.ShowHealthmonitorsRequest;
import com.huaweicloud.sdk.elb.v2.model.ShowListenerRequest;
import com.huaweicloud.sdk.elb.v2.model.ShowLoadbalancerRequest;
import com.huaweicloud.sdk.elb.v2.model.ShowLoadbalancersStatusRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdateLoadbalancerReq;
import com.huaweicloud.sdk.elb.v2.model.UpdateLoadbalancerRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdateLoadbalancerRequestBody;
import com.huaweicloud.sdk.elb.v2.model.ShowPoolRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdateHealthmonitorReq;
import com.huaweicloud.sdk.elb.v2.model.UpdateHealthmonitorRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdateHealthmonitorRequestBody;
import com.huaweicloud.sdk.elb.v2.model.UpdateListenerReq;
import com.huaweicloud.sdk.elb.v2.model.UpdateListenerRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdateListenerRequestBody;
import com.huaweicloud.sdk.elb.v2.model.UpdateMemberReq;
import com.huaweicloud.sdk.elb.v2.model.UpdateMemberRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdateMemberRequestBody;
import com.huaweicloud.sdk.elb.v2.model.UpdatePoolReq;
import com.huaweicloud.sdk.elb.v2.model.UpdatePoolRequest;
import com.huaweicloud.sdk.elb.v2.model.UpdatePoolRequestBody;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The shared ELB (v2, {@code /v2/{project_id}/elb}) API as small typed calls: each method is one SDK call
 * through {@link CloudCalls}, mapping SDK DTOs to records of our own. No orchestration happens here.
 *
 * <p>Show methods return empty when the resource does not exist; delete methods return false when it was
 * already gone. Every other failure is a classified {@link io.github.lbkit.api.CloudApiException}.
 */
public final class SharedElbApi {

  private final ElbClient elb;
  private final CloudCalls calls;

  /**
   * Creates the API over a client.
   *
   * @param elb the ELB v2 client
   * @param calls the executor every call goes through
   */
  public SharedElbApi(ElbClient elb, CloudCalls calls) {
    this.elb = Objects.requireNonNull(elb, "elb");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  // ---------------------------------------------------------------- load balancers

  /**
   * A shared load balancer.
   *
   * @param id the id
   * @param name the name
   * @param description the description (lbkit keeps its ownership marker there)
   * @param vipSubnetId the neutron subnet id of the VIP
   * @param vipAddress the private VIP
   * @param vipPortId the port of the VIP, which an EIP binds to
   * @param provisioningStatus for example {@code ACTIVE}
   * @param operatingStatus for example {@code ONLINE}
   * @param listenerIds the listeners
   * @param poolIds the pools
   * @param createdAt when it was created, as the cloud writes it (sorts in time order), or null
   */
  public record LoadBalancer(
      String id,
      @Nullable String name,
      @Nullable String description,
      @Nullable String vipSubnetId,
      @Nullable String vipAddress,
      @Nullable String vipPortId,
      @Nullable String provisioningStatus,
      @Nullable String operatingStatus,
      List<String> listenerIds,
      List<String> poolIds,
      @Nullable String createdAt) {

    /**
     * Copies the lists.
     *
     * @param id the id
     * @param name the name
     * @param description the description (lbkit keeps its ownership marker there)
     * @param vipSubnetId the neutron subnet id of the VIP
     * @param vipAddress the private VIP
     * @param vipPortId the port of the VIP, which an EIP binds to
     * @param provisioningStatus for example {@code ACTIVE}
     * @param operatingStatus for example {@code ONLINE}
     * @param listenerIds the listeners
     * @param poolIds the pools
     * @param createdAt when it was created, as the cloud writes it (sorts in time order), or null
     */
    public LoadBalancer {
      Objects.requireNonNull(id, "id");
      listenerIds = List.copyOf(listenerIds);
      poolIds = List.copyOf(poolIds);
    }
  }

  /**
   * What to create a shared load balancer with.
   *
   * @param name the name
   * @param description the description
   * @param vipSubnetId the neutron subnet id of the VIP (not the VPC subnet id)
   * @param vipAddress a fixed private VIP, or null to let the cloud choose
   * @param enterpriseProjectId the enterprise project, or null for the default
   */
  public record NewLoadBalancer(
      String name,
      String description,
      String vipSubnetId,
      @Nullable String vipAddress,
      @Nullable String enterpriseProjectId) {

    /**
     * Checks the required fields.
     *
     * @param name the name
     * @param description the description
     * @param vipSubnetId the neutron subnet id of the VIP (not the VPC subnet id)
     * @param vipAddress a fixed private VIP, or null to let the cloud choose
     * @param enterpriseProjectId the enterprise project, or null for the default
     */
    public NewLoadBalancer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(vipSubnetId, "vipSubnetId");
    }
  }

  /**
   * Creates a load balancer ({@code POST /loadbalancers}).
   *
   * @param spec what to create
   * @return the load balancer
   */
  public LoadBalancer createLoadBalancer(NewLoadBalancer spec) {
    CreateLoadbalancerReq req =
        new CreateLoadbalancerReq()
            .withName(spec.name())
            .withDescription(spec.description())
            .withVipSubnetId(spec.vipSubnetId())
            .withVipAddress(spec.vipAddress())
            .withEnterpriseProjectId(spec.enterpriseProjectId())
            .withAdminStateUp(true);
    return toLoadBalancer(
        calls
            .create(
                "createLoadbalancer",
                () ->
                    elb.createLoadbalancer(
                        new CreateLoadbalancerRequest()
                            .withBody(new CreateLoadbalancerRequestBody().withLoadbalancer(req))))
            .getLoadbalancer());
  }

  /**
   * Lists the load balancers whose description is exactly the given text ({@code GET
   * /loadbalancers?description=}): the one read that finds a Service's load balancer by its owner marker.
   *
   * @param description the description to match
   * @return the load balancers, in the cloud's order
   */
  public List<LoadBalancer> listLoadBalancersByDescription(String description) {
    Objects.requireNonNull(description, "description");
    List<LoadbalancerResp> list =
        calls
            .read(
                "listLoadbalancers",
                () -> elb.listLoadbalancers(new ListLoadbalancersRequest().withDescription(description)))
            .getLoadbalancers();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toLoadBalancer).toList();
  }

  /**
   * Lists the load balancers with the given name ({@code GET /loadbalancers?name=}).
   *
   * @param name the name
   * @return the load balancers, in the cloud's order
   */
  public List<LoadBalancer> listLoadBalancersByName(String name) {
    Objects.requireNonNull(name, "name");
    List<LoadbalancerResp> list =
        calls.read("listLoadbalancers", () -> elb.listLoadbalancers(new ListLoadbalancersRequest().withName(name)))
            .getLoadbalancers();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toLoadBalancer).toList();
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
    calls.write("updateLoadbalancer", () -> elb.updateLoadbalancer(new UpdateLoadbalancerRequest()
        .withLoadbalancerId(id)
        .withBody(new UpdateLoadbalancerRequestBody().withLoadbalancer(
            new UpdateLoadbalancerReq().withDescription(description)))));
  }

  /**
   * Reads a load balancer ({@code GET /loadbalancers/{id}}).
   *
   * @param id the id
   * @return the load balancer, or empty when it does not exist
   */
  public Optional<LoadBalancer> showLoadBalancer(String id) {
    Objects.requireNonNull(id, "id");
    return show(
        "showLoadbalancer",
        () -> elb.showLoadbalancer(new ShowLoadbalancerRequest().withLoadbalancerId(id)).getLoadbalancer(),
        SharedElbApi::toLoadBalancer);
  }

  /**
   * Deletes a load balancer ({@code DELETE /loadbalancers/{id}}); its listeners must be gone.
   *
   * @param id the id
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteLoadBalancer(String id) {
    Objects.requireNonNull(id, "id");
    return delete(
        "deleteLoadbalancer", () -> elb.deleteLoadbalancer(new DeleteLoadbalancerRequest().withLoadbalancerId(id)));
  }

  /**
   * A member in the status tree.
   *
   * @param id the id
   * @param address the backend address
   * @param port the backend port
   * @param provisioningStatus the provisioning status
   * @param operatingStatus for example {@code ONLINE}, {@code OFFLINE} or {@code NO_MONITOR}
   */
  public record MemberStatus(
      String id,
      @Nullable String address,
      @Nullable Integer port,
      @Nullable String provisioningStatus,
      @Nullable String operatingStatus) {}

  /**
   * A pool in the status tree.
   *
   * @param id the id
   * @param name the name
   * @param provisioningStatus the provisioning status
   * @param operatingStatus the operating status
   * @param healthMonitorId the health monitor, or null
   * @param members the members
   */
  public record PoolStatus(
      String id,
      @Nullable String name,
      @Nullable String provisioningStatus,
      @Nullable String operatingStatus,
      @Nullable String healthMonitorId,
      List<MemberStatus> members) {

    /**
     * Copies the list.
     *
     * @param id the id
     * @param name the name
     * @param provisioningStatus the provisioning status
     * @param operatingStatus the operating status
     * @param healthMonitorId the health monitor, or null
     * @param members the members
     */
    public PoolStatus {
      members = List.copyOf(members);
    }
  }

  /**
   * A listener in the status tree.
   *
   * @param id the id
   * @param name the name
   * @param provisioningStatus the provisioning status
   * @param operatingStatus the operating status
   * @param pools the pools behind it
   */
  public record ListenerStatus(
      String id,
      @Nullable String name,
      @Nullable String provisioningStatus,
      @Nullable String operatingStatus,
      List<PoolStatus> pools) {

    /**
     * Copies the list.
     *
     * @param id the id
     * @param name the name
     * @param provisioningStatus the provisioning status
     * @param operatingStatus the operating status
     * @param pools the pools behind it
     */
    public ListenerStatus {
      pools = List.copyOf(pools);
    }
  }

  /**
   * The whole status tree of a load balancer, from one call: the cheapest full observation.
   *
   * @param id the load balancer id
   * @param name the name
   * @param provisioningStatus the provisioning status
   * @param operatingStatus the operating status
   * @param listeners the listeners with their pools and members
   * @param pools the pools of the load balancer
   */
  public record StatusTree(
      String id,
      @Nullable String name,
      @Nullable String provisioningStatus,
      @Nullable String operatingStatus,
      List<ListenerStatus> listeners,
      List<PoolStatus> pools) {

    /**
     * Copies the lists.
     *
     * @param id the load balancer id
     * @param name the name
     * @param provisioningStatus the provisioning status
     * @param operatingStatus the operating status
     * @param listeners the listeners with their pools and members
     * @param pools the pools of the load balancer
     */
    public StatusTree {
      listeners = List.copyOf(listeners);
      pools = List.copyOf(pools);
    }
  }

  /**
   * Reads the status tree of a load balancer ({@code GET /loadbalancers/{id}/statuses}).
   *
   * @param loadBalancerId the id
   * @return the tree, or empty when the load balancer does not exist
   */
  public Optional<StatusTree> showLoadBalancerStatus(String loadBalancerId) {
    Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    return show(
        "showLoadbalancersStatus",
        () ->
            elb.showLoadbalancersStatus(new ShowLoadbalancersStatusRequest().withLoadbalancerId(loadBalancerId))
                .getStatuses()
                .getLoadbalancer(),
        r -> remember(toStatusTree(r)));
  }

  // ---------------------------------------------------------------- listeners

  /**
   * A listener.
   *
   * @param id the id
   * @param name the name
   * @param description the description
   * @param loadBalancerIds the load balancers (one)
   * @param protocol {@code TCP}, {@code UDP}, {@code HTTP} or {@code TERMINATED_HTTPS}
   * @param port the frontend port
   * @param defaultPoolId the default pool, or null
   * @param connectionLimit the connection limit, or null
   * @param http2Enable whether HTTP/2 is on, or null
   * @param defaultTlsContainerRef the server certificate, or null
   * @param sniContainerRefs the SNI certificates
   * @param insertXForwardedHost whether the {@code X-Forwarded-Host} header is inserted, or null when not reported
   */
  public record Listener(
      String id,
      @Nullable String name,
      @Nullable String description,
      List<String> loadBalancerIds,
      @Nullable String protocol,
      @Nullable Integer port,
      @Nullable String defaultPoolId,
      @Nullable Integer connectionLimit,
      @Nullable Boolean http2Enable,
      @Nullable String defaultTlsContainerRef,
      List<String> sniContainerRefs,
      @Nullable Boolean insertXForwardedHost) {

    /**
     * Copies the lists.
     *
     * @param id the id
     * @param name the name
     * @param description the description
     * @param loadBalancerIds the load balancers (one)
     * @param protocol {@code TCP}, {@code UDP}, {@code HTTP} or {@code TERMINATED_HTTPS}
     * @param port the frontend port
     * @param defaultPoolId the default pool, or null
     * @param connectionLimit the connection limit, or null
     * @param http2Enable whether HTTP/2 is on, or null
     * @param defaultTlsContainerRef the server certificate, or null
     * @param sniContainerRefs the SNI certificates
     * @param insertXForwardedHost whether the {@code X-Forwarded-Host} header is inserted, or null when not reported
     */
    public Listener {
      Objects.requireNonNull(id, "id");
      loadBalancerIds = List.copyOf(loadBalancerIds);
      sniContainerRefs = List.copyOf(sniContainerRefs);
    }
  }

  /**
   * What to create a listener with.
   *
   * @param loadBalancerId the load balancer; read-only after creation
   * @param name the name
   * @param description the description
   * @param protocol {@code TCP}, {@code UDP}, {@code HTTP} or {@code TERMINATED_HTTPS}; read-only
   * @param port the frontend port; read-only
   * @param defaultTlsContainerRef the server certificate, or null
   * @param sniContainerRefs the SNI certificates
   * @param http2Enable HTTP/2, or null for the default
   * @param insertXForwardedHost whether to insert {@code X-Forwarded-Host} (HTTP listeners), or null
   */
  public record NewListener(
      String loadBalancerId,
      String name,
      String description,
      String protocol,
      int port,
      @Nullable String defaultTlsContainerRef,
      List<String> sniContainerRefs,
      @Nullable Boolean http2Enable,
      @Nullable Boolean insertXForwardedHost) {

    /**
     * Checks and copies.
     *
     * @param loadBalancerId the load balancer; read-only after creation
     * @param name the name
     * @param description the description
     * @param protocol {@code TCP}, {@code UDP}, {@code HTTP} or {@code TERMINATED_HTTPS}; read-only
     * @param port the frontend port; read-only
     * @param defaultTlsContainerRef the server certificate, or null
     * @param sniContainerRefs the SNI certificates
     * @param http2Enable HTTP/2, or null for the default
     * @param insertXForwardedHost whether to insert {@code X-Forwarded-Host} (HTTP listeners), or null
     */
    public NewListener {
      Objects.requireNonNull(loadBalancerId, "loadBalancerId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(protocol, "protocol");
      sniContainerRefs = List.copyOf(sniContainerRefs);
    }

    /**
     * Creates the settings without inserted headers.
     *
     * @param loadBalancerId the load balancer
     * @param name the name
     * @param description the description
     * @param protocol the protocol
     * @param port the frontend port
     * @param defaultTlsContainerRef the server certificate, or null
     * @param sniContainerRefs the SNI certificates
     * @param http2Enable HTTP/2, or null
     */
    public NewListener(
        String loadBalancerId,
        String name,
        String description,
        String protocol,
        int port,
        @Nullable String defaultTlsContainerRef,
        List<String> sniContainerRefs,
        @Nullable Boolean http2Enable) {
      this(loadBalancerId, name, description, protocol, port, defaultTlsContainerRef, sniContainerRefs, http2Enable,
          null);
    }
  }

  /**
   * What to change on a listener; null fields are left as they are.
   *
   * @param name the name
   * @param description the description
   * @param defaultPoolId the default pool
   * @param defaultTlsContainerRef the server certificate
   * @param sniContainerRefs the SNI certificates
   * @param http2Enable HTTP/2
   * @param insertXForwardedHost whether to insert {@code X-Forwarded-Host}
   */
  public record ListenerUpdate(
      @Nullable String name,
      @Nullable String description,
      @Nullable String defaultPoolId,
      @Nullable String defaultTlsContainerRef,
      @Nullable List<String> sniContainerRefs,
      @Nullable Boolean http2Enable,
      @Nullable Boolean insertXForwardedHost) {

    /**
     * Creates an update that leaves inserted headers as they are.
     *
     * @param name the name
     * @param description the description
     * @param defaultPoolId the default pool
     * @param defaultTlsContainerRef the server certificate
     * @param sniContainerRefs the SNI certificates
     * @param http2Enable HTTP/2
     */
    public ListenerUpdate(
        @Nullable String name,
        @Nullable String description,
        @Nullable String defaultPoolId,
        @Nullable String defaultTlsContainerRef,
        @Nullable List<String> sniContainerRefs,
        @Nullable Boolean http2Enable) {
      this(name, description, defaultPoolId, defaultTlsContainerRef, sniContainerRefs, http2Enable, null);
    }
  }

  /**
   * Lists the listeners of a load balancer ({@code GET /listeners?loadbalancer_id=}).
   *
   * @param loadBalancerId the load balancer
   * @return the listeners
   */
  public List<Listener> listListeners(String loadBalancerId) {
    Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    List<ListenerResp> list =
        calls
            .read(
                "listListeners",
                () -> elb.listListeners(new ListListenersRequest().withLoadbalancerId(loadBalancerId)))
            .getListeners();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toListener).toList();
  }

  /**
   * Lists the listeners, on any load balancer, whose description is exactly the given text ({@code GET
   * /listeners?description=}): finds a Service's listeners on a load balancer it only attached to.
   *
   * @param description the description to match
   * @return the listeners
   */
  public List<Listener> listListenersByDescription(String description) {
    Objects.requireNonNull(description, "description");
    List<ListenerResp> list =
        calls
            .read("listListeners", () -> elb.listListeners(new ListListenersRequest().withDescription(description)))
            .getListeners();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toListener).toList();
  }

  /**
   * Reads a listener ({@code GET /listeners/{id}}).
   *
   * @param id the id
   * @return the listener, or empty when it does not exist
   */
  public Optional<Listener> showListener(String id) {
    Objects.requireNonNull(id, "id");
    return show(
        "showListener",
        () -> elb.showListener(new ShowListenerRequest().withListenerId(id)).getListener(),
        SharedElbApi::toListener);
  }

  /**
   * Creates a listener ({@code POST /listeners}).
   *
   * @param spec what to create
   * @return the listener
   */
  public Listener createListener(NewListener spec) {
    CreateListenerReq req =
        new CreateListenerReq()
            .withLoadbalancerId(spec.loadBalancerId())
            .withName(spec.name())
            .withDescription(spec.description())
            .withProtocol(CreateListenerReq.ProtocolEnum.fromValue(spec.protocol()))
            .withProtocolPort(spec.port())
            .withDefaultTlsContainerRef(spec.defaultTlsContainerRef())
            .withSniContainerRefs(spec.sniContainerRefs().isEmpty() ? null : spec.sniContainerRefs())
            .withHttp2Enable(spec.http2Enable())
            .withInsertHeaders(insertHeaders(spec.insertXForwardedHost()))
            .withAdminStateUp(true);
    return toListener(
        calls
            .create(
                "createListener",
                () ->
                    elb.createListener(
                        new CreateListenerRequest().withBody(new CreateListenerRequestBody().withListener(req))))
            .getListener());
  }

  /**
   * Changes a listener ({@code PUT /listeners/{id}}).
   *
   * @param id the listener
   * @param update what to change
   * @return the listener after the change
   */
  public Listener updateListener(String id, ListenerUpdate update) {
    Objects.requireNonNull(id, "id");
    UpdateListenerReq req =
        new UpdateListenerReq()
            .withName(update.name())
            .withDescription(update.description())
            .withDefaultPoolId(update.defaultPoolId())
            .withDefaultTlsContainerRef(update.defaultTlsContainerRef())
            .withSniContainerRefs(update.sniContainerRefs())
            .withHttp2Enable(update.http2Enable())
            .withInsertHeaders(insertHeaders(update.insertXForwardedHost()));
    return toListener(
        calls
            .write(
                "updateListener",
                () ->
                    elb.updateListener(
                        new UpdateListenerRequest()
                            .withListenerId(id)
                            .withBody(new UpdateListenerRequestBody().withListener(req))))
            .getListener());
  }

  /**
   * Deletes a listener ({@code DELETE /listeners/{id}}).
   *
   * @param id the id
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteListener(String id) {
    Objects.requireNonNull(id, "id");
    return delete("deleteListener", () -> elb.deleteListener(new DeleteListenerRequest().withListenerId(id)));
  }

  // ---------------------------------------------------------------- pools

  /**
   * Sticky sessions of a pool.
   *
   * @param type {@code SOURCE_IP}, {@code HTTP_COOKIE} or {@code APP_COOKIE}
   * @param cookieName the cookie, for {@code APP_COOKIE}
   * @param timeoutMinutes the persistence timeout, or null for the default
   */
  public record Persistence(String type, @Nullable String cookieName, @Nullable Integer timeoutMinutes) {

    /**
     * Checks the type.
     *
     * @param type {@code SOURCE_IP}, {@code HTTP_COOKIE} or {@code APP_COOKIE}
     * @param cookieName the cookie, for {@code APP_COOKIE}
     * @param timeoutMinutes the persistence timeout, or null for the default
     */
    public Persistence {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * A pool.
   *
   * @param id the id
   * @param name the name
   * @param description the description
   * @param protocol {@code TCP}, {@code UDP} or {@code HTTP}
   * @param lbAlgorithm {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP}
   * @param loadBalancerIds the load balancers
   * @param listenerIds the listeners
   * @param memberIds the members
   * @param healthMonitorId the health monitor, or null
   * @param persistence sticky sessions, or null
   */
  public record Pool(
      String id,
      @Nullable String name,
      @Nullable String description,
      @Nullable String protocol,
      @Nullable String lbAlgorithm,
      List<String> loadBalancerIds,
      List<String> listenerIds,
      List<String> memberIds,
      @Nullable String healthMonitorId,
      @Nullable Persistence persistence) {

    /**
     * Copies the lists.
     *
     * @param id the id
     * @param name the name
     * @param description the description
     * @param protocol {@code TCP}, {@code UDP} or {@code HTTP}
     * @param lbAlgorithm {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP}
     * @param loadBalancerIds the load balancers
     * @param listenerIds the listeners
     * @param memberIds the members
     * @param healthMonitorId the health monitor, or null
     * @param persistence sticky sessions, or null
     */
    public Pool {
      Objects.requireNonNull(id, "id");
      loadBalancerIds = List.copyOf(loadBalancerIds);
      listenerIds = List.copyOf(listenerIds);
      memberIds = List.copyOf(memberIds);
    }
  }

  /**
   * What to create a pool with; give the listener, the load balancer, or both.
   *
   * @param name the name
   * @param description the description
   * @param protocol {@code TCP}, {@code UDP} or {@code HTTP}
   * @param lbAlgorithm the algorithm
   * @param listenerId the listener it serves by default, or null
   * @param loadBalancerId the load balancer, or null
   * @param persistence sticky sessions, or null
   */
  public record NewPool(
      String name,
      String description,
      String protocol,
      String lbAlgorithm,
      @Nullable String listenerId,
      @Nullable String loadBalancerId,
      @Nullable Persistence persistence) {

    /**
     * Checks the required fields.
     *
     * @param name the name
     * @param description the description
     * @param protocol {@code TCP}, {@code UDP} or {@code HTTP}
     * @param lbAlgorithm the algorithm
     * @param listenerId the listener it serves by default, or null
     * @param loadBalancerId the load balancer, or null
     * @param persistence sticky sessions, or null
     */
    public NewPool {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(lbAlgorithm, "lbAlgorithm");
      if (listenerId == null && loadBalancerId == null) {
        throw new IllegalArgumentException("createPool: give listenerId or loadBalancerId");
      }
    }
  }

  /**
   * What to change on a pool; null fields are left as they are.
   *
   * @param name the name
   * @param description the description
   * @param lbAlgorithm the algorithm
   * @param persistence sticky sessions
   * @param removePersistence true to turn sticky sessions off ({@code "session_persistence": null}); then
   *     {@code persistence} must be null
   */
  public record PoolUpdate(
      @Nullable String name,
      @Nullable String description,
      @Nullable String lbAlgorithm,
      @Nullable Persistence persistence,
      boolean removePersistence) {

    /**
     * Checks that removing and setting sticky sessions are not both asked for.
     *
     * @param name the name
     * @param description the description
     * @param lbAlgorithm the algorithm
     * @param persistence sticky sessions
     * @param removePersistence true to turn sticky sessions off ({@code "session_persistence": null}); then
     *     {@code persistence} must be null
     */
    public PoolUpdate {
      if (removePersistence && persistence != null) {
        throw new IllegalArgumentException("updatePool: either set sticky sessions or remove them, not both");
      }
    }

    /**
     * Creates an update that leaves sticky sessions as they are when {@code persistence} is null.
     *
     * @param name the name
     * @param description the description
     * @param lbAlgorithm the algorithm
     * @param persistence sticky sessions
     */
    public PoolUpdate(
        @Nullable String name, @Nullable String description, @Nullable String lbAlgorithm,
        @Nullable Persistence persistence) {
      this(name, description, lbAlgorithm, persistence, false);
    }
  }

  /**
   * A pool update that sends {@code "session_persistence": null}, which turns sticky sessions off; the SDK's own
   * request omits null fields.
   */
  static final class RemovingPersistence extends UpdatePoolReq {

    @Override
    @JsonProperty("session_persistence")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public com.huaweicloud.sdk.elb.v2.model.@Nullable SessionPersistence getSessionPersistence() {
      return null;
    }
  }

  /**
   * Lists the pools of a load balancer ({@code GET /pools?loadbalancer_id=}).
   *
   * @param loadBalancerId the load balancer
   * @return the pools
   */
  public List<Pool> listPools(String loadBalancerId) {
    Objects.requireNonNull(loadBalancerId, "loadBalancerId");
    List<PoolResp> list =
        calls
            .read("listPools", () -> elb.listPools(new ListPoolsRequest().withLoadbalancerId(loadBalancerId)))
            .getPools();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toPool).toList();
  }

  /**
   * Reads a pool ({@code GET /pools/{id}}).
   *
   * @param id the id
   * @return the pool, or empty when it does not exist
   */
  public Optional<Pool> showPool(String id) {
    Objects.requireNonNull(id, "id");
    return show("showPool", () -> elb.showPool(new ShowPoolRequest().withPoolId(id)).getPool(), SharedElbApi::toPool);
  }

  /**
   * Creates a pool ({@code POST /pools}).
   *
   * @param spec what to create
   * @return the pool
   */
  public Pool createPool(NewPool spec) {
    CreatePoolReq req =
        new CreatePoolReq()
            .withName(spec.name())
            .withDescription(spec.description())
            .withProtocol(CreatePoolReq.ProtocolEnum.fromValue(spec.protocol()))
            .withLbAlgorithm(spec.lbAlgorithm())
            .withListenerId(spec.listenerId())
            .withLoadbalancerId(spec.loadBalancerId())
            .withSessionPersistence(toSdk(spec.persistence()))
            .withAdminStateUp(true);
    return toPool(
        calls
            .create(
                "createPool",
                () -> elb.createPool(new CreatePoolRequest().withBody(new CreatePoolRequestBody().withPool(req))))
            .getPool());
  }

  /**
   * Changes a pool ({@code PUT /pools/{id}}).
   *
   * @param id the pool
   * @param update what to change
   * @return the pool after the change
   */
  public Pool updatePool(String id, PoolUpdate update) {
    Objects.requireNonNull(id, "id");
    UpdatePoolReq req =
        (update.removePersistence() ? new RemovingPersistence() : new UpdatePoolReq())
            .withName(update.name())
            .withDescription(update.description())
            .withLbAlgorithm(update.lbAlgorithm())
            .withSessionPersistence(toSdk(update.persistence()));
    return toPool(
        calls
            .write(
                "updatePool",
                () ->
                    elb.updatePool(
                        new UpdatePoolRequest().withPoolId(id).withBody(new UpdatePoolRequestBody().withPool(req))))
            .getPool());
  }

  /**
   * Deletes a pool ({@code DELETE /pools/{id}}).
   *
   * @param id the id
   * @return true when deleted, false when it did not exist
   */
  public boolean deletePool(String id) {
    Objects.requireNonNull(id, "id");
    return delete("deletePool", () -> elb.deletePool(new DeletePoolRequest().withPoolId(id)));
  }

  // ---------------------------------------------------------------- members

  /**
   * A backend member of a pool.
   *
   * @param id the id
   * @param name the name
   * @param address the backend address
   * @param port the backend port
   * @param subnetId the neutron subnet id of the address
   * @param weight the weight, 0 drains
   * @param operatingStatus the health as the monitor sees it
   */
  public record Member(
      String id,
      @Nullable String name,
      @Nullable String address,
      @Nullable Integer port,
      @Nullable String subnetId,
      @Nullable Integer weight,
      @Nullable String operatingStatus) {

    /**
     * Checks the id.
     *
     * @param id the id
     * @param name the name
     * @param address the backend address
     * @param port the backend port
     * @param subnetId the neutron subnet id of the address
     * @param weight the weight, 0 drains
     * @param operatingStatus the health as the monitor sees it
     */
    public Member {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * What to create a member with.
   *
   * @param name the name
   * @param address the backend address
   * @param port the backend port
   * @param subnetId the neutron subnet id of the address
   * @param weight the weight, or null for the default
   */
  public record NewMember(String name, String address, int port, String subnetId, @Nullable Integer weight) {

    /**
     * Checks the required fields.
     *
     * @param name the name
     * @param address the backend address
     * @param port the backend port
     * @param subnetId the neutron subnet id of the address
     * @param weight the weight, or null for the default
     */
    public NewMember {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(subnetId, "subnetId");
    }
  }

  /**
   * Lists the members of a pool ({@code GET /pools/{pool_id}/members}).
   *
   * @param poolId the pool
   * @return the members
   */
  public List<Member> listMembers(String poolId) {
    Objects.requireNonNull(poolId, "poolId");
    List<MemberResp> list =
        calls.read("listMembers", () -> elb.listMembers(new ListMembersRequest().withPoolId(poolId))).getMembers();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toMember).toList();
  }

  /**
   * Adds a member to a pool ({@code POST /pools/{pool_id}/members}).
   *
   * @param poolId the pool
   * @param spec what to create
   * @return the member
   */
  public Member createMember(String poolId, NewMember spec) {
    Objects.requireNonNull(poolId, "poolId");
    CreateMemberReq req =
        new CreateMemberReq()
            .withName(spec.name())
            .withAddress(spec.address())
            .withProtocolPort(spec.port())
            .withSubnetId(spec.subnetId())
            .withWeight(spec.weight())
            .withAdminStateUp(true);
    return remember(toMember(
        calls
            .create(
                "createMember",
                () ->
                    elb.createMember(
                        new CreateMemberRequest()
                            .withPoolId(poolId)
                            .withBody(new CreateMemberRequestBody().withMember(req))))
            .getMember()));
  }

  /**
   * Changes the weight of a member ({@code PUT /pools/{pool_id}/members/{member_id}}).
   *
   * @param poolId the pool
   * @param memberId the member
   * @param weight the new weight, 0 to 100
   * @return the member after the change
   */
  public Member updateMemberWeight(String poolId, String memberId, int weight) {
    Objects.requireNonNull(poolId, "poolId");
    Objects.requireNonNull(memberId, "memberId");
    UpdateMemberReq req = new UpdateMemberReq().withWeight(weight);
    return toMember(
        calls
            .write(
                "updateMember",
                () ->
                    elb.updateMember(
                        new UpdateMemberRequest()
                            .withPoolId(poolId)
                            .withMemberId(memberId)
                            .withBody(new UpdateMemberRequestBody().withMember(req))))
            .getMember());
  }

  /**
   * Removes a member ({@code DELETE /pools/{pool_id}/members/{member_id}}).
   *
   * @param poolId the pool
   * @param memberId the member
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteMember(String poolId, String memberId) {
    Objects.requireNonNull(poolId, "poolId");
    Objects.requireNonNull(memberId, "memberId");
    return delete(
        "deleteMember",
        () -> elb.deleteMember(new DeleteMemberRequest().withPoolId(poolId).withMemberId(memberId)));
  }

  // ---------------------------------------------------------------- health monitors

  /**
   * A health monitor.
   *
   * @param id the id
   * @param name the name
   * @param poolIds the pools it checks (one)
   * @param type {@code TCP}, {@code HTTP} or {@code UDP_CONNECT}
   * @param delay seconds between checks
   * @param timeout seconds a check may take
   * @param maxRetries checks before a member changes state
   * @param monitorPort the port checked, or null for the member port
   * @param urlPath the HTTP path, or null
   * @param expectedCodes the HTTP codes that count as healthy, or null
   * @param httpMethod the HTTP method, or null
   * @param domainName the HTTP host, or null
   */
  public record HealthMonitor(
      String id,
      @Nullable String name,
      List<String> poolIds,
      @Nullable String type,
      @Nullable Integer delay,
      @Nullable Integer timeout,
      @Nullable Integer maxRetries,
      @Nullable Integer monitorPort,
      @Nullable String urlPath,
      @Nullable String expectedCodes,
      @Nullable String httpMethod,
      @Nullable String domainName) {

    /**
     * Copies the list.
     *
     * @param id the id
     * @param name the name
     * @param poolIds the pools it checks (one)
     * @param type {@code TCP}, {@code HTTP} or {@code UDP_CONNECT}
     * @param delay seconds between checks
     * @param timeout seconds a check may take
     * @param maxRetries checks before a member changes state
     * @param monitorPort the port checked, or null for the member port
     * @param urlPath the HTTP path, or null
     * @param expectedCodes the HTTP codes that count as healthy, or null
     * @param httpMethod the HTTP method, or null
     * @param domainName the HTTP host, or null
     */
    public HealthMonitor {
      Objects.requireNonNull(id, "id");
      poolIds = List.copyOf(poolIds);
    }
  }

  /**
   * The settings of a health monitor, for create and update.
   *
   * @param name the name
   * @param type {@code TCP}, {@code HTTP} or {@code UDP_CONNECT}
   * @param delay seconds between checks, 1 to 50
   * @param timeout seconds a check may take, 1 to 50
   * @param maxRetries checks before a member changes state, 1 to 10
   * @param monitorPort the port checked, or null for the member port
   * @param urlPath the HTTP path, or null
   * @param expectedCodes the HTTP codes that count as healthy, or null
   * @param httpMethod the HTTP method, or null
   * @param domainName the HTTP host, or null
   */
  public record MonitorSettings(
      String name,
      String type,
      int delay,
      int timeout,
      int maxRetries,
      @Nullable Integer monitorPort,
      @Nullable String urlPath,
      @Nullable String expectedCodes,
      @Nullable String httpMethod,
      @Nullable String domainName) {

    /**
     * Checks the required fields.
     *
     * @param name the name
     * @param type {@code TCP}, {@code HTTP} or {@code UDP_CONNECT}
     * @param delay seconds between checks, 1 to 50
     * @param timeout seconds a check may take, 1 to 50
     * @param maxRetries checks before a member changes state, 1 to 10
     * @param monitorPort the port checked, or null for the member port
     * @param urlPath the HTTP path, or null
     * @param expectedCodes the HTTP codes that count as healthy, or null
     * @param httpMethod the HTTP method, or null
     * @param domainName the HTTP host, or null
     */
    public MonitorSettings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * Lists all health monitors of the project ({@code GET /healthmonitors}); v2 cannot filter by pool.
   *
   * @return the health monitors
   */
  public List<HealthMonitor> listHealthMonitors() {
    List<HealthmonitorResp> list =
        calls.read("listHealthmonitors", () -> elb.listHealthmonitors(new ListHealthmonitorsRequest()))
            .getHealthmonitors();
    return list == null ? List.of() : list.stream().map(SharedElbApi::toHealthMonitor).toList();
  }

  /**
   * Reads a health monitor ({@code GET /healthmonitors/{id}}).
   *
   * @param id the id
   * @return the monitor, or empty when it does not exist
   */
  public Optional<HealthMonitor> showHealthMonitor(String id) {
    Objects.requireNonNull(id, "id");
    return show(
        "showHealthmonitors",
        () -> elb.showHealthmonitors(new ShowHealthmonitorsRequest().withHealthmonitorId(id)).getHealthmonitor(),
        SharedElbApi::toHealthMonitor);
  }

  /**
   * Creates the health monitor of a pool ({@code POST /healthmonitors}).
   *
   * @param poolId the pool; read-only after creation
   * @param settings the settings
   * @return the monitor
   */
  public HealthMonitor createHealthMonitor(String poolId, MonitorSettings settings) {
    Objects.requireNonNull(poolId, "poolId");
    CreateHealthmonitorReq req =
        new CreateHealthmonitorReq()
            .withPoolId(poolId)
            .withName(settings.name())
            .withType(CreateHealthmonitorReq.TypeEnum.fromValue(settings.type()))
            .withDelay(settings.delay())
            .withTimeout(settings.timeout())
            .withMaxRetries(settings.maxRetries())
            .withMonitorPort(settings.monitorPort())
            .withUrlPath(settings.urlPath())
            .withExpectedCodes(settings.expectedCodes())
            .withHttpMethod(settings.httpMethod())
            .withDomainName(settings.domainName())
            .withAdminStateUp(true);
    return toHealthMonitor(
        calls
            .create(
                "createHealthmonitor",
                () ->
                    elb.createHealthmonitor(
                        new CreateHealthmonitorRequest()
                            .withBody(new CreateHealthmonitorRequestBody().withHealthmonitor(req))))
            .getHealthmonitor());
  }

  /**
   * Changes a health monitor ({@code PUT /healthmonitors/{id}}).
   *
   * @param id the monitor
   * @param settings the new settings
   * @return the monitor after the change
   */
  public HealthMonitor updateHealthMonitor(String id, MonitorSettings settings) {
    Objects.requireNonNull(id, "id");
    UpdateHealthmonitorReq req =
        new UpdateHealthmonitorReq()
            .withName(settings.name())
            .withType(settings.type())
            .withDelay(settings.delay())
            .withTimeout(settings.timeout())
            .withMaxRetries(settings.maxRetries())
            .withMonitorPort(settings.monitorPort())
            .withUrlPath(settings.urlPath())
            .withExpectedCodes(settings.expectedCodes())
            .withHttpMethod(settings.httpMethod())
            .withDomainName(settings.domainName());
    return toHealthMonitor(
        calls
            .write(
                "updateHealthmonitor",
                () ->
                    elb.updateHealthmonitor(
                        new UpdateHealthmonitorRequest()
                            .withHealthmonitorId(id)
                            .withBody(new UpdateHealthmonitorRequestBody().withHealthmonitor(req))))
            .getHealthmonitor());
  }

  /**
   * Deletes a health monitor ({@code DELETE /healthmonitors/{id}}).
   *
   * @param id the id
   * @return true when deleted, false when it did not exist
   */
  public boolean deleteHealthMonitor(String id) {
    Objects.requireNonNull(id, "id");
    return delete(
        "deleteHealthmonitor", () -> elb.deleteHealthmonitor(new DeleteHealthmonitorRequest().withHealthmonitorId(id)));
  }

  // ---------------------------------------------------------------- helpers

  // ---------------------------------------------------------------- project-wide lists (bulk observation)

  /**
   * A member's address and port. v2 has no project-wide member list, but a member's address and port never change
   * after creation: the v2 member update ({@code PUT /pools/{pool_id}/members/{member_id}}, reference B.1 and C.6,
   * the SDK's {@code UpdateMemberReq}) takes only {@code name}, {@code weight} and {@code admin_state_up}, as in the
   * OpenStack LBaaS v2 API it follows (address and protocol_port are create-and-read only). So
   * this API remembers them from every member it creates and every status tree it reads, and a bulk observation
   * rebuilds a pool's members from the member ids the pool list gives.
   *
   * @param address the address
   * @param port the port
   */
  public record MemberEndpoint(String address, int port) {}

  private final Map<String, MemberEndpoint> memberEndpoints = new ConcurrentHashMap<>();

  /**
   * Returns the address and port of a member this API created or saw in a status tree.
   *
   * @param memberId the member
   * @return the address and port, or empty when never seen
   */
  public Optional<MemberEndpoint> memberEndpoint(String memberId) {
    return Optional.ofNullable(memberEndpoints.get(memberId));
  }

  /**
   * Forgets the members not among the given ids (members deleted since), so that the memory stays bounded.
   *
   * @param memberIds the members to keep
   */
  public void retainMemberEndpoints(Set<String> memberIds) {
    memberEndpoints.keySet().retainAll(memberIds);
  }

  private Member remember(Member m) {
    if (m.address() != null && m.port() != null) {
      memberEndpoints.put(m.id(), new MemberEndpoint(m.address(), m.port()));
    }
    return m;
  }

  private StatusTree remember(StatusTree t) {
    List<PoolStatus> all = new java.util.ArrayList<>(t.pools());
    t.listeners().forEach(l -> all.addAll(l.pools()));
    for (PoolStatus p : all) {
      for (MemberStatus m : p.members()) {
        if (m.address() != null && m.port() != null) {
          memberEndpoints.put(m.id(), new MemberEndpoint(m.address(), m.port()));
        }
      }
    }
    return t;
  }

  /**
   * Lists every load balancer of the project, page by page ({@code GET /loadbalancers?limit=&marker=}).
   *
   * @return the load balancers
   */
  public List<LoadBalancer> listAllLoadBalancers() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listLoadbalancers", () -> elb.listLoadbalancers(
        new ListLoadbalancersRequest().withLimit(limit).withMarker(marker))).getLoadbalancers())
        .stream().map(SharedElbApi::toLoadBalancer).toList(), LoadBalancer::id);
  }

  /**
   * Lists every listener of the project, page by page ({@code GET /listeners?limit=&marker=}).
   *
   * @return the listeners
   */
  public List<Listener> listAllListeners() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listListeners", () -> elb.listListeners(
        new ListListenersRequest().withLimit(limit).withMarker(marker))).getListeners())
        .stream().map(SharedElbApi::toListener).toList(), Listener::id);
  }

  /**
   * Lists every pool of the project with its member ids, page by page ({@code GET /pools?limit=&marker=}).
   *
   * @return the pools
   */
  public List<Pool> listAllPools() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listPools", () -> elb.listPools(
        new ListPoolsRequest().withLimit(limit).withMarker(marker))).getPools())
        .stream().map(SharedElbApi::toPool).toList(), Pool::id);
  }

  /**
   * Lists every health monitor of the project, page by page ({@code GET /healthmonitors?limit=&marker=}).
   *
   * @return the monitors
   */
  public List<HealthMonitor> listAllHealthMonitors() {
    return Pages.all((marker, limit) -> orEmpty(calls.read("listHealthmonitors", () -> elb.listHealthmonitors(
        new ListHealthmonitorsRequest().withLimit(limit).withMarker(marker))).getHealthmonitors())
        .stream().map(SharedElbApi::toHealthMonitor).toList(), HealthMonitor::id);
  }

  private <S, R> Optional<R> show(String operation, Supplier<@Nullable S> call, Function<S, R> mapper) {
    return calls.readIfExists(operation, call, mapper);
  }

  private boolean delete(String operation, Supplier<?> call) {
    return calls.deleteIfExists(operation, call);
  }

  private static com.huaweicloud.sdk.elb.v2.model.@Nullable InsertHeader insertHeaders(@Nullable Boolean host) {
    return host == null ? null : new com.huaweicloud.sdk.elb.v2.model.InsertHeader().withXForwardedHost(host);
  }

  static @Nullable String str(@Nullable Object sdkEnum) {
    return sdkEnum == null ? null : sdkEnum.toString();
  }

  private static List<String> ids(@Nullable List<ResourceList> list) {
    return list == null ? List.of() : list.stream().map(ResourceList::getId).filter(Objects::nonNull).toList();
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  private static com.huaweicloud.sdk.elb.v2.model.@Nullable SessionPersistence toSdk(@Nullable Persistence p) {
    if (p == null) {
      return null;
    }
    return new com.huaweicloud.sdk.elb.v2.model.SessionPersistence()
        .withType(com.huaweicloud.sdk.elb.v2.model.SessionPersistence.TypeEnum.fromValue(p.type()))
        .withCookieName(p.cookieName())
        .withPersistenceTimeout(p.timeoutMinutes());
  }

  static LoadBalancer toLoadBalancer(LoadbalancerResp r) {
    return new LoadBalancer(
        r.getId(),
        r.getName(),
        r.getDescription(),
        r.getVipSubnetId(),
        r.getVipAddress(),
        r.getVipPortId(),
        str(r.getProvisioningStatus()),
        str(r.getOperatingStatus()),
        ids(r.getListeners()),
        ids(r.getPools()),
        r.getCreatedAt());
  }

  static Listener toListener(ListenerResp r) {
    return new Listener(
        r.getId(),
        r.getName(),
        r.getDescription(),
        ids(r.getLoadbalancers()),
        str(r.getProtocol()),
        r.getProtocolPort(),
        r.getDefaultPoolId(),
        r.getConnectionLimit(),
        r.getHttp2Enable(),
        r.getDefaultTlsContainerRef(),
        orEmpty(r.getSniContainerRefs()),
        r.getInsertHeaders() == null ? null : r.getInsertHeaders().getXForwardedHost());
  }

  static Pool toPool(PoolResp r) {
    com.huaweicloud.sdk.elb.v2.model.SessionPersistence sp = r.getSessionPersistence();
    Persistence persistence =
        sp == null || sp.getType() == null
            ? null
            : new Persistence(sp.getType().toString(), sp.getCookieName(), sp.getPersistenceTimeout());
    return new Pool(
        r.getId(),
        r.getName(),
        r.getDescription(),
        str(r.getProtocol()),
        str(r.getLbAlgorithm()),
        ids(r.getLoadbalancers()),
        ids(r.getListeners()),
        ids(r.getMembers()),
        r.getHealthmonitorId() == null || r.getHealthmonitorId().isEmpty() ? null : r.getHealthmonitorId(),
        persistence);
  }

  static Member toMember(MemberResp r) {
    return new Member(
        r.getId(),
        r.getName(),
        r.getAddress(),
        r.getProtocolPort(),
        r.getSubnetId(),
        r.getWeight(),
        r.getOperatingStatus());
  }

  static HealthMonitor toHealthMonitor(HealthmonitorResp r) {
    return new HealthMonitor(
        r.getId(),
        r.getName(),
        ids(r.getPools()),
        str(r.getType()),
        r.getDelay(),
        r.getTimeout(),
        r.getMaxRetries(),
        r.getMonitorPort(),
        r.getUrlPath(),
        r.getExpectedCodes(),
        r.getHttpMethod(),
        r.getDomainName());
  }

  static StatusTree toStatusTree(LoadbalancerInStatusResp r) {
    return new StatusTree(
        r.getId(),
        r.getName(),
        str(r.getProvisioningStatus()),
        str(r.getOperatingStatus()),
        orEmpty(r.getListeners()).stream().map(SharedElbApi::toListenerStatus).toList(),
        orEmpty(r.getPools()).stream().map(SharedElbApi::toPoolStatus).toList());
  }

  private static ListenerStatus toListenerStatus(ListenersInStatusResp l) {
    return new ListenerStatus(
        l.getId(),
        l.getName(),
        l.getProvisioningStatus(),
        l.getOperatingStatus(),
        orEmpty(l.getPools()).stream().map(SharedElbApi::toPoolStatus).toList());
  }

  private static PoolStatus toPoolStatus(PoolsInStatusResp p) {
    HealthmonitorsInStatusResp hm = p.getHealthmonitor();
    return new PoolStatus(
        p.getId(),
        p.getName(),
        p.getProvisioningStatus(),
        p.getOperatingStatus(),
        hm == null || hm.getId() == null || hm.getId().isEmpty() ? null : hm.getId(),
        orEmpty(p.getMembers()).stream().map(SharedElbApi::toMemberStatus).toList());
  }

  private static MemberStatus toMemberStatus(MembersInStatusResp m) {
    return new MemberStatus(
        m.getId(), m.getAddress(), m.getProtocolPort(), m.getProvisioningStatus(), str(m.getOperatingStatus()));
  }
}
