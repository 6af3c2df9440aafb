package org.postern.directory;

import java.util.Arrays;
import java.util.Optional;
import org.postern.core.directory.DirectoryException;
import org.postern.core.directory.DirectoryException.Reason;
import org.postern.core.directory.Recipient.User;
import org.postern.directory.password.NtHash;
import org.postern.directory.password.PasswordHasher;
import org.postern.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwords of the embedded directory: makes the hashes kept for a new password, checks a
 * sign-in, and keeps the NT hashes in step with the NTLM setting. No password, hash or NT
 * hash is ever logged.
 */
final class CredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    /** What is kept for a password: the Argon2id PHC string, and the NT hash when NTLM is on (else null). */
    record Secrets(String passwordHash, byte[] ntHash) {
    }

    private final Database database;
    private final PasswordHasher hasher;
    private final boolean ntlm;

    CredentialStore(Database database, PasswordHasher hasher, boolean ntlm) {
        this.database = database;
        this.hasher = hasher;
        this.ntlm = ntlm;
    }

    /** Hashes a new password (checked by {@link AdminInput#password}); the caller keeps the password. */
    Secrets secretsFor(char[] password) {
        try {
            return new Secrets(hasher.hash(password), ntlm ? NtHash.of(password) : null);
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(Reason.INVALID, "password is not valid Unicode");
        }
    }

    /**
     * Checks a sign-in with the same work whether or not the login exists or has a password.
     * On success, replaces a hash made with older settings and adds a missing NT hash.
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

    /** After a successful sign-in: rehash with the current settings, and add the NT hash if NTLM is on and it is missing. */
    private void refresh(UserRows.StoredLogin login, String stored, char[] password) {
        boolean rehash = hasher.needsRehash(stored);
        boolean addNt = ntlm && !login.hasNtHash();
        if (!rehash && !addNt) {
            return;
        }
        String newHash = rehash ? hasher.hash(password) : stored;
        byte[] nt = addNt ? NtHash.of(password) : null;
        try {
            database.write(c -> {
                UserRows.upgrade(c, login.user(), stored, newHash, nt);
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

    /** The user's NT hash, when NTLM is on and it is known. */
    Optional<byte[]> ntHash(User user) {
        if (!ntlm) {
            return Optional.empty();
        }
        return database.read(c -> UserRows.ntHash(c, user.id()));
    }
}
