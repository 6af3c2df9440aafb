package org.postern.store;

import java.nio.file.Path;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

/** On a real PostgreSQL server (fails, never skips, if PostgreSQL is not installed). */
class PostgresInboxDeliveryTest extends InboxDeliveryContract {

    private String url;

    @Override
    Database openDatabase(Path folder, boolean again) {
        if (!again) {
            url = PostgresServer.shared().createDatabase("inbox");
        }
        return Database.postgresql(url, PostgresServer.USER, "", 4);
    }
}
