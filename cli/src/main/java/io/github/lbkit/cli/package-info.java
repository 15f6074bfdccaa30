/**
 * The {@code lbkit} command: {@code validate} checks a Service's annotations and fields as the controller would,
 * {@code plan} shows the cloud operations an ensure would issue from an empty cloud, and {@code annotations}
 * lists the annotation catalogue. Entry point: {@link io.github.lbkit.cli.Main}.
 */
@NullMarked
package io.github.lbkit.cli;

import org.jspecify.annotations.NullMarked;
