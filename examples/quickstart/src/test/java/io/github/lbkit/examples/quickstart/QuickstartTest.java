package io.github.lbkit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main job, run as a test: the whole pass-through procedure must pass. */
class QuickstartTest {

  @Test
  void theProcedurePassesEndToEnd() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      status = new Quickstart(out).run();
    }
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(status).as(output).isZero();
    assertThat(output)
        .contains("ipMode: Proxy")
        .contains("connections: 0")
        .contains("<title>Welcome to nginx!</title>")
        .contains("connections: 1")
        .contains("cloud resources left: 0")
        .endsWith("s" + System.lineSeparator());
    assertThat(output.indexOf("connections: 0")).isLessThan(output.indexOf("Welcome to nginx!"));
    assertThat(output.indexOf("Welcome to nginx!")).isLessThan(output.indexOf("connections: 1"));
  }
}
