package io.github.lbkit.controller;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code events.k8s.io/v1} Events about Services, with the upstream service controller's reasons.
 * Publishing never fails a reconcile: an Event the API refuses is logged and dropped.
 */
final class EventRecorder {

  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";

  static final String ENSURING = "EnsuringLoadBalancer";
  static final String ENSURED = "EnsuredLoadBalancer";
  static final String SYNC_FAILED = "SyncLoadBalancerFailed";
  static final String DELETING = "DeletingLoadBalancer";
  static final String DELETED = "DeletedLoadBalancer";
  static final String DELETE_FAILED = "DeleteLoadBalancerFailed";
  static final String UPDATED = "UpdatedLoadBalancer";
  static final String UPDATE_FAILED = "UpdateLoadBalancerFailed";
  static final String UNAVAILABLE = "UnAvailableLoadBalancer";
  /** lbkit's own: an annotation key in the translator's namespaces that it does not know (a likely typo). */
  static final String UNKNOWN_ANNOTATION = "UnknownAnnotation";
  /** lbkit's own: a load balancer CCE's controller created was taken over (Normal). */
  static final String ADOPTED = "Adopted";
  /** lbkit's own: a load balancer CCE's controller created may not be taken over (Warning). */
  static final String ADOPTION_REFUSED = "AdoptionRefused";
  /** lbkit's own: the Service was handed back; nothing was deleted (Normal). */
  static final String RELEASED = "Released";

  /** RFC 3339 with microseconds, as the API server's MicroTime wants it. */
  static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  /** The API server refuses an Event whose note is longer than 1 kB, counted in UTF-8 bytes. */
  static final int MAX_NOTE_BYTES = 1024;

  private final KubernetesClient client;
  private final String controller;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();

  EventRecorder(KubernetesClient client, String controller, String instance) {
    this.client = client;
    this.controller = controller;
    this.instance = instance;
  }

  /**
   * Publishes one Event about a Service.
   *
   * @param svc the Service
   * @param type {@link #NORMAL} or {@link #WARNING}
   * @param reason the reason
   * @param action what the controller did or tried
   * @param note the human-readable message
   */
  void record(Service svc, String type, String reason, String action, String note) {
    String ns = svc.getMetadata().getNamespace();
    String name = svc.getMetadata().getName();
    Instant now = Instant.now();
    // Names must be unique; the time keeps them sortable, the sequence keeps two in one microsecond apart.
    String eventName =
        name + "." + Long.toHexString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000) + "."
            + Long.toHexString(sequence.incrementAndGet());
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(eventName)
            .endMetadata()
            .withEventTime(new MicroTime(MICRO_TIME.format(now)))
            .withType(type)
            .withReason(reason)
            .withAction(action)
            .withNote(truncateUtf8(note, MAX_NOTE_BYTES))
            .withReportingController(controller)
            .withReportingInstance(instance)
            .withRegarding(
                new ObjectReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("Service")
                    .withNamespace(ns)
                    .withName(name)
                    .withUid(svc.getMetadata().getUid())
                    .withResourceVersion(svc.getMetadata().getResourceVersion())
                    .build())
            .build();
    try {
      client.events().v1().events().inNamespace(ns).resource(event).create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 400) {
        // Refused as invalid: say so in a short Event, so that the user still sees something, and log the note.
        LOG.warn("publish event {} {} for Service {}/{} refused ({}); its note was: {}", type, reason, ns, name,
            e.getMessage(), note);
        event.getMetadata().setName(eventName + ".r");
        event.setNote(truncateUtf8(
            "(the full note was refused by the API server and is in the controller's log) " + note, 256));
        try {
          client.events().v1().events().inNamespace(ns).resource(event).create();
          return;
        } catch (RuntimeException again) {
          LOG.warn("publish shortened event {} {} for Service {}/{}: {}; the event is dropped", type, reason, ns,
              name, again.toString());
          return;
        }
      }
      LOG.warn("publish event {} {} for Service {}/{}: {}; the event is dropped", type, reason, ns, name, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("publish event {} {} for Service {}/{}: {}; the event is dropped", type, reason, ns, name, e.toString());
    }
  }

  /**
   * Cuts a note to at most {@code maxBytes} UTF-8 bytes, on a code point boundary, ending it with "…" when cut.
   *
   * @param note the note
   * @param maxBytes the bound in UTF-8 bytes
   * @return the note, or its longest prefix that fits with the ellipsis
   */
  static String truncateUtf8(String note, int maxBytes) {
    if (note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes) {
      return note;
    }
    int budget = maxBytes - 3; // "…" is 3 bytes
    int bytes = 0;
    int i = 0;
    while (i < note.length()) {
      int cp = note.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > budget) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return note.substring(0, i) + "…";
  }
}
