package io.github.lbkit.api.plan;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An elastic IP as the cloud reports it.
 *
 * @param id the cloud's EIP id
 * @param address the public address
 * @param owner the owner marker text found on the EIP (alias or tag), or null when it has none
 */
public record ObservedEip(String id, String address, @Nullable String owner) {

  /**
   * Validates that id and address are present.
   *
   * @param id the cloud's EIP id
   * @param address the public address
   * @param owner the owner marker text found on the EIP (alias or tag), or null when it has none
   */
  public ObservedEip {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }
}
