package io.github.lbkit.cli;

import static io.github.lbkit.cli.Cli.fixture;
import static io.github.lbkit.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The top level: help, version, unknown commands, and help on every command. */
class MainTest {

  @Test
  void noArgumentsPrintsUsageToStandardErrorWithExitCode2() {
    Cli.Result r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Usage: lbkit <command>").contains("validate", "plan", "annotations");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--help", "-h", "help"})
  void helpPrintsUsageWithExitCode0(String flag) {
    Cli.Result r = run(flag);
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("Usage: lbkit <command>")
        .contains("validate ", "plan ", "annotations ", "--version", "-o json");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Cli.Result r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).matches("lbkit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(Main.version()).isNotEqualTo("unknown");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"deploy", "--verbose"})
  void unknownCommandOrOptionIsExitCode2NamingIt(String arg) {
    Cli.Result r = run(arg);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("lbkit: unknown ").contains(arg).contains("lbkit --help");
  }

  static Stream<Arguments> commandHelp() {
    return Stream.of("validate", "plan", "annotations")
        .flatMap(c -> Stream.of(Arguments.of(c, "--help"), Arguments.of(c, "-h")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("commandHelp")
  void everyCommandHasHelp(String command, String flag) {
    Cli.Result r = run(command, flag);
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("Usage: lbkit " + command).contains("-o, --output", "-h, --help");
  }

  @Test
  void helpWinsOverOtherOptionsAndReadsNoFile() {
    Cli.Result r = run("plan", "-f", "does-not-exist.yaml", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: lbkit plan");
  }

  @Test
  void optionsAcceptTheEqualsForm() {
    Cli.Result r = run("validate", "--file=" + fixture("nginx-service-allocated.yaml"), "--output=json");
    assertThat(r.code()).isZero();
    assertThat(r.json().get("valid").asBoolean()).isTrue();
  }
}
