package org.postern.server.cli;

/** A mistake in what the user asked: printed as one line, exit status 1, no stack trace. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
