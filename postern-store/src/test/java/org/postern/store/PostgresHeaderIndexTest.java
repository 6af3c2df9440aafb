package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

/** The header-field index on a real PostgreSQL server (fails, never skips, if PostgreSQL is not installed). */
class PostgresHeaderIndexTest extends HeaderIndexContract {
    @Override
    Database openDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("hdrindex", 16);
    }

    @Override
    Database openEmptyDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("v6store", 4);
    }
}
