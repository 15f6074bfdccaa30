package io.github.lbkit.cli;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.InvalidServiceException;
import io.github.lbkit.api.ListenerSpec;
import io.github.lbkit.api.LoadBalancerException;
import io.github.lbkit.api.LoadBalancerProvider;
import io.github.lbkit.api.LoadBalancerSpec;
import io.github.lbkit.api.Problem;
import io.github.lbkit.api.plan.Operation;
import io.github.lbkit.api.plan.Plan;
import io.github.lbkit.cce.CceServiceTranslator;
import io.github.lbkit.cce.TranslatorOptions;
import io.github.lbkit.fake.FakeCloud;
import io.github.lbkit.fake.FakeLoadBalancerProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code lbkit migrate}: reads a dump of a cluster's Services and tells, per Service, what the service controller
 * with adoption on would do: adopt the load balancer CCE's controller created (and which listeners and EIP it
 * takes over), attach, create, keep, or refuse, with the reason. Never writes to a cloud: with a provider, only
 * its read calls run ({@link LoadBalancerProvider#preview}); without one, the Services' annotations alone are
 * judged.
 */
final class MigrateCommand {

  /** The command's name. */
  static final String NAME = "migrate";

  /** The options the command accepts. */
  static final List<Args.Option> OPTIONS =
      List.of(
          new Args.Option("file", "f", true),
          new Args.Option("provider", null, true),
          new Args.Option("cluster", null, true),
          new Args.Option("output", "o", true),
          new Args.Option("help", "h", false));

  /** The text of {@code --help}. */
  static final String HELP =
      """
      Usage: lbkit migrate -f FILE [--provider fake] [--cluster NAME] [-o text|json]

      Reads the Services of a cluster (the output of kubectl get svc -A -o yaml) and prints,
      per LoadBalancer Service, what lbkit's controller with adoption on would do: adopt the
      load balancer CCE's controller created (which listeners and EIP it takes over), attach
      to an existing one, create one, keep the one it already owns, or refuse, with the reason.
      Nothing is written to any cloud.

      Options:
        -f, --file FILE       the Services: a List or ServiceList, or Service documents; - reads
                              standard input
            --provider NAME   fake: check each Service against an empty fake cloud with the
                              provider's read calls only; without it, judge from the annotations
                              alone (the load balancers are checked when adoption runs)
            --cluster NAME    the cluster's name, part of the owner marker (default: default)
        -o, --output FMT      text (default) or json
        -h, --help            show this help

      Exit codes: 0 nothing would be refused, 1 some Service would be refused, 2 unreadable
      input or a wrong command line.
      """;

  /**
   * What the controller would do with one Service.
   *
   * @param service namespace/name
   * @param action adopt, attach, create, keep, refuse or skip
   * @param loadBalancerId the load balancer concerned, or null
   * @param eipId the EIP taken over, or null
   * @param listeners the listeners taken over (adopt) or wanted, as {@code PROTOCOL:port}
   * @param reason why, in a sentence
   */
  record Verdict(String service, String action, @Nullable String loadBalancerId, @Nullable String eipId,
      List<String> listeners, String reason) {}

  private MigrateCommand() {}

  /**
   * Runs the command.
   *
   * @param argv the arguments after {@code migrate}
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
    String file = args.get("file");
    if (file == null) {
      throw new UsageException(NAME + ": -f FILE is required; give the output of kubectl get svc -A -o yaml, or"
          + " -f - to read it from standard input");
    }
    String providerName = args.get("provider");
    LoadBalancerProvider provider = null;
    if (providerName != null) {
      if (!providerName.equals(FakeLoadBalancerProvider.NAME)) {
        throw new UsageException(NAME + ": --provider must be " + FakeLoadBalancerProvider.NAME + ", got '"
            + providerName + "'; leave it out to judge from the annotations alone (the CLI does not ship the"
            + " huaweicloud provider; an application embedding it can call its preview)");
      }
      provider = FakeLoadBalancerProvider.over(FakeCloud.create(0));
    }
    String cluster = args.get("cluster", "default");
    if (cluster.isBlank()) {
      throw new UsageException(NAME + ": --cluster must not be blank; give the cluster's name");
    }
    List<Service> services = new Manifests(NAME, io.in()).services(file);
    List<Verdict> verdicts = report(services, provider, cluster);
    String source = provider == null ? "annotations" : provider.name();
    print(verdicts, source, format, io);
    return verdicts.stream().anyMatch(v -> v.action().equals("refuse")) ? 1 : 0;
  }

  /**
   * Judges every Service.
   *
   * @param services the Services of the dump
   * @param provider the provider whose read calls check the load balancers, or null to judge from annotations
   * @param cluster the cluster's name
   * @return one verdict per Service, in order
   */
  static List<Verdict> report(List<Service> services, @Nullable LoadBalancerProvider provider, String cluster) {
    CceServiceTranslator translator = new CceServiceTranslator(TranslatorOptions.of(cluster).withAdoption(true));
    List<Verdict> out = new ArrayList<>();
    for (Service svc : services) {
      out.add(judge(svc, translator, provider));
    }
    return out;
  }

  private static Verdict judge(Service svc, CceServiceTranslator translator, @Nullable LoadBalancerProvider p) {
    ObjectMeta meta = svc.getMetadata() == null ? new ObjectMeta() : svc.getMetadata();
    String name = meta.getNamespace() + "/" + meta.getName();
    if (svc.getSpec() == null || !"LoadBalancer".equals(svc.getSpec().getType())) {
      return new Verdict(name, "skip", null, null, List.of(), "not a LoadBalancer Service");
    }
    if (svc.getSpec().getLoadBalancerClass() != null) {
      return new Verdict(name, "skip", null, null, List.of(), "spec.loadBalancerClass "
          + svc.getSpec().getLoadBalancerClass() + " names another controller");
    }
    if (meta.getUid() == null || meta.getUid().isBlank()) {
      meta.setUid(ServiceInput.PLACEHOLDER_UID);
    }
    LoadBalancerSpec spec;
    try {
      List<Problem> unknown = translator.unknownAnnotations(svc);
      spec = translator.translate(svc, List.of(), List.<EndpointSlice>of());
      if (!unknown.isEmpty()) {
        return refuse(name, null, "unknown annotation keys: " + problems(unknown));
      }
    } catch (InvalidServiceException e) {
      return refuse(name, null, "the Service is invalid: " + problems(e.problems()));
    }
    List<String> ports = spec.listeners().stream().map(ListenerSpec::id).toList();
    if (p != null) {
      return preview(name, spec, ports, p);
    }
    Adoption adoption = spec.adoption();
    if (spec.recorded() != null) {
      return new Verdict(name, "keep", spec.recorded().loadBalancerId(), null, ports,
          "lbkit already serves it (its creation record names the load balancer)");
    }
    if (adoption != null && adoption.byId()) {
      return new Verdict(name, "adopt", adoption.loadBalancerId(), adoption.eipId(), ports,
          "CCE's controller created it (it wrote back kubernetes.io/elb.id"
              + (adoption.eipId() == null ? "" : " and elb.eip-id") + "); taken over with its addresses if class,"
              + " VPC, listeners and markers match, else refused before any write");
    }
    if (spec.attachment() instanceof Attachment.Existing existing) {
      return new Verdict(name, "attach", existing.loadBalancerId(), null, ports,
          "kubernetes.io/elb.id without elb.autocreate: lbkit adds the Service's listeners, if the attach"
              + " policy allows it");
    }
    Attachment.AutoCreate auto = (Attachment.AutoCreate) spec.attachment();
    return new Verdict(name, "create", null, null, ports, "a new " + auto.type().name().toLowerCase(
        java.util.Locale.ROOT) + " load balancer " + auto.name() + ", unless one unmarked load balancer named "
        + String.join(" or ", adoption == null ? List.of(auto.name()) : adoption.names())
        + " is in the cluster's VPC: that one is adopted");
  }

  private static Verdict preview(String name, LoadBalancerSpec spec, List<String> ports, LoadBalancerProvider p) {
    Plan plan;
    try {
      p.capabilities().check(spec, p.name());
      plan = p.preview(spec);
    } catch (InvalidServiceException e) {
      return refuse(name, null, problems(e.problems()));
    } catch (LoadBalancerException | IllegalArgumentException | UnsupportedOperationException e) {
      return refuse(name, null, String.valueOf(e.getMessage()));
    }
    List<Operation> ops = plan.operations();
    String lb = null;
    String eip = null;
    List<String> taken = new ArrayList<>();
    for (Operation op : ops) {
      if (op instanceof Operation.MarkLoadBalancer m && m.owner() != null) {
        lb = m.loadBalancerId();
      } else if (op instanceof Operation.MarkEip m && m.owner() != null) {
        eip = m.eipId();
      } else if (op instanceof Operation.MarkListener m && m.owner() != null) {
        taken.add(m.key());
      }
    }
    int rest = (int) ops.stream().filter(o -> !Operation.isMark(o)).count();
    String then = rest == 0 ? "nothing else changes" : "then " + rest + " more operation" + (rest == 1 ? "" : "s")
        + " converge it: " + ops.stream().filter(o -> !Operation.isMark(o))
            .map(o -> OperationView.text(o, spec.cloudOptions())).collect(Collectors.joining("; "));
    if (lb != null) {
      return new Verdict(name, "adopt", lb, eip, taken, "the load balancer matches; " + then);
    }
    if (spec.attachment() instanceof Attachment.Existing existing) {
      return new Verdict(name, "attach", existing.loadBalancerId(), null, ports, then);
    }
    if (ops.stream().anyMatch(Operation.CreateLoadBalancer.class::isInstance)) {
      return new Verdict(name, "create", null, null, ports, "nothing to adopt; " + then);
    }
    return new Verdict(name, "keep", spec.hints().loadBalancerId(), null, ports, "lbkit already owns it; " + then);
  }

  private static Verdict refuse(String name, @Nullable String lb, String reason) {
    return new Verdict(name, "refuse", lb, null, List.of(), reason);
  }

  private static String problems(List<Problem> problems) {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }

  private static void print(List<Verdict> verdicts, String source, Format format, Io io) {
    Map<String, Integer> summary = new LinkedHashMap<>();
    for (String a : List.of("adopt", "attach", "create", "keep", "refuse", "skip")) {
      summary.put(a, (int) verdicts.stream().filter(v -> v.action().equals(a)).count());
    }
    String judged = source.equals("annotations")
        ? "judged from the annotations alone; no cloud was read, and each load balancer is checked when adoption"
            + " runs"
        : "checked with the " + source + " provider's read calls; nothing was written";
    if (format == Format.JSON) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("source", source);
      o.put("judged", judged);
      List<Object> list = new ArrayList<>();
      for (Verdict v : verdicts) {
        Map<String, @Nullable Object> vo = Json.object();
        vo.put("service", v.service());
        vo.put("action", v.action());
        vo.put("loadBalancerId", v.loadBalancerId());
        vo.put("eipId", v.eipId());
        vo.put("listeners", v.listeners());
        vo.put("reason", v.reason());
        list.add(vo);
      }
      o.put("services", list);
      o.put("summary", summary);
      io.out().println(Json.write(o));
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add("Migration report for " + verdicts.size() + " Service" + (verdicts.size() == 1 ? "" : "s") + ", "
        + judged + ":");
    for (Verdict v : verdicts) {
      StringBuilder head = new StringBuilder("  ").append(v.service()).append(": ").append(v.action());
      if (v.loadBalancerId() != null) {
        head.append(" load balancer ").append(v.loadBalancerId());
      }
      if (v.action().equals("adopt")) {
        List<String> parts = new ArrayList<>();
        if (v.eipId() != null) {
          parts.add("EIP " + v.eipId());
        }
        if (!v.listeners().isEmpty()) {
          parts.add("listeners " + String.join(", ", v.listeners()));
        }
        if (!parts.isEmpty()) {
          head.append(", taking over ").append(String.join(" and ", parts));
        }
      }
      lines.add(head.toString());
      lines.add("      " + v.reason());
    }
    lines.add("Summary: " + summary.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    io.print(lines);
  }
}
