package io.github.lbkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code $ lbkit ...} example in README.md prints what the README shows, with the exit code it shows: the
 * examples are real output and stay so.
 */
class ReadmeTest {

  /** The README's file names and the fixtures they are. */
  private static final Map<String, String> FILES = Map.of(
      "nginx-service.yaml", "nginx-service-passthrough.yaml",
      "nginx-service-allocated.yaml", "nginx-service-allocated.yaml",
      "nodes.yaml", "nodes.yaml",
      "shop.yaml", "invalid-service.yaml",
      "typo.yaml", "misspelt-key-service.yaml",
      "nginx-deployment.yaml", "nginx-deployment.yaml",
      "services.yaml", "services-dump.yaml");

  private static final Pattern EXAMPLE = Pattern.compile(
      "```console\\n\\$ lbkit ([^\\n]*)\\n(.*?)```(\\n\\n\\(exit code (\\d)\\))?", Pattern.DOTALL);

  @TempDir static Path dir;

  static Stream<Arguments> examples() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      Files.copy(Path.of(Cli.fixture(f.getValue())), dir.resolve(f.getKey()));
    }
    List<Arguments> out = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(readme);
    while (m.find()) {
      int code = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      out.add(Arguments.of(m.group(1), m.group(2), code));
    }
    assertThat(out).as("examples in README.md").hasSizeGreaterThan(8);
    return out.stream();
  }

  @ParameterizedTest(name = "lbkit {0}")
  @MethodSource("examples")
  void exampleOutputIsReal(String commandLine, String shown, int shownCode) {
    List<String> args = new ArrayList<>();
    for (String a : commandLine.split(" ")) {
      args.add(FILES.containsKey(a) ? dir.resolve(a).toString() : a);
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    String printed = (r.out() + r.err()).replace(dir + java.io.File.separator, "");
    assertThat(printed).isEqualTo(shown);
    assertThat(r.code()).isEqualTo(shownCode);
  }
}
