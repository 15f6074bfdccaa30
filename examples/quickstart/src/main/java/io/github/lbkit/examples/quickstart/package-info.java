/**
 * The quickstart: CCE's pass-through procedure end to end on one machine, with an embedded Kubernetes API, the
 * service controller, the CCE translator and the fake cloud serving real traffic on loopback.
 */
@NullMarked
package io.github.lbkit.examples.quickstart;

import org.jspecify.annotations.NullMarked;
