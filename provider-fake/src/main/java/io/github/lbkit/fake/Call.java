package io.github.lbkit.fake;

import java.util.Objects;

/**
 * One journal entry: a call the fake cloud answered.
 *
 * @param seq the call's sequence number, from 1
 * @param operation the API call
 * @param resource the resource addressed: an id, or for a create its parent id or name
 * @param outcome {@code OK}, or the failure as {@code <status> <code>} (for example {@code 429 APIG.0308}),
 *     {@code timeout} or {@code crash}
 */
public record Call(long seq, CloudOperation operation, String resource, String outcome) {

  /**
   * Validates that every part is present.
   *
   * @param seq the call's sequence number, from 1
   * @param operation the API call
   * @param resource the resource addressed: an id, or for a create its parent id or name
   * @param outcome {@code OK}, or the failure as {@code <status> <code>} (for example {@code 429 APIG.0308}),
   *     {@code timeout} or {@code crash}
   */
  public Call {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * Tells whether the call succeeded.
   *
   * @return true when the outcome is {@code OK}
   */
  public boolean ok() {
    return outcome.equals("OK");
  }
}
