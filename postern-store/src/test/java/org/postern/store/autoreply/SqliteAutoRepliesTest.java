package org.postern.store.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.postern.core.address.EmailAddress;
import org.postern.sql.Database;

class SqliteAutoRepliesTest extends AutoRepliesContract {

    private static final EmailAddress BOB = EmailAddress.parse("bob@example.test");

    @Override
    Database openDatabase(Path folder) {
        return Database.sqlite(folder.resolve("store.db"));
    }

    /**
     * The texts kept in memory: a change through this object is seen at once, and one another
     * process (here a second database on the same file, as the command line opens it) commits
     * is seen once this process wrote again, as a delivery does before it asks; the server's own
     * writes in between keep nothing stale.
     */
    @Test
    void aChangeFromThisProcessOrAnotherIsSeenByTheNextDelivery() {
        replies.clear(BOB);
        assertThat(replies.text(BOB)).isEmpty();
        replies.set(BOB, "Away.");
        assertThat(replies.text(BOB)).contains("Away.");
        deliveryWrite();
        assertThat(replies.text(BOB)).contains("Away.");

        try (Database other = Database.sqlite(folder.resolve("store.db"))) {
            SqlAutoReplies commandLine = SqlAutoReplies.open(other);
            commandLine.clear(BOB);
            deliveryWrite();
            assertThat(replies.text(BOB)).isEmpty();
            commandLine.set(BOB, "Back on Monday.");
            deliveryWrite();
            assertThat(replies.text(BOB)).contains("Back on Monday.");
        }
        replies.clear(BOB);
        assertThat(replies.text(BOB)).isEmpty();
    }

    /** A write of this process that is not about auto-replies, as a delivery's append is. */
    private void deliveryWrite() {
        db.writeGrouped(c -> c.createStatement().execute("CREATE TABLE IF NOT EXISTS other_rows (k INTEGER)"));
    }
}
