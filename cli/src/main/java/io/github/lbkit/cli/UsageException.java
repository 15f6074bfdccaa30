package io.github.lbkit.cli;

/**
 * A command line or input the command cannot work with: an unknown option, a missing value, an unreadable file,
 * or a document that is not what the command needs. It ends the command with exit code 2.
 */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the whole message, starting with the command and saying what to do
   */
  UsageException(String message) {
    super(message);
  }
}
