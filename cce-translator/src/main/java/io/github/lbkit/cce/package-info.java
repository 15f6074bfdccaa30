/**
 * The CCE annotation dialect ({@code kubernetes.io/elb.*}): the catalogue of every annotation
 * ({@link io.github.lbkit.cce.CceAnnotations}), the generator of the annotation reference
 * ({@link io.github.lbkit.cce.AnnotationDocs}), and the translator from a fabric8 Service to a
 * {@link io.github.lbkit.api.LoadBalancerSpec} ({@link io.github.lbkit.cce.CceServiceTranslator}).
 */
@NullMarked
package io.github.lbkit.cce;

import org.jspecify.annotations.NullMarked;
