package org.postern.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendResult;
import org.postern.core.store.FolderId;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreException;
import org.postern.sql.Database;

/**
 * The child process of {@link CrashTest}: appends messages to an SQLite store for ever and
 * prints {@code ACK <uid> <sha256> <size>} for each append that returned, until it is killed.
 * Arguments: the store folder and a seed.
 */
public final class CrashAppender {
    static final EmailAddress OWNER = EmailAddress.parse("crash@example.org");

    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        Database db = Database.sqlite(folder.resolve("store.db"));
        SqlMailboxStore store = SqlMailboxStore.open(db, folder.resolve("blobs"), StoreLimits.defaults());
        if (!store.hasMailbox(OWNER)) {
            try {
                store.createMailbox(OWNER);
            } catch (StoreException e) {
                // created by an earlier run that was killed after its commit
            }
        }
        FolderId inbox = store.findFolder(OWNER, SpecialUse.INBOX).orElseThrow().id();
        Random random = new Random(seed);
        out.println("READY");
        for (long i = 0; ; i++) {
            byte[] bytes = TestMessages.random(seed * 1_000_000 + i, 1000 + random.nextInt(300_000));
            AppendResult r = store.append(inbox, TestMessages.request(bytes));
            out.println("ACK " + r.uid() + " " + TestMessages.sha256(bytes) + " " + bytes.length);
        }
    }
}
