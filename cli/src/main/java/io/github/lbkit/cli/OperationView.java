package io.github.lbkit.cli;

import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.MemberTarget;
import io.github.lbkit.api.plan.ObservedMember;
import io.github.lbkit.api.plan.Operation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/** Renders the planner's {@link Operation}s for people and for scripts. */
final class OperationView {

  private OperationView() {}

  /**
   * Describes an operation in one line.
   *
   * @param op the operation
   * @param options the spec's cloud options, which describe what the operation creates
   * @return for example {@code create listener TCP:80}
   */
  static String text(Operation op, CloudOptions options) {
    if (op instanceof Operation.CreateLoadBalancer o) {
      return "create load balancer \"" + o.name() + "\" (" + o.loadBalancerClass().name().toLowerCase(Locale.ROOT)
          + ", " + o.attachment().type().name().toLowerCase(Locale.ROOT)
          + (o.subnetId() == null ? "" : ", subnet " + o.subnetId()) + ")";
    } else if (op instanceof Operation.CreateEip o) {
      return "create EIP " + SpecView.eip(options);
    } else if (op instanceof Operation.BindEip o) {
      return o.eipId() == null ? "bind the new EIP to the load balancer"
          : "bind EIP " + o.eipId() + " to the load balancer";
    } else if (op instanceof Operation.UnbindEip o) {
      return "unbind EIP " + o.eipId() + " from the load balancer";
    } else if (op instanceof Operation.DeleteEip o) {
      return "delete EIP " + o.eipId();
    } else if (op instanceof Operation.CreateListener o) {
      return "create listener " + o.key();
    } else if (op instanceof Operation.UpdateListener o) {
      return "update listener " + o.key() + " (" + o.listenerId() + ")";
    } else if (op instanceof Operation.DeleteListener o) {
      return "delete listener " + o.key() + " (" + o.listenerId() + ")";
    } else if (op instanceof Operation.CreatePool o) {
      return "create pool of " + o.key() + " (" + o.protocol() + ", " + SpecView.pool(o.settings()) + ")";
    } else if (op instanceof Operation.UpdatePool o) {
      return "update pool of " + o.key() + " (" + SpecView.pool(o.settings()) + ")";
    } else if (op instanceof Operation.DeletePool o) {
      return "delete pool of " + o.key() + " (" + o.poolId() + ")";
    } else if (op instanceof Operation.CreateMonitor o) {
      return "create health monitor of " + o.key() + " (" + SpecView.healthCheck(o.settings()) + ")";
    } else if (op instanceof Operation.UpdateMonitor o) {
      return "update health monitor of " + o.key() + " (" + SpecView.healthCheck(o.settings()) + ")";
    } else if (op instanceof Operation.DeleteMonitor o) {
      return "delete health monitor of " + o.key() + " (" + o.monitorId() + ")";
    } else if (op instanceof Operation.AddMembers o) {
      return "add " + count(o.members().size()) + " to the pool of " + o.key() + ": "
          + String.join(", ", o.members().stream().map(MemberTarget::toString).toList());
    } else if (op instanceof Operation.RemoveMembers o) {
      return "remove " + count(o.members().size()) + " from the pool of " + o.key() + ": "
          + String.join(", ", o.members().stream().map(m -> m.address() + ":" + m.port()).toList());
    } else if (op instanceof Operation.DeleteLoadBalancer o) {
      return "delete load balancer " + o.loadBalancerId();
    } else if (op instanceof Operation.MarkLoadBalancer o) {
      return (o.owner() == null ? "remove the owner marker from" : "mark as the Service's:") + " load balancer "
          + o.loadBalancerId();
    } else if (op instanceof Operation.MarkEip o) {
      return (o.owner() == null ? "remove the owner marker from" : "mark as the Service's:") + " EIP " + o.eipId();
    } else if (op instanceof Operation.MarkListener o) {
      return (o.owner() == null ? "remove the owner marker from" : "mark as the Service's:") + " listener "
          + o.key() + " (" + o.listenerId() + ")";
    }
    throw new IllegalStateException("plan: an operation this command does not know: " + op);
  }

  /**
   * Describes an operation for {@code -o json}.
   *
   * @param step the operation's number in the plan, from 1
   * @param op the operation
   * @param options the spec's cloud options
   * @return the object: step, operation (a kebab-case name), listener when it has one, the operation's own
   *     fields, and text (the human line)
   */
  static Map<String, @Nullable Object> json(int step, Operation op, CloudOptions options) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("step", step);
    o.put("operation", kebab(op.getClass().getSimpleName()));
    if (op instanceof Operation.CreateLoadBalancer c) {
      o.put("name", c.name());
      o.put("class", c.loadBalancerClass().name().toLowerCase(Locale.ROOT));
      o.put("type", c.attachment().type().name().toLowerCase(Locale.ROOT));
      o.put("subnetId", c.subnetId());
      o.put("owner", c.owner());
    } else if (op instanceof Operation.CreateEip c) {
      o.put("eipType", options.get("huaweicloud.eip.type"));
      o.put("bandwidth", SpecView.bandwidthJson(options));
      o.put("owner", c.owner());
    } else if (op instanceof Operation.BindEip c) {
      o.put("eipId", c.eipId());
    } else if (op instanceof Operation.UnbindEip c) {
      o.put("eipId", c.eipId());
    } else if (op instanceof Operation.DeleteEip c) {
      o.put("eipId", c.eipId());
    } else if (op instanceof Operation.CreateListener c) {
      o.put("listener", c.key());
      o.put("protocol", c.protocol().name());
      o.put("port", c.port());
      o.put("owner", c.owner());
    } else if (op instanceof Operation.UpdateListener c) {
      o.put("listener", c.key());
      o.put("listenerId", c.listenerId());
    } else if (op instanceof Operation.DeleteListener c) {
      o.put("listener", c.key());
      o.put("listenerId", c.listenerId());
    } else if (op instanceof Operation.CreatePool c) {
      o.put("listener", c.key());
      o.put("protocol", c.protocol().name());
      o.put("algorithm", c.settings().algorithm().name());
      o.put("sessionPersistence", SpecView.persistenceJson(c.settings()));
    } else if (op instanceof Operation.UpdatePool c) {
      o.put("listener", c.key());
      o.put("poolId", c.poolId());
      o.put("algorithm", c.settings().algorithm().name());
      o.put("sessionPersistence", SpecView.persistenceJson(c.settings()));
    } else if (op instanceof Operation.DeletePool c) {
      o.put("listener", c.key());
      o.put("poolId", c.poolId());
    } else if (op instanceof Operation.CreateMonitor c) {
      o.put("listener", c.key());
      o.put("healthCheck", SpecView.healthCheckJson(c.settings()));
    } else if (op instanceof Operation.UpdateMonitor c) {
      o.put("listener", c.key());
      o.put("monitorId", c.monitorId());
      o.put("healthCheck", SpecView.healthCheckJson(c.settings()));
    } else if (op instanceof Operation.DeleteMonitor c) {
      o.put("listener", c.key());
      o.put("monitorId", c.monitorId());
    } else if (op instanceof Operation.AddMembers c) {
      o.put("listener", c.key());
      o.put("members", c.members().stream().map(MemberTarget::toString).toList());
    } else if (op instanceof Operation.RemoveMembers c) {
      o.put("listener", c.key());
      o.put("poolId", c.poolId());
      o.put("members", c.members().stream().map(OperationView::member).toList());
    } else if (op instanceof Operation.DeleteLoadBalancer c) {
      o.put("loadBalancerId", c.loadBalancerId());
    } else if (op instanceof Operation.MarkLoadBalancer c) {
      o.put("loadBalancerId", c.loadBalancerId());
      o.put("owner", c.owner());
    } else if (op instanceof Operation.MarkEip c) {
      o.put("eipId", c.eipId());
      o.put("owner", c.owner());
    } else if (op instanceof Operation.MarkListener c) {
      o.put("listener", c.key());
      o.put("listenerId", c.listenerId());
      o.put("owner", c.owner());
    }
    o.put("text", text(op, options));
    return o;
  }

  /**
   * Turns an enum-style or camel-case name into lower-case words joined by a separator.
   *
   * @param name for example {@code CreateLoadBalancer} or {@code CREATE_LOAD_BALANCER}
   * @param separator for example {@code "-"} or {@code " "}
   * @return for example {@code create-load-balancer}
   */
  static String words(String name, String separator) {
    if (name.contains("_") || name.equals(name.toUpperCase(Locale.ROOT))) {
      return name.toLowerCase(Locale.ROOT).replace("_", separator);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (Character.isUpperCase(ch) && i > 0) {
        sb.append(separator);
      }
      sb.append(Character.toLowerCase(ch));
    }
    return sb.toString();
  }

  private static String kebab(String name) {
    return words(name, "-");
  }

  private static String member(ObservedMember m) {
    return m.address() + ":" + m.port();
  }

  private static String count(int n) {
    return n + (n == 1 ? " member" : " members");
  }

  /**
   * Numbers lines from 1, right-aligning the numbers.
   *
   * @param lines the lines
   * @return the numbered lines, indented by two spaces
   */
  static List<String> numbered(List<String> lines) {
    int width = String.valueOf(lines.size()).length();
    return IntStream.range(0, lines.size())
        .mapToObj(i -> String.format("  %" + width + "d. %s", i + 1, lines.get(i)))
        .toList();
  }
}
