package org.postern.directory;

import java.util.Arrays;
import java.util.Optional;
import org.postern.core.directory.DirectoryException;
import org.postern.core.directory.DirectoryException.Reason;
import org.postern.core.directory.Recipient.User;
import org.postern.core.directory.ScramVerifier;
import org.postern.directory.password.NtHash;
import org.postern.directory.password.PasswordHasher;
import org.postern.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwords of the embedded directory: makes the hashes kept for a new password, checks a
 * sign-in, and keeps the NT hashes in step with the NTLM setting. No password, hash, NT
 * hash or SCRAM verifier is ever logged.
 *
 * <p>A SCRAM-SHA-256 verifier is made with every new password, and for a password that predates
 * them at its first successful check, as is one with fewer iterations than the setting now asks
 * (docs/adr/0022-scram.md). A password SASLprep prohibits (RFC 4013 section 2.3) can have none:
 * {@link #NO_VERIFIER} is kept in its place until the password changes, so that its sign-ins do
 * not try again (and write) each time.
 */
final class CredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    /**
     * Kept instead of a verifier for a password SASLprep prohibits: not RFC 5803's form (no
     * {@code SCRAM-SHA-256$} prefix), so never read as a verifier; replaced with the password.
     */
    static final String NO_VERIFIER = "!SASLprep prohibits this password";

    /**
     * What is kept for a password: the Argon2id PHC string, the NT hash when NTLM is on (else
     * null), and the SCRAM-SHA-256 verifier's text ({@link #NO_VERIFIER} when SASLprep prohibits
     * the password).
     */
    record Secrets(String passwordHash, byte[] ntHash, String scram) {
    }

    private final Database database;
    private final PasswordHasher hasher;
    private final boolean ntlm;
    private final int scramIterations;

    CredentialStore(Database database, PasswordHasher hasher, boolean ntlm, int scramIterations) {
        this.database = database;
        this.hasher = hasher;
        this.ntlm = ntlm;
        this.scramIterations = scramIterations;
    }

    /** Hashes a new password (checked by {@link AdminInput#password}); the caller keeps the password. */
    Secrets secretsFor(char[] password) {
        try {
            return new Secrets(hasher.hash(password), ntlm ? NtHash.of(password) : null, scram(password));
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(Reason.INVALID, "password is not valid Unicode");
        }
    }

    /**
     * Checks a sign-in with the same work whether or not the login exists or has a password.
     * On success, replaces a hash made with older settings and adds a missing NT hash or SCRAM
     * verifier.
     */
    Optional<User> authenticate(String login, char[] password) {
        char[] given = password == null ? new char[0] : password;
        Optional<UserRows.StoredLogin> found = login == null || login.isBlank()
                ? Optional.empty()
                : database.read(c -> UserRows.byLogin(c, AdminInput.login(login)));
        String stored = found.map(UserRows.StoredLogin::passwordHash).orElse(null);
        if (stored == null || given.length == 0 || given.length > AdminInput.MAX_PASSWORD) {
            hasher.verifyNothing(given.length > AdminInput.MAX_PASSWORD ? new char[0] : given);
            return Optional.empty();
        }
        if (!hasher.verify(given, stored)) {
            return Optional.empty();
        }
        UserRows.StoredLogin user = found.get();
        refresh(user, stored, given);
        return Optional.of(user.user());
    }

    /**
     * After a successful sign-in: rehash with the current settings, add the NT hash if NTLM is on
     * and it is missing, and add the SCRAM verifier if it is missing or has fewer iterations than
     * the setting.
     */
    private void refresh(UserRows.StoredLogin login, String stored, char[] password) {
        boolean rehash = hasher.needsRehash(stored);
        boolean addNt = ntlm && !login.hasNtHash();
        boolean addScram = needsScram(login.scram());
        if (!rehash && !addNt && !addScram) {
            return;
        }
        String newHash = rehash ? hasher.hash(password) : stored;
        byte[] nt = addNt ? NtHash.of(password) : null;
        String scram = addScram ? scram(password) : null;
        try {
            database.write(c -> {
                UserRows.upgrade(c, login.user(), stored, newHash, nt, scram);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the stored credentials of {}: {}", login.user().address(), e.getMessage());
        } finally {
            if (nt != null) {
                Arrays.fill(nt, (byte) 0);
            }
        }
    }

    /**
     * With NTLM off, erases every stored NT hash. On SQLite the freed bytes are overwritten
     * ({@code secure_delete}) and the write-ahead log is checkpointed and truncated, so the
     * hashes do not linger in the file (best effort: a reader in another process can hold the
     * log open until it finishes).
     */
    void eraseNtHashesUnlessEnabled() {
        if (ntlm) {
            return;
        }
        boolean sqlite = database.kind() == Database.Kind.SQLITE;
        int erased = database.write(c -> {
            if (sqlite) {
                try (var s = c.createStatement()) {
                    s.execute("PRAGMA secure_delete = ON");
                }
            }
            return UserRows.eraseNtHashes(c);
        });
        if (erased > 0) {
            LOG.info("NTLM is off: erased the NT hashes of {} users", erased);
            if (sqlite) {
                database.read(c -> {
                    try (var s = c.createStatement()) {
                        return s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    }
                });
            }
        }
    }

    /** The user's SCRAM-SHA-256 verifier, when one is kept (and readable). */
    Optional<ScramVerifier> scramSha256(User user) {
        Optional<String> text = database.read(c -> UserRows.scram(c, user.id()));
        if (text.isEmpty() || text.get().equals(NO_VERIFIER)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScramVerifier.parse(text.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("the stored SCRAM-SHA-256 verifier of {} is unreadable; it is replaced at the next sign-in with the password",
                    user.address());
            return Optional.empty();
        }
    }

    /**
     * Whether a sign-in should (re)make the verifier: none kept, unreadable, or fewer iterations
     * than asked; never for a password known to have none.
     */
    private boolean needsScram(String text) {
        if (text == null) {
            return true;
        }
        if (text.equals(NO_VERIFIER)) {
            return false;
        }
        try {
            return ScramVerifier.parse(text).iterations() < scramIterations;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The verifier's text for a password, or {@link #NO_VERIFIER} when SASLprep prohibits the password (no SCRAM for that user). */
    private String scram(char[] password) {
        try {
            return ScramVerifier.of(password, scramIterations).text();
        } catch (IllegalArgumentException e) {
            LOG.info("no SCRAM-SHA-256 verifier kept: SASLprep (RFC 4013) prohibits a character of the password");
            return NO_VERIFIER;
        }
    }

    /** The user's NT hash, when NTLM is on and it is known. */
    Optional<byte[]> ntHash(User user) {
        if (!ntlm) {
            return Optional.empty();
        }
        return database.read(c -> UserRows.ntHash(c, user.id()));
    }
}
