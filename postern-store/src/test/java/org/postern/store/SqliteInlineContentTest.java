package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;

/** Inline contents beside blob files on the embedded SQLite database. */
class SqliteInlineContentTest extends InlineContentContract {
    @Override
    Database openDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }

    @Override
    Database openEmptyDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }
}
