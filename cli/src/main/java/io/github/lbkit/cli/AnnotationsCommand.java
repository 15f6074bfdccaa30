package io.github.lbkit.cli;

import io.github.lbkit.cce.AnnotationDef;
import io.github.lbkit.cce.CceAnnotations;
import io.github.lbkit.cce.JsonFieldDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code lbkit annotations}: the catalogue of every annotation lbkit reads or writes. */
final class AnnotationsCommand {

  /** The command's name. */
  static final String NAME = "annotations";

  /** The options the command accepts. */
  static final List<Args.Option> OPTIONS =
      List.of(new Args.Option("output", "o", true), new Args.Option("help", "h", false));

  /** The text of {@code --help}. */
  static final String HELP =
      """
      Usage: lbkit annotations [-o text|json]

      Lists every Service annotation of the CCE dialect that lbkit reads or writes: its key,
      type, default, whether it may change after the load balancer is created, the load
      balancer class it applies to, and its allowed values. -o json adds each annotation's
      doc, exclusions and JSON fields.

      Options:
        -o, --output FMT    text (default) or json
        -h, --help          show this help
      """;

  private AnnotationsCommand() {}

  /**
   * Runs the command.
   *
   * @param argv the arguments after {@code annotations}
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
    List<AnnotationDef> all = CceAnnotations.all();
    if (format == Format.JSON) {
      List<Object> list = new ArrayList<>();
      for (AnnotationDef d : all) {
        list.add(json(d));
      }
      Map<String, @Nullable Object> o = Json.object();
      o.put("annotations", list);
      io.out().println(Json.write(o));
      return 0;
    }
    Table table = new Table(List.of("KEY", "TYPE", "DEFAULT", "MUTABLE", "APPLIES TO", "ALLOWED"), 0, 0, 24, 0, 0,
        50);
    for (AnnotationDef d : all) {
      table.add(List.of(d.key(), words(d.type().name()), d.defaultValue() == null ? "-" : d.defaultValue(),
          mutable(d.mutability()), applies(d.appliesTo()), d.allowed()));
    }
    io.print(table.render());
    io.out().println();
    io.out().println(all.size() + " annotations. MUTABLE: yes = applied on change; no = refused after creation;");
    io.out().println("creation only = later changes have no effect; written back = set by lbkit.");
    return 0;
  }

  private static Map<String, @Nullable Object> json(AnnotationDef d) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("key", d.key());
    o.put("type", d.type().name());
    o.put("default", d.defaultValue());
    o.put("allowed", d.allowed());
    o.put("mutability", d.mutability().name());
    o.put("mutableAfterCreation", d.mutability() == AnnotationDef.Mutability.MUTABLE);
    o.put("appliesTo", d.appliesTo().name());
    o.put("excludes", d.excludes());
    o.put("doc", d.doc());
    List<Object> fields = new ArrayList<>();
    for (JsonFieldDef f : d.fields()) {
      Map<String, @Nullable Object> fo = Json.object();
      fo.put("name", f.name());
      fo.put("type", f.type().name());
      fo.put("required", f.required());
      fo.put("default", f.defaultValue());
      fo.put("allowed", f.allowed());
      fo.put("appliesTo", f.appliesTo().name());
      fo.put("doc", f.doc());
      fields.add(fo);
    }
    o.put("fields", fields);
    return o;
  }

  private static String mutable(AnnotationDef.Mutability m) {
    return switch (m) {
      case MUTABLE -> "yes";
      case FIXED -> "no";
      case CREATION_ONLY -> "creation only";
      case WRITTEN_BACK -> "written back";
    };
  }

  private static String applies(AnnotationDef.Applies a) {
    return switch (a) {
      case ALL -> "all";
      case SHARED -> "shared";
      case DEDICATED -> "dedicated";
    };
  }

  private static String words(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
