package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;

class SqliteInboxDeliveryTest extends InboxDeliveryContract {
    @Override
    Database openDatabase(Path folder, boolean again) {
        return Database.sqlite(folder.resolve("store.db"));
    }
}
