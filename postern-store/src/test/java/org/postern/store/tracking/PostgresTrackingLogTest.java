package org.postern.store.tracking;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

class PostgresTrackingLogTest extends TrackingLogContract {
    @Override
    Database openDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("tracking", 4);
    }
}
