package io.github.lbkit.cce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Renders the annotation reference {@code docs/annotations.md} from {@link CceAnnotations}. The build checks
 * that the committed file equals {@link #render()}; to regenerate it, run the provider-api tests with
 * {@code -Dlbkit.updateDocs=true}, or run this class with the file's path as its argument.
 */
public final class AnnotationDocs {

  private AnnotationDocs() {}

  /**
   * Writes the reference.
   *
   * @param args the output path; {@code docs/annotations.md} when absent
   * @throws IOException when the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/annotations.md");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, render(), StandardCharsets.UTF_8);
  }

  /**
   * Returns the reference as Markdown.
   *
   * @return the document
   */
  public static String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!-- Generated from io.github.lbkit.cce.CceAnnotations by AnnotationDocs; do not edit.\n")
        .append("     Regenerate: mvn -pl cce-translator test -Dlbkit.updateDocs=true -->\n\n")
        .append("# Service annotations (CCE dialect)\n\n")
        .append("lbkit reads the annotations of Huawei Cloud CCE (`kubernetes.io/elb.*`) on Services of")
        .append(" `type: LoadBalancer`. Every value is a string; numbers inside JSON values may be written as")
        .append(" strings or numbers. An invalid value is an error that names the key, the value and the rule;")
        .append(" it is never replaced by a default. All problems of a Service are reported at once.\n\n")
        .append("When a Service sets neither `kubernetes.io/elb.id` nor `kubernetes.io/elb.autocreate`, lbkit")
        .append(" auto-creates an **inner** (private) load balancer named `cce-lb-<service uid>` with every")
        .append(" other setting at its default, and deletes it with the Service.\n\n")
        .append("After creation:\n\n")
        .append("- **mutable**: changes are applied to the load balancer;\n")
        .append("- **fixed**: a change is refused (lbkit compares with its `lbkit.io/creation-record`);")
        .append(" delete and recreate the Service to change it;\n")
        .append("- **creation only**: read when the load balancer is created; later changes have no effect;\n")
        .append("- **written back**: set by lbkit; do not set or change it.\n\n")
        .append("`kubernetes.io/elb.mark`, which CCE writes for itself, and CCE's `kubernetes.io/elb.x-real-ip`")
        .append(" are known but ignored, as is `lbkit.io/written-back` (lbkit's list of the keys it wrote back).")
        .append(" Any other key starting with `kubernetes.io/elb` or `lbkit.io/` is taken for a misspelling,")
        .append(" named with the closest known key (\"did you mean kubernetes.io/elb.autocreate?\"): `lbkit")
        .append(" validate` and `lbkit plan` refuse it; the controller ignores it, serves the Service, and says so")
        .append(" once in a Warning Event with the reason `UnknownAnnotation`.\n\n")
        .append("## Service fields\n\n")
        .append("- `spec.ports`: one listener per port. TCP and UDP may be mixed; SCTP is refused. A TCP port named in")
        .append(" `kubernetes.io/elb.protocol-port` becomes an HTTP or HTTPS listener.\n")
        .append("- `spec.sessionAffinity: ClientIP`: sticky sessions by source IP, the timeout")
        .append(" (`sessionAffinityConfig.clientIP.timeoutSeconds`, 10800 by default) rounded up to minutes and")
        .append(" kept within 1-60. `kubernetes.io/elb.session-affinity-mode` wins; with")
        .append(" `kubernetes.io/elb.lb-algorithm: SOURCE_IP` no sticky session is added.\n")
        .append("- `spec.loadBalancerSourceRanges`: the client CIDRs allowed; when empty,")
        .append(" `service.beta.kubernetes.io/load-balancer-source-ranges` applies.\n")
        .append("- `spec.externalTrafficPolicy: Local` with node backends: unless a health check `protocol` or")
        .append(" `monitor_port` is set, TCP listeners are probed with HTTP `GET /healthz` on")
        .append(" `spec.healthCheckNodePort`, which kube-proxy answers with 200 only on nodes that run an endpoint.")
        .append(" With `kubernetes.io/elb.pass-through: \"true\"` it gives the onlyLocal variant.\n")
        .append("- `spec.allocateLoadBalancerNodePorts: false`: pods are the backends (dedicated load balancers only).")
        .append(" Pods come from the Service's EndpointSlices: ready endpoints (an unset readiness counts as ready),")
        .append(" not-ready ones too with `spec.publishNotReadyAddresses`, never terminating ones.\n")
        .append("- Node backends: every node except those being deleted, those labelled")
        .append(" `node.kubernetes.io/exclude-from-external-load-balancers` with any value but `false`, those tainted")
        .append(" `ToBeDeletedByClusterAutoscaler`, and those without an address.\n")
        .append("- `spec.ipFamilies` is carried to the provider; `spec.loadBalancerClass` is left to the controller.\n\n")
        .append("## Summary\n\n")
        .append("| Annotation | Type | Default | Class | After creation |\n")
        .append("|---|---|---|---|---|\n");
    for (AnnotationDef d : CceAnnotations.all()) {
      sb.append("| [`").append(d.key()).append("`](#").append(anchor(d.key())).append(") | ")
          .append(type(d.type())).append(" | ").append(cell(d.defaultValue())).append(" | ")
          .append(applies(d.appliesTo())).append(" | ").append(mutability(d.mutability())).append(" |\n");
    }
    for (AnnotationDef d : CceAnnotations.all()) {
      sb.append("\n## ").append(d.key()).append("\n\n").append(esc(d.doc())).append("\n\n");
      sb.append("- Type: ").append(type(d.type())).append('\n');
      sb.append("- Default: ").append(d.defaultValue() == null ? "none" : cell(d.defaultValue())).append('\n');
      sb.append("- Allowed: ").append(esc(d.allowed())).append('\n');
      sb.append("- Class: ").append(applies(d.appliesTo())).append('\n');
      sb.append("- After creation: ").append(mutability(d.mutability())).append('\n');
      if (!d.excludes().isEmpty()) {
        sb.append("- Not together with: ");
        for (int i = 0; i < d.excludes().size(); i++) {
          sb.append(i == 0 ? "" : ", ").append('`').append(d.excludes().get(i)).append('`');
        }
        sb.append('\n');
      }
      if (!d.fields().isEmpty()) {
        sb.append("\n| Field | Type | Required | Default | Allowed | Class | Meaning |\n")
            .append("|---|---|---|---|---|---|---|\n");
        for (JsonFieldDef f : d.fields()) {
          sb.append("| `").append(f.name()).append("` | ").append(type(f.type())).append(" | ")
              .append(f.required() == null ? "no" : esc(f.required())).append(" | ").append(cell(f.defaultValue()))
              .append(" | ").append(esc(f.allowed())).append(" | ").append(applies(f.appliesTo())).append(" | ")
              .append(esc(f.doc())).append(" |\n");
        }
      }
    }
    return sb.toString();
  }

  private static String anchor(String key) {
    return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_ -]", "");
  }

  private static String cell(@Nullable String v) {
    if (v == null) {
      return "";
    }
    // A literal value is shown as code; a default described in words is not.
    return v.contains(" ") ? esc(v) : "`" + v.replace("|", "\\|") + "`";
  }

  private static String esc(String v) {
    return v.replace("|", "\\|").replace("<", "&lt;");
  }

  private static String type(AnnotationDef.ValueType t) {
    return switch (t) {
      case STRING -> "string";
      case ID -> "id";
      case BOOLEAN -> "boolean";
      case INTEGER -> "integer";
      case ENUM -> "enum";
      case LIST -> "comma-separated list";
      case KEY_VALUES -> "key=value list";
      case JSON_OBJECT -> "JSON object";
      case JSON_ARRAY -> "JSON array";
      case STRING_ARRAY -> "array of strings";
    };
  }

  private static String applies(AnnotationDef.Applies a) {
    return switch (a) {
      case ALL -> "all";
      case SHARED -> "shared (union)";
      case DEDICATED -> "dedicated (performance)";
    };
  }

  private static String mutability(AnnotationDef.Mutability m) {
    return switch (m) {
      case MUTABLE -> "mutable";
      case FIXED -> "fixed";
      case CREATION_ONLY -> "creation only";
      case WRITTEN_BACK -> "written back";
    };
  }
}
