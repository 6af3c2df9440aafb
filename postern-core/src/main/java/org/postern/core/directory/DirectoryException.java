package org.postern.core.directory;

import java.util.Objects;

/**
 * A directory change that was refused. The message is one line fit to show to an
 * administrator as it is (the command line prints exactly it); the reason lets code decide.
 */
public class DirectoryException extends RuntimeException {

    /** Why a change was refused. */
    public enum Reason {
        /** The address's domain is not an accepted domain. */
        UNKNOWN_DOMAIN,
        /** The domain, address or membership already exists. */
        DUPLICATE,
        /** The domain, address or membership does not exist. */
        NOT_FOUND,
        /** The domain still has addresses in it. */
        IN_USE,
        /** An argument is not valid (a bad address, domain, display name or password). */
        INVALID
    }

    private final Reason reason;

    public DirectoryException(Reason reason, String message) {
        super(oneLine(message));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    private static String oneLine(String message) {
        return message.replaceAll("[\\r\\n\\t]+", " ");
    }
}
