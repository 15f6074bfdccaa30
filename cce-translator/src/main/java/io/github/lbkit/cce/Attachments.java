package io.github.lbkit.cce;

import io.github.lbkit.api.Adoption;
import io.github.lbkit.api.Attachment;
import io.github.lbkit.api.CloudOptions;
import io.github.lbkit.api.CreationRecord;
import io.github.lbkit.api.LoadBalancerClass;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the class and the attachment ({@code kubernetes.io/elb.class}, {@code elb.id},
 * {@code elb.autocreate}) and enforces that they do not change after creation, using the
 * {@link CreationRecord} lbkit wrote back.
 */
final class Attachments {

  private static final String FIXED = "cannot change after creation";

  /**
   * The outcome.
   *
   * @param loadBalancerClass the class (shared when the annotation is invalid; the problem is reported)
   * @param attachment the attachment, or null when it could not be read (a problem is reported)
   * @param recorded the creation record, or null
   * @param adoption the request to take over what CCE's controller created, or null
   * @param options the cloud options {@code elb.autocreate} holds
   */
  record Resolved(LoadBalancerClass loadBalancerClass, @Nullable Attachment attachment,
      @Nullable CreationRecord recorded, @Nullable Adoption adoption, CloudOptions options) {}

  /** How to turn adoption on, for the refusal of a Service that CCE's controller served. */
  static final String HOW_TO_ADOPT = "to take over the load balancer CCE's controller created for this Service"
      + " (same address, nothing recreated), turn adoption on: ServiceController.builder().adoption(true), or"
      + " TranslatorOptions.withAdoption(true); see 'Switching from CCE's controller' in the README";

  private Attachments() {}

  static Resolved resolve(AnnotationValues av, String uid, boolean adopt) {
    Problems problems = av.problems();
    LoadBalancerClass cls =
        av.oneOf(CceAnnotations.ELB_CLASS, AnnotationValues.words(
            Map.entry("union", LoadBalancerClass.SHARED), Map.entry("performance", LoadBalancerClass.DEDICATED)));
    boolean classValid = cls != null || !av.isSet(CceAnnotations.ELB_CLASS);
    if (cls == null) {
      cls = LoadBalancerClass.SHARED;
    }
    CreationRecord record = record(av);

    String id = av.id(CceAnnotations.ELB_ID);
    boolean idSet = av.isSet(CceAnnotations.ELB_ID);
    String autoText = av.text(CceAnnotations.ELB_AUTOCREATE);
    boolean autoSet = av.isSet(CceAnnotations.ELB_AUTOCREATE);
    boolean writtenBack =
        record != null && record.autoCreated() && id != null && id.equals(record.loadBalancerId());

    if (record != null && classValid && record.loadBalancerClass() != cls) {
      problems.add(CceAnnotations.ELB_CLASS, cls.annotationValue(), FIXED + ": the load balancer was "
          + (record.autoCreated() ? "created" : "attached") + " as " + record.loadBalancerClass().annotationValue()
          + "; set it back, or delete and recreate the Service to change it");
    }

    Attachment attachment = null;
    Adoption adoption = null;
    CloudOptions options = CloudOptions.NONE;
    if (record != null && record.autoCreated() && idSet && !writtenBack) {
      problems.add(CceAnnotations.ELB_ID, av.text(CceAnnotations.ELB_ID), FIXED + ": lbkit created load balancer "
          + record.loadBalancerId() + " for this Service; set it back to that id or remove it");
    } else if (record != null && !record.autoCreated() && !Objects.equals(id, record.loadBalancerId())) {
      if (idSet) {
        problems.add(CceAnnotations.ELB_ID, av.text(CceAnnotations.ELB_ID), FIXED + ": the Service is attached to"
            + " load balancer " + record.loadBalancerId() + "; set it back, or delete and recreate the Service");
      } else {
        problems.add(CceAnnotations.ELB_ID, null, FIXED + ": the Service is attached to load balancer "
            + record.loadBalancerId() + " and the annotation may not be removed; set it back");
      }
    } else if (idSet && autoSet && !writtenBack && !(adopt && record == null && id != null)) {
      problems.add(CceAnnotations.ELB_ID, av.text(CceAnnotations.ELB_ID), "must not be set together with "
          + CceAnnotations.ELB_AUTOCREATE + ": use elb.id to attach to an existing load balancer, or"
          + " elb.autocreate to create one, not both; "
          + (record == null ? "when CCE's controller wrote both back, " + HOW_TO_ADOPT : ""));
    } else if (autoText != null) {
      AutoCreateParser.Parsed parsed = AutoCreateParser.parse(autoText, cls, uid, problems);
      if (parsed != null) {
        attachment = parsed.attachment();
        options = parsed.options();
      }
      if (adopt && record == null && attachment instanceof Attachment.AutoCreate auto) {
        // CCE wrote elb.id and elb.eip-id back after creating (reference A.1, "Annotations CCE writes back").
        adoption = writtenBack ? null : idSet
            ? new Adoption(id, av.text(CceAnnotations.ELB_EIP_ID), List.of())
            : new Adoption(null, null, names(auto, uid));
      }
    } else if (id != null && !writtenBack) {
      attachment = new Attachment.Existing(id);
    } else if (!idSet || writtenBack) {
      attachment = AutoCreateParser.defaults(uid).attachment();
      if (adopt && record == null && !idSet && attachment instanceof Attachment.AutoCreate auto) {
        adoption = new Adoption(null, null, names(auto, uid));
      }
    }

    if (record != null && record.autoCreated() && attachment instanceof Attachment.AutoCreate ac
        && record.autoCreateDigest() != null && !record.autoCreateDigest().equals(ac.digest())) {
      problems.add(CceAnnotations.ELB_AUTOCREATE, autoText, FIXED + ": load balancer " + record.loadBalancerId()
          + " was created from another value; set the original value back, or delete and recreate the Service");
    }
    return new Resolved(cls, attachment, record, adoption, options);
  }

  /**
   * The names an unmarked load balancer of the Service may carry: the auto-create {@code name}; when that is the
   * default, also the literal spelling of CCE's default (reference A.2: "Default {@code cce-lb+service.UID}").
   */
  private static List<String> names(Attachment.AutoCreate auto, String uid) {
    if (!auto.name().equals(AutoCreateParser.defaultName(uid))) {
      return List.of(auto.name());
    }
    String literal = "cce-lb" + uid;
    return literal.length() <= 64 && !literal.equals(auto.name()) ? List.of(auto.name(), literal)
        : List.of(auto.name());
  }

  private static @Nullable CreationRecord record(AnnotationValues av) {
    String text = av.text(CceAnnotations.CREATION_RECORD);
    if (text == null) {
      return null;
    }
    try {
      return CreationRecord.parse(text);
    } catch (IllegalArgumentException e) {
      av.problems().add(CceAnnotations.CREATION_RECORD, text, "is written by lbkit and must be a valid creation"
          + " record (" + e.getMessage() + "); restore it, or remove it to let lbkit write it again");
      return null;
    }
  }
}
