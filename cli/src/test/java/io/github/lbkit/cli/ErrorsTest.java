package io.github.lbkit.cli;

import static io.github.lbkit.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong command lines and unreadable input: exit code 2, nothing on standard output, one clear message. */
class ErrorsTest {

  @TempDir static Path tmp;

  static Stream<Arguments> cases() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.yaml"), "\n");
    String service = fixture("nginx-service-allocated.yaml");
    return Stream.of(
        Arguments.of("missing -f", List.of("validate"), "validate: -f FILE is required"),
        Arguments.of("unknown option", List.of("plan", "-f", service, "--dry-run"),
            "plan: unknown option --dry-run; the options are -f/--file, --nodes, --provider"),
        Arguments.of("option without its value", List.of("validate", "-f"), "validate: option -f needs a value"),
        Arguments.of("option given twice", List.of("validate", "-f", service, "-f", service),
            "validate: option --file is given twice"),
        Arguments.of("flag with a value", List.of("annotations", "--help=yes"),
            "annotations: option --help takes no value"),
        Arguments.of("positional argument", List.of("validate", service),
            "validate: unexpected argument '" + service + "'"),
        Arguments.of("unknown output format", List.of("annotations", "-o", "yaml"),
            "annotations: -o must be text or json, got 'yaml'"),
        Arguments.of("unknown provider", List.of("plan", "-f", service, "--provider", "huaweicloud"),
            "plan: --provider must be fake, got 'huaweicloud'"),
        Arguments.of("blank cluster", List.of("validate", "-f", service, "--cluster", " "),
            "validate: --cluster must not be blank"),
        Arguments.of("missing file", List.of("validate", "-f", "no-such-service.yaml"),
            "validate: cannot read no-such-service.yaml: no such file"),
        Arguments.of("a directory", List.of("validate", "-f", tmp.toString()),
            "validate: cannot read " + tmp),
        Arguments.of("empty file", List.of("validate", "-f", empty.toString()),
            "validate: " + empty + " is empty; give a YAML or JSON manifest"),
        Arguments.of("a Deployment", List.of("plan", "-f", fixture("nginx-deployment.yaml")),
            "plan: " + fixture("nginx-deployment.yaml") + " holds a Deployment, not a Service"),
        Arguments.of("two documents", List.of("validate", "-f", fixture("two-services.yaml")),
            "validate: " + fixture("two-services.yaml") + " holds 2 documents; give a file with one Service"),
        Arguments.of("broken YAML", List.of("validate", "-f", fixture("broken.yaml")),
            "validate: " + fixture("broken.yaml") + " is not a readable YAML or JSON manifest: "),
        Arguments.of("nodes that are not Nodes", List.of("plan", "-f", service, "--nodes", service),
            "plan: " + service + " holds a Service, not a Node; give a NodeList or Node documents"),
        Arguments.of("both from standard input", List.of("plan", "-f", "-", "--nodes", "-"),
            "plan: -f - and --nodes - cannot both read standard input"),
        Arguments.of("empty standard input", List.of("validate", "-f", "-"),
            "validate: standard input is empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitCode2WithAMessageThatStartsWithTheCommand(String name, List<String> args, String message) {
    Cli.Result r = Cli.run(new ArrayList<>(args).toArray(String[]::new));
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith(message);
    assertThat(r.err().lines().count()).isEqualTo(1);
  }
}
