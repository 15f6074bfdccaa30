package io.github.lbkit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@link Main#run} in memory and captures what it prints. */
final class Cli {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /**
   * What one run printed and returned.
   *
   * @param code the exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {

    /** Parses standard output as JSON. */
    JsonNode json() {
      return MAPPER.readTree(out);
    }

    /** Returns standard output's lines. */
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private Cli() {}

  /** Runs with empty standard input. */
  static Result run(String... args) {
    return runWithStdin("", args);
  }

  /** Runs with the given text on standard input. */
  static Result runWithStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, in, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Returns the path of a test resource. */
  static String fixture(String name) {
    URL url = Cli.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the text values of one field of every element of a JSON array. */
  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.get(field).asString());
    }
    return out;
  }
}
