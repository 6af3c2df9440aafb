package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

/** The store contract on a real PostgreSQL server (fails, never skips, if PostgreSQL is not installed). */
class PostgresMailboxStoreTest extends MailboxStoreContract {
    @Override
    Database openDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("store", 16);
    }

    @Override
    Database openEmptyDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("v8store", 4);
    }
}
