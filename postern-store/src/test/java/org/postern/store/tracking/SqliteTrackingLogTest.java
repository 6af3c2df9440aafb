package org.postern.store.tracking;

import java.nio.file.Path;
import org.postern.sql.Database;

class SqliteTrackingLogTest extends TrackingLogContract {
    @Override
    Database openDatabase(Path folder) {
        return Database.sqlite(folder.resolve("tracking.db"));
    }
}
