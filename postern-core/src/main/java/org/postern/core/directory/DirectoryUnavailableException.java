package org.postern.core.directory;

/**
 * The directory could not be asked (an external directory that does not answer, and no cached
 * answer). Callers answer with a temporary failure — SMTP {@code 451 4.4.3} (RFC 3463:
 * directory server failure) — never with a permanent refusal.
 */
public final class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
