package io.github.lbkit.cli;

import static io.github.lbkit.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded {@code target/lbkit.jar}, run as users run it: {@code java -jar lbkit.jar ...}. */
class ExecutableJarIT {

  private record Run(int code, String out, String err) {}

  private static Run java(String stdin, String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("lbkit.jar", "target/lbkit.jar"));
    assertThat(jar).as("the executable jar").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("lbkit-out", ".txt");
    Path err = Files.createTempFile("lbkit-err", ".txt");
    try {
      Process p = new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("lbkit finished").isTrue();
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void versionComesFromTheBuild() throws Exception {
    Run r = java("", "--version");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("lbkit " + Main.version());
  }

  @Test
  void planOfTheSeedServiceRunsFromTheJarWithoutWarnings() throws Exception {
    Run r = java("", "plan", "-f", fixture("nginx-service-allocated.yaml"), "--nodes", fixture("nodes.yaml"));
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("  1. create load balancer \"james\" (shared, public)", "  7. add 2 members");
  }

  @Test
  void validateReadsStandardInputAndExitsWith1WhenInvalid() throws Exception {
    String yaml = Files.readString(Path.of(fixture("invalid-service.yaml")), StandardCharsets.UTF_8);
    Run r = java(yaml, "validate", "-f", "-", "-o", "json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("\"valid\" : false");
  }

  @Test
  void aDeploymentIsExitCode2() throws Exception {
    Run r = java("", "plan", "-f", fixture("nginx-deployment.yaml"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("holds a Deployment, not a Service");
  }
}
