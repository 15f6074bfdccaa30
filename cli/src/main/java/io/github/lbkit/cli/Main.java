package io.github.lbkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * The {@code lbkit} command: {@code validate}, {@code plan} and {@code annotations}.
 *
 * <p>Exit codes: 0 success, 1 an invalid Service or nothing that can be planned, 2 a wrong command line or input
 * that cannot be read (an unknown option, a missing file, a document that is not a Service).
 */
public final class Main {

  /** Exit code of success. */
  public static final int OK = 0;

  /** Exit code of an invalid Service, or a Service that cannot be planned. */
  public static final int INVALID = 1;

  /** Exit code of a wrong command line or unreadable input. */
  public static final int USAGE = 2;

  private static final String HELP =
      """
      Usage: lbkit <command> [options]

      Checks Kubernetes LoadBalancer Services against lbkit's CCE annotation dialect
      (kubernetes.io/elb.*) and shows what lbkit would do in the cloud, without a cluster
      or a cloud account.

      Commands:
        validate      check a Service and summarise the load balancer it asks for
        plan          list the cloud operations an ensure would issue from an empty cloud
        migrate       tell, per Service of a cluster dump, what lbkit would take over from CCE
        annotations   list every annotation: type, default, allowed values, mutability

      Options:
        -h, --help    show this help (lbkit <command> --help shows a command's options)
        --version     show the version

      Every command takes -o json for scripts.
      Exit codes: 0 success, 1 invalid Service, 2 wrong command line or unreadable input.
      """;

  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, System.in, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command without exiting the JVM.
   *
   * @param args the command line: the command, then its options
   * @param in standard input, read by {@code -f -}
   * @param out where results go
   * @param err where errors go
   * @return the exit code: {@link #OK}, {@link #INVALID} or {@link #USAGE}
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Objects.requireNonNull(args, "args");
    Io io = new Io(in, out, err);
    if (args.length == 0) {
      err.print(HELP);
      return USAGE;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (command) {
        case "-h", "--help", "help" -> {
          out.print(HELP);
          return OK;
        }
        case "--version", "version" -> {
          out.println("lbkit " + version());
          return OK;
        }
        case ValidateCommand.NAME -> {
          return ValidateCommand.run(rest, io);
        }
        case PlanCommand.NAME -> {
          return PlanCommand.run(rest, io);
        }
        case MigrateCommand.NAME -> {
          return MigrateCommand.run(rest, io);
        }
        case AnnotationsCommand.NAME -> {
          return AnnotationsCommand.run(rest, io);
        }
        default -> {
          String what = command.startsWith("-") ? "unknown option " + command : "unknown command '" + command + "'";
          err.println("lbkit: " + what + "; the commands are validate, plan, migrate and annotations (see lbkit --help)");
          return USAGE;
        }
      }
    } catch (UsageException e) {
      err.println(e.getMessage());
      return USAGE;
    }
  }

  /**
   * Returns lbkit's version.
   *
   * @return the version of this build, for example {@code 0.1.0}
   */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("version: cannot read version.properties", e);
    }
    return p.getProperty("version", "unknown");
  }
}
