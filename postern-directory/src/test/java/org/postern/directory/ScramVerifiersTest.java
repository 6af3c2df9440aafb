package org.postern.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.directory.Recipient.User;
import org.postern.core.directory.ScramVerifier;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;

/**
 * SCRAM-SHA-256 verifiers in the embedded directory, on SQLite and on PostgreSQL (each dialect's
 * migration): kept with every new password, derived from it (never the password itself); a user
 * whose password predates them has none until the next sign-in with the password, which adds one;
 * a verifier with fewer iterations than the setting is replaced at the next sign-in; a password
 * SASLprep prohibits is remembered as having none, so its sign-ins write nothing.
 */
class ScramVerifiersTest {

    private static final DirectorySettings SETTINGS = new DirectorySettings(false, DirectoryTestSupport.CHEAP, 4096);

    @TempDir
    Path folder;

    private Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private EmbeddedDirectory sqlite(DirectorySettings settings) {
        if (database == null) {
            database = Database.sqlite(folder.resolve("directory.db"));
        }
        return withDomain(EmbeddedDirectory.open(database, settings));
    }

    private EmbeddedDirectory postgres(DirectorySettings settings) {
        if (database == null) {
            database = PostgresServer.shared().newDatabase("directory", 2);
        }
        return withDomain(EmbeddedDirectory.open(database, settings));
    }

    private static EmbeddedDirectory withDomain(EmbeddedDirectory directory) {
        if (!directory.isAcceptedDomain("example.com")) {
            directory.addDomain("example.com");
        }
        return directory;
    }

    @Test
    void sqliteKeepsAndUpgradesVerifiers() {
        keepsAndUpgradesVerifiers(sqlite(SETTINGS));
        iterationsRaisedAtNextSignIn(sqlite(SETTINGS.withScramIterations(8192)));
    }

    @Test
    void postgresqlKeepsAndUpgradesVerifiers() {
        keepsAndUpgradesVerifiers(postgres(SETTINGS));
        iterationsRaisedAtNextSignIn(postgres(SETTINGS.withScramIterations(8192)));
    }

    private void keepsAndUpgradesVerifiers(EmbeddedDirectory directory) {
        User alice = directory.addUser("alice@example.com", null, "correct horse".toCharArray());
        ScramVerifier kept = directory.scramSha256(alice).orElseThrow();
        assertThat(kept.iterations()).isEqualTo(4096);
        ScramVerifier expected = ScramVerifier.derive("correct horse".toCharArray(), kept.salt(), 4096);
        assertThat(kept.storedKey()).isEqualTo(expected.storedKey());
        assertThat(kept.serverKey()).isEqualTo(expected.serverKey());

        directory.setPassword("alice@example.com", "battery staple".toCharArray());
        ScramVerifier changed = directory.scramSha256(alice).orElseThrow();
        assertThat(changed.salt()).isNotEqualTo(kept.salt());
        assertThat(changed.storedKey())
                .isEqualTo(ScramVerifier.derive("battery staple".toCharArray(), changed.salt(), 4096).storedKey());

        // a password set before verifiers were kept: none until the next sign-in with the password
        forget(alice);
        assertThat(directory.scramSha256(alice)).isEmpty();
        assertThat(directory.authenticate("alice@example.com", "wrong".toCharArray())).isEmpty();
        assertThat(directory.scramSha256(alice)).isEmpty();
        assertThat(directory.authenticate("alice@example.com", "battery staple".toCharArray())).contains(alice);
        ScramVerifier added = directory.scramSha256(alice).orElseThrow();
        assertThat(added.storedKey())
                .isEqualTo(ScramVerifier.derive("battery staple".toCharArray(), added.salt(), 4096).storedKey());

        // a user without a password has none
        User nobody = directory.addUser("nopass@example.com", null, null);
        assertThat(directory.scramSha256(nobody)).isEmpty();
        // SASLprep prohibits a control character: the password works with PLAIN, no verifier is kept
        User bell = directory.addUser("bell@example.com", null, "ring\u0007ring".toCharArray());
        assertThat(directory.scramSha256(bell)).isEmpty();
        assertThat(directory.authenticate("bell@example.com", "ring\u0007ring".toCharArray())).contains(bell);
        assertThat(directory.scramSha256(bell)).isEmpty();
    }

    @Test
    void sqliteRemembersAPasswordWithoutVerifier() {
        EmbeddedDirectory directory = sqlite(SETTINGS);
        database.write(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE user_updates (n INTEGER NOT NULL)");
                s.execute("INSERT INTO user_updates VALUES (0)");
                s.execute("CREATE TRIGGER count_user_updates AFTER UPDATE ON mailbox_user"
                        + " BEGIN UPDATE user_updates SET n = n + 1; END");
            }
            return null;
        });
        remembersAPasswordWithoutVerifier(directory);
    }

    @Test
    void postgresqlRemembersAPasswordWithoutVerifier() {
        EmbeddedDirectory directory = postgres(SETTINGS);
        database.write(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE user_updates (n INTEGER NOT NULL)");
                s.execute("INSERT INTO user_updates VALUES (0)");
                s.execute("CREATE FUNCTION count_user_update() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN UPDATE user_updates SET n = n + 1; RETURN NULL; END $$");
                s.execute("CREATE TRIGGER count_user_updates AFTER UPDATE ON mailbox_user"
                        + " FOR EACH ROW EXECUTE FUNCTION count_user_update()");
            }
            return null;
        });
        remembersAPasswordWithoutVerifier(directory);
    }

    /** Sign-ins with a password SASLprep prohibits: the first may note it, none after writes again. */
    private void remembersAPasswordWithoutVerifier(EmbeddedDirectory directory) {
        char[] password = "ring\u0007ring".toCharArray();
        User bell = directory.addUser("bell@example.com", null, password);
        assertThat(storedScram(bell)).isEqualTo(CredentialStore.NO_VERIFIER);
        assertThat(directory.authenticate("bell@example.com", password)).contains(bell);
        assertThat(directory.authenticate("bell@example.com", password)).contains(bell);
        assertThat(updates()).as("sign-ins of a user added with the password").isZero();
        assertThat(directory.scramSha256(bell)).isEmpty();

        // a password set before verifiers were kept: the first sign-in notes that it can have none
        forget(bell);
        long before = updates();
        assertThat(directory.authenticate("bell@example.com", password)).contains(bell);
        assertThat(storedScram(bell)).isEqualTo(CredentialStore.NO_VERIFIER);
        assertThat(updates()).isEqualTo(before + 1);
        assertThat(directory.authenticate("bell@example.com", password)).contains(bell);
        assertThat(directory.authenticate("bell@example.com", password)).contains(bell);
        assertThat(updates()).as("later sign-ins write nothing").isEqualTo(before + 1);
        assertThat(directory.scramSha256(bell)).isEmpty();

        // a new password that can have a verifier gets one, and the note goes
        directory.setPassword("bell@example.com", "no bell".toCharArray());
        ScramVerifier made = directory.scramSha256(bell).orElseThrow();
        assertThat(made.storedKey()).isEqualTo(ScramVerifier.derive("no bell".toCharArray(), made.salt(), 4096).storedKey());
    }

    private long updates() {
        return database.read(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT n FROM user_updates")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private String storedScram(User user) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT scram_sha256 FROM mailbox_user WHERE id = ?")) {
                s.setString(1, user.id().toString());
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
    }

    private void iterationsRaisedAtNextSignIn(EmbeddedDirectory stronger) {
        User alice = stronger.findUserByLogin("alice@example.com").orElseThrow();
        assertThat(stronger.scramSha256(alice).orElseThrow().iterations()).isEqualTo(4096);
        assertThat(stronger.authenticate("alice@example.com", "battery staple".toCharArray())).contains(alice);
        ScramVerifier raised = stronger.scramSha256(alice).orElseThrow();
        assertThat(raised.iterations()).isEqualTo(8192);
        assertThat(Base64.getEncoder().encodeToString(raised.storedKey())).isEqualTo(Base64.getEncoder().encodeToString(
                ScramVerifier.derive("battery staple".toCharArray(), raised.salt(), 8192).storedKey()));
    }

    private void forget(User user) {
        database.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE mailbox_user SET scram_sha256 = NULL WHERE id = ?")) {
                s.setString(1, user.id().toString());
                return s.executeUpdate();
            }
        });
    }
}
