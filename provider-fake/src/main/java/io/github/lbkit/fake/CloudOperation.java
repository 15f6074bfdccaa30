package io.github.lbkit.fake;

/** Every API call of the fake cloud, as it appears in the journal and in fault rules. */
public enum CloudOperation {
  /** Creates a load balancer. */
  CREATE_LOAD_BALANCER(true),
  /** Reads one load balancer. */
  SHOW_LOAD_BALANCER(false),
  /** Reads a load balancer with its listeners, pools, monitors, members and bound EIP, in one call. */
  SHOW_LOAD_BALANCER_TREE(false),
  /** Lists load balancers, optionally by description. */
  LIST_LOAD_BALANCERS(false),
  /** Lists one page of load balancer trees project-wide (each with its listeners, pools, monitors, members and
   * bound EIP), for a bulk observation. */
  LIST_LOAD_BALANCER_TREES(false),
  /** Deletes a load balancer. */
  DELETE_LOAD_BALANCER(true),
  /** Creates a listener. */
  CREATE_LISTENER(true),
  /** Updates a listener's options. */
  UPDATE_LISTENER(true),
  /** Lists listeners, optionally by description. */
  LIST_LISTENERS(false),
  /** Deletes a listener. */
  DELETE_LISTENER(true),
  /** Creates a pool. */
  CREATE_POOL(true),
  /** Updates a pool. */
  UPDATE_POOL(true),
  /** Deletes a pool. */
  DELETE_POOL(true),
  /** Adds a member. */
  CREATE_MEMBER(true),
  /** Removes a member. */
  DELETE_MEMBER(true),
  /** Creates a health monitor. */
  CREATE_MONITOR(true),
  /** Updates a health monitor. */
  UPDATE_MONITOR(true),
  /** Deletes a health monitor. */
  DELETE_MONITOR(true),
  /** Creates an EIP with its bandwidth. */
  CREATE_EIP(true),
  /** Binds an EIP to a port. */
  BIND_EIP(true),
  /** Unbinds an EIP. */
  UNBIND_EIP(true),
  /** Deletes an EIP. */
  DELETE_EIP(true),
  /** Reads one EIP. */
  SHOW_EIP(false),
  /** Lists EIPs, optionally by alias. */
  LIST_EIPS(false),
  /** Reads a subnet by its VPC subnet id. */
  SHOW_SUBNET(false),
  /** Lists flavors. */
  LIST_FLAVORS(false),
  /** Lists availability zones. */
  LIST_AVAILABILITY_ZONES(false),
  /** Changes a load balancer's description (where lbkit writes its owner marker). */
  UPDATE_LOAD_BALANCER(true),
  /** Changes an EIP's alias (where lbkit writes its owner marker). */
  UPDATE_EIP(true),
  /** Lists the subnets. */
  LIST_SUBNETS(false);

  private final boolean mutating;

  CloudOperation(boolean mutating) {
    this.mutating = mutating;
  }

  /**
   * Tells whether the call writes.
   *
   * @return true for creates, updates and deletes
   */
  public boolean mutating() {
    return mutating;
  }
}
