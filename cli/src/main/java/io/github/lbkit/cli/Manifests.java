package io.github.lbkit.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads Kubernetes manifests (YAML or JSON) from files or standard input, the way the API server's clients do,
 * and checks that they hold what the command needs.
 */
final class Manifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final String command;
  private final InputStream stdin;

  /**
   * Creates a reader.
   *
   * @param command the command's name, for messages
   * @param stdin what {@code -} reads
   */
  Manifests(String command, InputStream stdin) {
    this.command = Objects.requireNonNull(command, "command");
    this.stdin = Objects.requireNonNull(stdin, "stdin");
  }

  /**
   * Reads exactly one Service.
   *
   * @param source a path, or {@code -} for standard input
   * @return the Service
   * @throws UsageException when the source cannot be read or holds anything but one Service
   */
  Service service(String source) {
    String shown = shown(source);
    Object parsed = parse(source);
    if (parsed instanceof List<?> list) {
      throw new UsageException(command + ": " + shown + " holds " + list.size()
          + " documents; give a file with one Service");
    }
    if (parsed instanceof Service s) {
      return s;
    }
    throw new UsageException(command + ": " + shown + " holds " + describe(parsed) + ", not a Service");
  }

  /**
   * Reads Services: a dump of {@code kubectl get svc -A -o yaml} (a List or a ServiceList), one Service, or
   * several Service documents.
   *
   * @param source a path, or {@code -} for standard input
   * @return the Services, in order
   * @throws UsageException when the source cannot be read or holds anything but Services
   */
  List<Service> services(String source) {
    Object parsed = parse(source);
    List<?> items;
    if (parsed instanceof io.fabric8.kubernetes.api.model.ServiceList sl) {
      items = sl.getItems() == null ? List.of() : sl.getItems();
    } else if (parsed instanceof KubernetesList kl) {
      items = kl.getItems() == null ? List.of() : kl.getItems();
    } else if (parsed instanceof List<?> list) {
      items = list;
    } else {
      items = List.of(parsed);
    }
    List<Service> out = new ArrayList<>();
    for (Object o : items) {
      if (!(o instanceof Service s)) {
        throw new UsageException(command + ": " + shown(source) + " holds " + describe(o)
            + ", not a Service; give the output of kubectl get svc -A -o yaml");
      }
      out.add(s);
    }
    return out;
  }

  /**
   * Reads nodes: a NodeList, a List of Nodes, one Node, or several Node documents.
   *
   * @param source a path, or {@code -} for standard input
   * @return the nodes, in file order
   * @throws UsageException when the source cannot be read or holds anything but Nodes
   */
  List<Node> nodes(String source) {
    String shown = shown(source);
    Object parsed = parse(source);
    List<?> items;
    if (parsed instanceof NodeList nl) {
      items = nl.getItems() == null ? List.of() : nl.getItems();
    } else if (parsed instanceof KubernetesList kl) {
      items = kl.getItems() == null ? List.of() : kl.getItems();
    } else if (parsed instanceof List<?> list) {
      items = list;
    } else {
      items = List.of(parsed);
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (!(item instanceof Node n)) {
        String where = items.size() == 1 ? "" : " (item " + (i + 1) + ")";
        throw new UsageException(command + ": " + shown + " holds " + describe(item) + where
            + ", not a Node; give a NodeList or Node documents");
      }
      nodes.add(n);
    }
    return nodes;
  }

  private Object parse(String source) {
    String shown = shown(source);
    String text = read(source);
    if (text.isBlank()) {
      throw new UsageException(command + ": " + shown + " is empty; give a YAML or JSON manifest");
    }
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(text);
    } catch (RuntimeException e) {
      throw new UsageException(command + ": " + shown + " is not a readable YAML or JSON manifest: "
          + firstLine(e.getMessage()));
    }
    if (parsed == null) {
      throw new UsageException(command + ": " + shown + " holds no document; give a YAML or JSON manifest");
    }
    return parsed;
  }

  private String read(String source) {
    try {
      if (source.equals("-")) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(source), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(command + ": cannot read " + source + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UsageException(command + ": cannot read " + source + ": permission denied");
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
      throw new UsageException(command + ": cannot read " + shown(source) + ": " + why);
    }
  }

  private static String shown(String source) {
    return source.equals("-") ? "standard input" : source;
  }

  private static String describe(@Nullable Object parsed) {
    if (parsed instanceof HasMetadata h && h.getKind() != null && !h.getKind().isBlank()) {
      String kind = h.getKind();
      return (startsWithVowel(kind) ? "an " : "a ") + kind;
    }
    return "no Kubernetes object (no apiVersion and kind)";
  }

  private static boolean startsWithVowel(String s) {
    return "AEIOU".indexOf(Character.toUpperCase(s.charAt(0))) >= 0;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    String line = message.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }
}
