package org.postern.store.autoreply;

import java.nio.file.Path;
import org.postern.sql.Database;

class SqliteAutoRepliesTest extends AutoRepliesContract {
    @Override
    Database openDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }
}
