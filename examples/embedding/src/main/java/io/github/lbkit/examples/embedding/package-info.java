/** An existing fabric8 application that embeds lbkit's service controller, with leader election. */
@NullMarked
package io.github.lbkit.examples.embedding;

import org.jspecify.annotations.NullMarked;
