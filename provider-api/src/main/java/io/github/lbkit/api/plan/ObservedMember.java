package io.github.lbkit.api.plan;

import io.github.lbkit.api.MemberTarget;
import java.util.Objects;

/**
 * A backend member as the cloud reports it.
 *
 * @param id the cloud's member id
 * @param address the member address
 * @param port the member port
 */
public record ObservedMember(String id, String address, int port) {

  /**
   * Validates that the id and address are present.
   *
   * @param id the cloud's member id
   * @param address the member address
   * @param port the member port
   */
  public ObservedMember {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }

  /**
   * Returns the member as a target, for comparing with the desired members.
   *
   * @return address and port
   */
  public MemberTarget target() {
    return new MemberTarget(address, port);
  }
}
