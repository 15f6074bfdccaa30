package io.github.lbkit.cli;

import io.github.lbkit.api.LoadBalancerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code lbkit validate}: checks a Service as the controller would, before any cloud call. */
final class ValidateCommand {

  /** The command's name. */
  static final String NAME = "validate";

  /** The options the command accepts. */
  static final List<Args.Option> OPTIONS =
      List.of(
          new Args.Option("file", "f", true),
          new Args.Option("cluster", null, true),
          new Args.Option("nodes", null, true),
          new Args.Option("output", "o", true),
          new Args.Option("help", "h", false));

  /** The text of {@code --help}. */
  static final String HELP =
      """
      Usage: lbkit validate -f FILE [--cluster NAME] [--nodes FILE] [-o text|json]

      Checks a LoadBalancer Service's kubernetes.io/elb.* annotations and fields with the
      CCE translator, exactly as the controller would, and prints every problem at once,
      each with its key, value and rule. When the Service is valid, prints a summary of the
      load balancer it asks for.

      Options:
        -f, --file FILE     the Service manifest, YAML or JSON, one document; - reads standard input
            --cluster NAME  the cluster's name, part of the owner marker (default: default)
            --nodes FILE    the cluster's nodes: a NodeList, or Node documents (default: none)
        -o, --output FMT    text (default) or json
        -h, --help          show this help

      A Service without metadata.namespace gets "default" and one without metadata.uid a
      placeholder, so a manifest fresh from the editor validates. An annotation key under
      kubernetes.io/elb or lbkit.io/ that lbkit does not know is a problem, named with the
      closest known key (a misspelt key would otherwise be ignored).

      Exit codes: 0 valid, 1 invalid, 2 unreadable input or a wrong command line.
      """;

  private ValidateCommand() {}

  /**
   * Runs the command.
   *
   * @param argv the arguments after {@code validate}
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
    ServiceInput input = ServiceInput.read(NAME, args, io);
    LoadBalancerSpec spec = input.spec();
    if (format == Format.JSON) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("service", input.name());
      o.put("valid", input.valid());
      o.put("problems", SpecView.problemsJson(input.problems()));
      o.put("notes", input.notes());
      o.put("spec", spec == null ? null : SpecView.json(spec));
      io.out().println(Json.write(o));
      return input.valid() ? 0 : 1;
    }
    List<String> lines = new ArrayList<>();
    if (spec == null) {
      int n = input.problems().size();
      lines.add("Service " + input.name() + " is invalid: " + n + (n == 1 ? " problem" : " problems"));
      lines.addAll(SpecView.problems(input.problems()));
    } else {
      lines.add("Service " + input.name() + " is valid");
      lines.addAll(SpecView.summary(spec));
    }
    input.notes().forEach(note -> lines.add("note: " + note));
    io.print(lines);
    return input.valid() ? 0 : 1;
  }
}
