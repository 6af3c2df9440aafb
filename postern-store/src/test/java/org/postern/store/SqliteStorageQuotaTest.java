package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;

/** The storage quota contract on the embedded SQLite database. */
class SqliteStorageQuotaTest extends StorageQuotaContract {
    @Override
    Database openDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }
}
