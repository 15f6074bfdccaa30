package io.github.lbkit.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The streams a command works with.
 *
 * @param in standard input, read by {@code -f -}
 * @param out where results go
 * @param err where errors go
 */
record Io(InputStream in, PrintStream out, PrintStream err) {
  Io {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /**
   * Prints lines to {@link #out}.
   *
   * @param lines the lines
   */
  void print(Iterable<String> lines) {
    for (String line : lines) {
      out.println(line);
    }
  }
}
