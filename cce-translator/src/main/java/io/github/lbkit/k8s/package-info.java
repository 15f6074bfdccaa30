/**
 * The seam between Kubernetes objects and lbkit's own types: {@link io.github.lbkit.k8s.ServiceTranslator}
 * turns a fabric8 {@code Service} with its nodes or endpoints into a {@link io.github.lbkit.api.LoadBalancerSpec},
 * and {@link io.github.lbkit.k8s.NodePredicates} says which nodes may serve as backends. This is the only
 * package (with its CCE implementation) that reads fabric8 model objects.
 */
@NullMarked
package io.github.lbkit.k8s;

import org.jspecify.annotations.NullMarked;
