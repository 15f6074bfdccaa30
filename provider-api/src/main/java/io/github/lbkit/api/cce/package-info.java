/**
 * The CCE annotation dialect ({@code kubernetes.io/elb.*}): the catalogue of every annotation
 * ({@link io.github.lbkit.api.cce.CceAnnotations}), the generator of the annotation reference
 * ({@link io.github.lbkit.api.cce.AnnotationDocs}), and the translator from a fabric8 Service to a
 * {@link io.github.lbkit.api.LoadBalancerSpec} ({@link io.github.lbkit.api.cce.CceServiceTranslator}).
 */
@NullMarked
package io.github.lbkit.api.cce;

import org.jspecify.annotations.NullMarked;
