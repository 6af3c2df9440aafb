package org.postern.core.store;

import java.util.Objects;

/** A store operation failed; {@link #error()} says how, the message says what (for the log, not for clients). */
public class StoreException extends RuntimeException {
    private final StoreError error;

    public StoreException(StoreError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    public StoreException(StoreError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    public StoreError error() {
        return error;
    }
}
