package org.postern.sql;

/** A database failure that the caller cannot act on (I/O, corruption, a bug): logged, answered as a temporary error. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
