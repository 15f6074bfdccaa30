package io.github.lbkit.cli;

import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.Ingress;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.LoadBalancerException;
import io.github.lbkit.api.LoadBalancerResult;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.ProviderWarning;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.api.plan.Planner;
import io.github.lbkit.fake.Call;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code lbkit plan}: the cloud operations an ensure would issue for a Service when nothing exists yet, from the
 * shared planner or from a run of the fake provider.
 */
final class PlanCommand {

  /** The command's name. */
  static final String NAME = "plan";

  /** The options the command accepts. */
  static final List<Args.Option> OPTIONS =
      List.of(
          new Args.Option("file", "f", true),
          new Args.Option("nodes", null, true),
          new Args.Option("provider", null, true),
          new Args.Option("cluster", null, true),
          new Args.Option("output", "o", true),
          new Args.Option("help", "h", false));

  /** The text of {@code --help}. */
  static final String HELP =
      """
      Usage: lbkit plan -f FILE [--nodes FILE] [--provider fake] [--cluster NAME] [-o text|json]

      Shows the cloud operations that an ensure would issue for a LoadBalancer Service when
      nothing exists in the cloud yet, in order, one per line. The Service is validated first;
      an invalid one prints its problems instead.

      Options:
        -f, --file FILE       the Service manifest, YAML or JSON, one document; - reads standard input
            --nodes FILE      the cluster's nodes, a NodeList or Node documents; they become the
                              pool members (default: none, so the plan adds no members)
            --provider NAME   fake: run the fake provider against an empty fake cloud and print
                              its journal of API calls, reads included, and the resulting status;
                              without it, print the planner's operations
            --cluster NAME    the cluster's name, part of the owner marker (default: default)
        -o, --output FMT      text (default) or json
        -h, --help            show this help

      Exit codes: 0 planned, 1 invalid Service or nothing can be planned, 2 unreadable input or
      a wrong command line.
      """;

  private PlanCommand() {}

  /**
   * Runs the command.
   *
   * @param argv the arguments after {@code plan}
   * @param io the streams
   * @return the exit code
   */
  static int run(List<String> argv, Io io) {
    Args args = Args.parse(NAME, argv, OPTIONS, 0);
    if (args.has("help")) {
      io.out().print(HELP);
      return 0;
    }
    Format format = Format.of(NAME, args.get("output"));
    String provider = args.get("provider");
    if (provider != null && !provider.equals(FakeLoadBalancerProvider.NAME)) {
      throw new UsageException(NAME + ": --provider must be " + FakeLoadBalancerProvider.NAME + ", got '" + provider
          + "'; leave it out for the planner's operations");
    }
    ServiceInput input = ServiceInput.read(NAME, args, io);
    LoadBalancerSpec spec = input.spec();
    if (spec == null) {
      return invalid(input, format, io);
    }
    List<String> notes = new ArrayList<>(input.notes());
    if (!input.nodesGiven()) {
      notes.add("no nodes given (--nodes): the pools get no members");
    } else if (spec.backends().isEmpty() && input.nodeCount() > 0) {
      String which = input.nodeCount() == 1 ? "the 1 node given may not be a backend"
          : "none of the " + input.nodeCount() + " nodes given may be a backend";
      notes.add(which + " (excluded by label, being deleted, tainted for deletion by the autoscaler, or without"
          + " an address): the pools get no members");
    }
    return provider == null ? planner(spec, input, notes, format, io) : fake(spec, input, notes, format, io);
  }

  private static int planner(LoadBalancerSpec spec, ServiceInput input, List<String> notes, Format format, Io io) {
    if (spec.attachment() instanceof Attachment.Existing existing) {
      return cannotPlan(input, new IllegalArgumentException("the Service attaches to the existing load balancer "
          + existing.loadBalancerId() + " (kubernetes.io/elb.id), which an empty cloud does not have; plan with"
          + " --provider fake to see the calls that look for it, or plan a Service with"
          + " kubernetes.io/elb.autocreate instead"), format, io);
    }
    Plan plan;
    try {
      plan = Planner.plan(spec, Optional.empty());
    } catch (IllegalArgumentException | LoadBalancerException e) {
      return cannotPlan(input, e, format, io);
    }
    List<Operation> ops = plan.operations();
    if (format == Format.JSON) {
      Map<String, @Nullable Object> o = head(input, "planner");
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        list.add(OperationView.json(i + 1, ops.get(i), spec.cloudOptions()));
      }
      o.put("operations", list);
      o.put("notes", notes);
      io.out().println(Json.write(o));
      return 0;
    }
    List<String> lines = new ArrayList<>();
    lines.add("Plan for Service " + input.name() + " from an empty cloud: " + count(ops.size(), "operation"));
    lines.addAll(OperationView.numbered(ops.stream().map(op -> OperationView.text(op, spec.cloudOptions())).toList()));
    notes.forEach(n -> lines.add("note: " + n));
    io.print(lines);
    return 0;
  }

  private static int fake(LoadBalancerSpec spec, ServiceInput input, List<String> notes, Format format, Io io) {
    FakeCloud cloud = FakeCloud.create(0);
    FakeLoadBalancerProvider provider = FakeLoadBalancerProvider.over(cloud);
    LoadBalancerResult result;
    try {
      result = provider.ensure(spec);
    } catch (InvalidServiceException e) {
      return invalid(new ServiceInput(input.name(), null, e.problems(), input.notes(), input.nodesGiven(),
          input.nodeCount()), format, io);
    } catch (LoadBalancerException | IllegalArgumentException e) {
      return cannotPlan(input, e, format, io);
    }
    List<Call> journal = cloud.journal();
    if (format == Format.JSON) {
      Map<String, @Nullable Object> o = head(input, FakeLoadBalancerProvider.NAME);
      List<Object> calls = new ArrayList<>();
      for (Call c : journal) {
        Map<String, @Nullable Object> co = Json.object();
        co.put("seq", c.seq());
        co.put("call", c.operation().name());
        co.put("write", c.operation().mutating());
        co.put("resource", c.resource());
        co.put("outcome", c.outcome());
        calls.add(co);
      }
      o.put("calls", calls);
      List<Object> ingress = new ArrayList<>();
      for (Ingress i : result.status().ingress()) {
        Map<String, @Nullable Object> entry = Json.object();
        entry.put("ip", i.ip());
        entry.put("hostname", i.hostname());
        entry.put("ipMode", i.ipMode().wireValue());
        ingress.add(entry);
      }
      Map<String, @Nullable Object> r = Json.object();
      r.put("loadBalancerId", result.status().loadBalancerId());
      r.put("ingress", ingress);
      r.put("annotations", new TreeMap<>(result.annotations()));
      r.put("warnings", result.warnings().stream().map(w -> w.reason() + ": " + w.message()).toList());
      o.put("result", r);
      o.put("notes", notes);
      io.out().println(Json.write(o));
      return 0;
    }
    long writes = journal.stream().filter(c -> c.operation().mutating()).count();
    List<String> lines = new ArrayList<>();
    lines.add("Calls of the fake provider's ensure of Service " + input.name() + " on an empty fake cloud: "
        + count(journal.size(), "call") + ", " + count((int) writes, "write"));
    Table table = new Table(List.of("#", "KIND", "CALL", "RESOURCE", "OUTCOME"), 0, 0, 0, 0, 0);
    for (Call c : journal) {
      table.add(List.of(Long.toString(c.seq()), c.operation().mutating() ? "write" : "read",
          OperationView.words(c.operation().name(), " "), c.resource(), c.outcome()));
    }
    table.render().forEach(l -> lines.add("  " + l));
    lines.add("Result: load balancer " + result.status().loadBalancerId());
    for (Ingress i : result.status().ingress()) {
      lines.add("  ingress " + (i.ip() != null ? i.ip() : i.hostname()) + ", ipMode " + i.ipMode().wireValue());
    }
    new TreeMap<>(result.annotations()).forEach((k, v) -> lines.add("  written back " + k + ": " + v));
    for (ProviderWarning w : result.warnings()) {
      lines.add("  warning " + w.reason() + ": " + w.message());
    }
    notes.forEach(n -> lines.add("note: " + n));
    io.print(lines);
    return 0;
  }

  private static Map<String, @Nullable Object> head(ServiceInput input, String source) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("service", input.name());
    o.put("valid", true);
    o.put("source", source);
    return o;
  }

  private static int invalid(ServiceInput input, Format format, Io io) {
    if (format == Format.JSON) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("service", input.name());
      o.put("valid", false);
      o.put("problems", SpecView.problemsJson(input.problems()));
      o.put("notes", input.notes());
      io.out().println(Json.write(o));
      return 1;
    }
    int n = input.problems().size();
    List<String> lines = new ArrayList<>();
    lines.add("plan: Service " + input.name() + " is invalid (" + count(n, "problem") + "); fix it and plan again:");
    lines.addAll(SpecView.problems(input.problems()));
    input.notes().forEach(note -> lines.add("note: " + note));
    io.print(lines);
    return 1;
  }

  private static int cannotPlan(ServiceInput input, RuntimeException e, Format format, Io io) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!message.startsWith(NAME + " ")) {
      message = NAME + " " + input.name() + ": " + message;
    }
    if (format == Format.JSON) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("service", input.name());
      o.put("valid", true);
      o.put("error", message);
      io.out().println(Json.write(o));
    } else {
      io.err().println(message);
    }
    return 1;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
