package io.github.lbkit.huaweicloud.internal;

import com.huaweicloud.sdk.eip.v2.model.CreatePublicipBandwidthOption;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipOption;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipRequestBody;
import com.huaweicloud.sdk.eip.v2.model.DeletePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.ListPublicipsRequest;
import com.huaweicloud.sdk.eip.v2.model.PublicipCreateResp;
import com.huaweicloud.sdk.eip.v2.model.PublicipShowResp;
import com.huaweicloud.sdk.eip.v2.model.PublicipUpdateResp;
import com.huaweicloud.sdk.eip.v2.model.ShowPublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipOption;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipsRequestBody;
import com.huaweicloud.sdk.eip.v3.model.AssociatePublicipsOption;
import com.huaweicloud.sdk.eip.v3.model.AssociatePublicipsRequest;
import com.huaweicloud.sdk.eip.v3.model.AssociatePublicipsRequestBody;
import com.huaweicloud.sdk.eip.v3.model.DisassociatePublicipsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The EIP API ({@code /v1/{project_id}/publicips}, and v3 associate/disassociate) as small typed calls: each
 * method is one SDK call through {@link CloudCalls}.
 */
public final class EipApi {

  private static final int PAGE = 1000;

  private final com.huaweicloud.sdk.eip.v2.EipClient eip;
  private final com.huaweicloud.sdk.eip.v3.EipClient eipV3;
  private final CloudCalls calls;

  /**
   * Creates the API over the clients.
   *
   * @param eip the EIP v2 client
   * @param eipV3 the EIP v3 client
   * @param calls the executor every call goes through
   */
  public EipApi(
      com.huaweicloud.sdk.eip.v2.EipClient eip, com.huaweicloud.sdk.eip.v3.EipClient eipV3, CloudCalls calls) {
    this.eip = Objects.requireNonNull(eip, "eip");
    this.eipV3 = Objects.requireNonNull(eipV3, "eipV3");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  /**
   * An elastic IP.
   *
   * @param id the id
   * @param address the public IPv4 address
   * @param status {@code DOWN} (unbound), {@code ACTIVE} (bound), {@code PENDING_CREATE}, {@code ELB}, ...
   * @param portId the bound port, or null
   * @param type the line, for example {@code 5_bgp}
   * @param bandwidthSize the bandwidth in Mbit/s
   * @param alias the alias, or null
   * @param description the description, or null; EIP v1 answers never carry it, EIP v3 answers do
   */
  public record PublicIp(
      String id,
      @Nullable String address,
      @Nullable String status,
      @Nullable String portId,
      @Nullable String type,
      @Nullable Integer bandwidthSize,
      @Nullable String alias,
      @Nullable String description) {

    /**
     * Checks the id.
     *
     * @param id the id
     * @param address the public IPv4 address
     * @param status {@code DOWN} (unbound), {@code ACTIVE} (bound), {@code PENDING_CREATE}, {@code ELB}, ...
     * @param portId the bound port, or null
     * @param type the line, for example {@code 5_bgp}
     * @param bandwidthSize the bandwidth in Mbit/s
     * @param alias the alias, or null
     * @param description the description, or null; EIP v1 answers never carry it, EIP v3 answers do
     */
    public PublicIp {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * What to create an EIP with: a dedicated ({@code PER}) bandwidth of its own.
   *
   * @param type the line, for example {@code 5_bgp}
   * @param bandwidthName the bandwidth name
   * @param bandwidthSize Mbit/s
   * @param chargeMode {@code bandwidth} or {@code traffic}
   * @param alias the EIP's alias (lbkit keeps its ownership marker there), or null
   * @param enterpriseProjectId the enterprise project, or null for the default
   */
  public record NewPublicIp(
      String type,
      String bandwidthName,
      int bandwidthSize,
      String chargeMode,
      @Nullable String alias,
      @Nullable String enterpriseProjectId) {

    /**
     * Checks the required fields.
     *
     * @param type the line, for example {@code 5_bgp}
     * @param bandwidthName the bandwidth name
     * @param bandwidthSize Mbit/s
     * @param chargeMode {@code bandwidth} or {@code traffic}
     * @param alias the EIP's alias (lbkit keeps its ownership marker there), or null
     * @param enterpriseProjectId the enterprise project, or null for the default
     */
    public NewPublicIp {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(bandwidthName, "bandwidthName");
      Objects.requireNonNull(chargeMode, "chargeMode");
    }
  }

  /**
   * Creates an EIP ({@code POST /v1/{project_id}/publicips}).
   *
   * @param spec what to create
   * @return the EIP
   */
  public PublicIp createPublicIp(NewPublicIp spec) {
    CreatePublicipRequestBody body =
        new CreatePublicipRequestBody()
            .withPublicip(new CreatePublicipOption().withType(spec.type()).withAlias(spec.alias()))
            .withBandwidth(
                new CreatePublicipBandwidthOption()
                    .withName(spec.bandwidthName())
                    .withSize(spec.bandwidthSize())
                    .withShareType(CreatePublicipBandwidthOption.ShareTypeEnum.fromValue("PER"))
                    .withChargeMode(CreatePublicipBandwidthOption.ChargeModeEnum.fromValue(spec.chargeMode())))
            .withEnterpriseProjectId(spec.enterpriseProjectId());
    PublicipCreateResp r =
        calls.create("createPublicip", () -> eip.createPublicip(new CreatePublicipRequest().withBody(body)))
            .getPublicip();
    return new PublicIp(
        r.getId(),
        r.getPublicIpAddress(),
        SharedElbApi.str(r.getStatus()),
        null,
        r.getType(),
        r.getBandwidthSize(),
        r.getAlias(),
        null);
  }

  /**
   * Reads an EIP ({@code GET /v1/{project_id}/publicips/{id}}).
   *
   * @param id the id
   * @return the EIP, or empty when it does not exist
   */
  public Optional<PublicIp> showPublicIp(String id) {
    Objects.requireNonNull(id, "id");
    return calls.readIfExists("showPublicip",
        () -> eip.showPublicip(new ShowPublicipRequest().withPublicipId(id)).getPublicip(), EipApi::toPublicIp);
  }

  /**
   * Lists the EIPs bound to a port ({@code GET /v1/{project_id}/publicips?port_id=}).
   *
   * @param portId the port, for example a load balancer's {@code vip_port_id}
   * @return the EIPs, usually none or one
   */
  public List<PublicIp> listByPort(String portId) {
    Objects.requireNonNull(portId, "portId");
    List<PublicipShowResp> list =
        calls.read("listPublicips", () -> eip.listPublicips(new ListPublicipsRequest().withPortId(List.of(portId))))
            .getPublicips();
    return list == null ? List.of() : list.stream().map(EipApi::toPublicIp).toList();
  }

  /**
   * Lists every EIP of the project ({@code GET /v1/{project_id}/publicips}, page by page): the way to find EIPs
   * by alias, which the API cannot filter on.
   *
   * @return the EIPs
   */
  public List<PublicIp> listAll() {
    List<PublicIp> out = new ArrayList<>();
    String marker = null;
    while (true) {
      String from = marker;
      List<PublicipShowResp> page =
          calls.read("listPublicips", () -> eip.listPublicips(new ListPublicipsRequest().withLimit(PAGE).withMarker(from)))
              .getPublicips();
      if (page == null || page.isEmpty()) {
        return out;
      }
      page.stream().map(EipApi::toPublicIp).forEach(out::add);
      if (page.size() < PAGE) {
        return out;
      }
      marker = page.get(page.size() - 1).getId();
    }
  }

  /**
   * Lists the EIPs whose description is the given text, through EIP v3 ({@code GET /v3/{project_id}/eip/publicips
   * ?description=}), page by page: the way to find an EIP a dedicated load balancer created with itself, which
   * keeps the text in its description and has no alias.
   *
   * @param description the exact description
   * @return the EIPs, with their descriptions
   */
  public List<PublicIp> listByDescription(String description) {
    Objects.requireNonNull(description, "description");
    List<PublicIp> out = new ArrayList<>();
    String marker = null;
    while (true) {
      String from = marker;
      List<com.huaweicloud.sdk.eip.v3.model.PublicipSingleShowResp> page =
          calls.read("listPublicipsV3", () -> eipV3.listPublicips(new com.huaweicloud.sdk.eip.v3.model
              .ListPublicipsRequest().withDescription(List.of(description)).withLimit(PAGE).withMarker(from)))
              .getPublicips();
      if (page == null || page.isEmpty()) {
        return out;
      }
      for (com.huaweicloud.sdk.eip.v3.model.PublicipSingleShowResp r : page) {
        String port = r.getVnic() == null ? null : blankToNull(r.getVnic().getPortId());
        out.add(new PublicIp(r.getId(), r.getPublicIpAddress(), SharedElbApi.str(r.getStatus()),
            port != null ? port : blankToNull(r.getAssociateInstanceId()),
            r.getNetworkType(), r.getBandwidth() == null ? null
                : r.getBandwidth().getSize(), blankToNull(r.getAlias()), blankToNull(r.getDescription())));
      }
      if (page.size() < PAGE) {
        return out;
      }
      marker = page.get(page.size() - 1).getId();
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * Binds an EIP to a port ({@code PUT /v1/{project_id}/publicips/{id}} with {@code port_id}); for a shared
   * load balancer, the port is its {@code vip_port_id}.
   *
   * @param id the EIP
   * @param portId the port
   * @return the EIP after binding
   */
  public PublicIp bind(String id, String portId) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(portId, "portId");
    return update("updatePublicip", id, new UpdatePublicipOption().withPortId(portId));
  }

  /**
   * Unbinds an EIP from its port ({@code PUT} with no {@code port_id}). Does not unbind from a dedicated load
   * balancer; use {@link #disassociate} there.
   *
   * @param id the EIP
   * @return the EIP after unbinding
   */
  public PublicIp unbind(String id) {
    Objects.requireNonNull(id, "id");
    return update("updatePublicip", id, new UpdatePublicipOption());
  }

  /**
   * Sets the alias of an EIP, where lbkit keeps the digest of its owner marker ({@code PUT
   * /v1/{project_id}/publicips/{id}}). The call names the port the EIP is bound to, since a PUT without
   * {@code port_id} unbinds it.
   *
   * @param id the EIP
   * @param portId the port it is bound to, or null when it is unbound
   * @param alias the new alias; empty removes it
   * @return the EIP after the change
   */
  public PublicIp updateAlias(String id, @Nullable String portId, String alias) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(alias, "alias");
    return update("updatePublicip", id, new UpdatePublicipOption().withPortId(portId).withAlias(alias));
  }

  private PublicIp update(String operation, String id, UpdatePublicipOption option) {
    PublicipUpdateResp r =
        calls.write(
                operation,
                () ->
                    eip.updatePublicip(
                        new UpdatePublicipRequest()
                            .withPublicipId(id)
                            .withBody(new UpdatePublicipsRequestBody().withPublicip(option))))
            .getPublicip();
    return new PublicIp(
        r.getId(),
        r.getPublicIpAddress(),
        SharedElbApi.str(r.getStatus()),
        r.getPortId(),
        r.getType(),
        r.getBandwidthSize(),
        r.getAlias(),
        null);
  }

  /**
   * Associates an EIP with an instance through EIP v3 ({@code POST /v3/{project_id}/eip/publicips/{id}/
   * associate-instance}).
   *
   * @param id the EIP
   * @param instanceType {@code PORT}, {@code ELB}, {@code NATGW} or {@code VPN}
   * @param instanceId the instance
   */
  public void associate(String id, String instanceType, String instanceId) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(instanceId, "instanceId");
    AssociatePublicipsOption option =
        new AssociatePublicipsOption()
            .withAssociateInstanceType(AssociatePublicipsOption.AssociateInstanceTypeEnum.fromValue(instanceType))
            .withAssociateInstanceId(instanceId);
    calls.write(
        "associatePublicips",
        () ->
            eipV3.associatePublicips(
                new AssociatePublicipsRequest()
                    .withPublicipId(id)
                    .withBody(new AssociatePublicipsRequestBody().withPublicip(option))));
  }

  /**
   * Disassociates an EIP from its instance through EIP v3 ({@code POST .../disassociate-instance}).
   *
   * @param id the EIP
   */
  public void disassociate(String id) {
    Objects.requireNonNull(id, "id");
    calls.write(
        "disassociatePublicips",
        () -> eipV3.disassociatePublicips(new DisassociatePublicipsRequest().withPublicipId(id)));
  }

  /**
   * The free-text fields of an EIP, as EIP v3 shows them.
   *
   * @param id the id
   * @param alias the alias, or null
   * @param description the description (set, for example, when a dedicated load balancer creates the EIP), or
   *     null
   */
  public record Texts(String id, @Nullable String alias, @Nullable String description) {}

  /**
   * Reads the alias and description of an EIP through EIP v3 ({@code GET /v3/{project_id}/eip/publicips/{id}}).
   *
   * @param id the EIP
   * @return its texts, or empty when it does not exist
   */
  public Optional<Texts> describe(String id) {
    Objects.requireNonNull(id, "id");
    return calls.readIfExists("showPublicipV3", () -> eipV3.showPublicip(
            new com.huaweicloud.sdk.eip.v3.model.ShowPublicipRequest().withPublicipId(id)).getPublicip(),
        r -> new Texts(id, r.getAlias(), r.getDescription()));
  }

  /**
   * Deletes an EIP ({@code DELETE /v1/{project_id}/publicips/{id}}); it must be unbound.
   *
   * @param id the id
   * @return true when deleted, false when it did not exist
   */
  public boolean deletePublicIp(String id) {
    Objects.requireNonNull(id, "id");
    return calls.deleteIfExists(
        "deletePublicip", () -> eip.deletePublicip(new DeletePublicipRequest().withPublicipId(id)));
  }

  private static PublicIp toPublicIp(PublicipShowResp r) {
    return new PublicIp(
        r.getId(),
        r.getPublicIpAddress(),
        SharedElbApi.str(r.getStatus()),
        r.getPortId() == null || r.getPortId().isEmpty() ? null : r.getPortId(),
        r.getType(),
        r.getBandwidthSize(),
        r.getAlias(),
        null);
  }
}
