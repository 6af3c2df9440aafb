package org.postern.store.autoreply;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

class PostgresAutoRepliesTest extends AutoRepliesContract {
    @Override
    Database openDatabase(Path folder) {
        return PostgresServer.shared().newDatabase("autoreply", 2);
    }
}
