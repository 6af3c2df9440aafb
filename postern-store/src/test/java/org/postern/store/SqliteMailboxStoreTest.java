package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;

/** The store contract on the embedded SQLite database. */
class SqliteMailboxStoreTest extends MailboxStoreContract {
    @Override
    Database openDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }

    @Override
    Database openEmptyDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }
}
