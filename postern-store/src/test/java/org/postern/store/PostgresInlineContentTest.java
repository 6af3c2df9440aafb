package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

/** Inline contents beside blob files on a real PostgreSQL server (fails, never skips, if PostgreSQL is not installed). */
class PostgresInlineContentTest extends InlineContentContract {
    @Override
    Database openDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("inline", 16);
    }

    @Override
    Database openEmptyDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("v5store", 4);
    }
}
