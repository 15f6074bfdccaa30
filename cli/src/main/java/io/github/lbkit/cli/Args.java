package io.github.lbkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of one command, parsed by hand: {@code --name value}, {@code --name=value}, {@code -n value},
 * flags without a value, and no positional arguments unless the command allows them.
 */
final class Args {

  /**
   * One option a command accepts.
   *
   * @param name the long name without dashes, used as the key
   * @param shortName the one-letter alias, or null
   * @param takesValue whether a value follows
   */
  record Option(String name, @Nullable String shortName, boolean takesValue) {
    Option {
      Objects.requireNonNull(name, "name");
    }
  }

  private final Map<String, String> values;
  private final List<String> positionals;

  private Args(Map<String, String> values, List<String> positionals) {
    this.values = values;
    this.positionals = positionals;
  }

  /**
   * Parses the arguments of a command.
   *
   * @param command the command's name, for messages
   * @param args the arguments after the command name
   * @param options the options the command accepts
   * @param maxPositionals how many positional arguments the command accepts
   * @return the parsed arguments
   * @throws UsageException on an unknown option, a missing value, a repeated option or too many arguments
   */
  static Args parse(String command, List<String> args, List<Option> options, int maxPositionals) {
    Map<String, Option> byName = new LinkedHashMap<>();
    for (Option o : options) {
      byName.put("--" + o.name(), o);
      if (o.shortName() != null) {
        byName.put("-" + o.shortName(), o);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-") || !arg.startsWith("-")) {
        if (positionals.size() >= maxPositionals) {
          throw new UsageException(command + ": unexpected argument '" + arg + "'; options take the form --name"
              + " value (see lbkit " + command + " --help)");
        }
        positionals.add(arg);
        continue;
      }
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      Option o = byName.get(name);
      if (o == null) {
        throw new UsageException(command + ": unknown option " + name + "; the options are " + names(options)
            + " (see lbkit " + command + " --help)");
      }
      String value;
      if (!o.takesValue()) {
        if (inline != null) {
          throw new UsageException(command + ": option --" + o.name() + " takes no value, got '" + inline + "'");
        }
        value = "true";
      } else if (inline != null) {
        value = inline;
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException(command + ": option " + name + " needs a value (see lbkit " + command
            + " --help)");
      }
      if (values.put(o.name(), value) != null) {
        throw new UsageException(command + ": option --" + o.name() + " is given twice; give it once");
      }
    }
    return new Args(values, positionals);
  }

  private static String names(List<Option> options) {
    List<String> out = new ArrayList<>();
    for (Option o : options) {
      out.add(o.shortName() == null ? "--" + o.name() : "-" + o.shortName() + "/--" + o.name());
    }
    return String.join(", ", out);
  }

  /**
   * Returns an option's value.
   *
   * @param name the long name
   * @return the value, or null when not given
   */
  @Nullable String get(String name) {
    return values.get(name);
  }

  /**
   * Returns an option's value or a default.
   *
   * @param name the long name
   * @param defaultValue the value when not given
   * @return the value
   */
  String get(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  /**
   * Tells whether a flag or option was given.
   *
   * @param name the long name
   * @return true when given
   */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * Returns the positional arguments.
   *
   * @return the arguments that are not options, in order
   */
  List<String> positionals() {
    return List.copyOf(positionals);
  }
}
