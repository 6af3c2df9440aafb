package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

/** The storage quota contract on a real PostgreSQL server (fails, never skips, if PostgreSQL is not installed). */
class PostgresStorageQuotaTest extends StorageQuotaContract {
    @Override
    Database openDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("quota", 16);
    }
}
