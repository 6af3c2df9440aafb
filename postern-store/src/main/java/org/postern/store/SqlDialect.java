package org.postern.store;

import java.sql.SQLException;
import org.postern.sql.Database;

/**
 * The few places where SQLite and PostgreSQL differ for the store; every other statement is
 * the same text for both. SQLite runs one writer at a time, so it needs no row locks;
 * PostgreSQL needs {@code FOR SHARE} where a row must not vanish under a transaction.
 */
enum SqlDialect {
    SQLITE("", "instr", "UPDATE store_uid_validity SET next = next + 1 RETURNING next - 1"),
    POSTGRESQL(" FOR SHARE", "strpos", "SELECT nextval('store_uid_validity')");

    private final String shareLock;
    /** The function giving the (1-based) position of a text in another, 0 when absent: the same on characters in both. */
    private final String position;
    /**
     * Takes the store's next UIDVALIDITY (migration V9): on SQLite, whose writers take turns
     * anyway, a one-row counter; on PostgreSQL a sequence, which no transaction waits for.
     */
    private final String nextUidValidity;

    SqlDialect(String shareLock, String position, String nextUidValidity) {
        this.shareLock = shareLock;
        this.position = position;
        this.nextUidValidity = nextUidValidity;
    }

    static SqlDialect of(Database.Kind kind) {
        return switch (kind) {
            case SQLITE -> SQLITE;
            case POSTGRESQL -> POSTGRESQL;
        };
    }

    /** {@code SELECT ... WHERE ...} made to hold a shared lock on the rows it reads until commit. */
    String lockForShare(String select) {
        return select + shareLock;
    }

    /** A condition true when the text {@code column} holds the next parameter (case-sensitive, no pattern characters). */
    String holds(String column) {
        return position + "(" + column + ", ?) > 0";
    }

    /** A statement giving the store's next UIDVALIDITY as its one value, never the same twice. */
    String nextUidValidity() {
        return nextUidValidity;
    }

    /** True if the exception (or one of its causes) is a foreign key violation. */
    boolean isForeignKeyViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if ("23503".equals(s.getSQLState())) {
                    return true;
                }
                String m = String.valueOf(s.getMessage());
                if (this == SQLITE && m.contains("FOREIGN KEY constraint failed")) {
                    return true;
                }
            }
        }
        return false;
    }
}
