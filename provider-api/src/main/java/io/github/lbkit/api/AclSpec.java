package io.github.lbkit.api;

import java.util.List;
import java.util.Objects;

/**
 * Access control of the listeners through cloud IP groups, from {@code kubernetes.io/elb.acl-id},
 * {@code -status} and {@code -type}.
 *
 * @param ipGroupIds the IP groups; empty means allow all
 * @param enabled whether the control is on
 * @param type whether the groups list who is allowed or who is denied
 */
public record AclSpec(List<String> ipGroupIds, boolean enabled, Type type) {

  /**
   * Copies the list and checks the type is set.
   *
   * @param ipGroupIds the IP groups; empty means allow all
   * @param enabled whether the control is on
   * @param type whether the groups list who is allowed or who is denied
   */
  public AclSpec {
    ipGroupIds = List.copyOf(ipGroupIds);
    Objects.requireNonNull(type, "type");
  }

  /** Allow-list or deny-list. */
  public enum Type {
    /** Only the listed addresses may connect. */
    WHITE,
    /** The listed addresses may not connect. */
    BLACK
  }
}
