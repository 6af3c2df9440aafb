package org.postern.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;

/** SQL on {@code mailbox_user}: users and their credentials. */
final class UserRows {

    /**
     * A user with what is stored to check their password; {@code scram} is the RFC 5803 text,
     * {@link CredentialStore#NO_VERIFIER}, or null (none made yet).
     */
    record StoredLogin(User user, String passwordHash, boolean hasNtHash, String scram) {
    }

    private static final String SELECT = "SELECT a.address, u.id, u.login, u.display_name, u.password_hash,"
            + " CASE WHEN u.nt_hash IS NULL THEN 0 ELSE 1 END, u.scram_sha256"
            + " FROM mailbox_user u JOIN directory_address a ON a.canonical = u.canonical";

    private UserRows() {
    }

    static Optional<User> byAddress(Connection c, EmailAddress address) throws SQLException {
        return one(c, SELECT + " WHERE u.canonical = ?", address.canonical()).map(StoredLogin::user);
    }

    static Optional<StoredLogin> byLogin(Connection c, String login) throws SQLException {
        return one(c, SELECT + " WHERE u.login = ?", login);
    }

    static List<User> list(Connection c) throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY u.canonical");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                users.add(storedLogin(r).user());
            }
        }
        return users;
    }

    static void insert(Connection c, User user, String passwordHash, byte[] ntHash, String scram) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mailbox_user"
                + " (canonical, id, login, display_name, password_hash, nt_hash, scram_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, user.address().canonical());
            s.setString(2, user.id().toString());
            s.setString(3, user.login());
            s.setString(4, user.displayName());
            s.setString(5, passwordHash);
            setBytes(s, 6, ntHash);
            s.setString(7, scram);
            s.executeUpdate();
        }
    }

    /**
     * Replaces the password hash (and NT hash and SCRAM verifier, null to clear them); false if
     * there is no such user.
     */
    static boolean setPassword(Connection c, EmailAddress address, String passwordHash, byte[] ntHash, String scram)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE mailbox_user SET password_hash = ?, nt_hash = ?, scram_sha256 = ? WHERE canonical = ?")) {
            s.setString(1, passwordHash);
            setBytes(s, 2, ntHash);
            s.setString(3, scram);
            s.setString(4, address.canonical());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Replaces a hash verified at sign-in with a fresh one, unless the password was changed in
     * the meantime (the old hash is no longer there).
     */
    static void upgrade(Connection c, User user, String oldHash, String newHash, byte[] ntHash, String scram)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mailbox_user SET password_hash = ?,"
                + " nt_hash = COALESCE(?, nt_hash), scram_sha256 = COALESCE(?, scram_sha256) WHERE id = ? AND password_hash = ?")) {
            s.setString(1, newHash);
            setBytes(s, 2, ntHash);
            s.setString(3, scram);
            s.setString(4, user.id().toString());
            s.setString(5, oldHash);
            s.executeUpdate();
        }
    }

    static Optional<byte[]> ntHash(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT nt_hash FROM mailbox_user WHERE id = ?")) {
            s.setString(1, id.toString());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** The user's SCRAM-SHA-256 verifier in RFC 5803's text form, if one is kept. */
    static Optional<String> scram(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT scram_sha256 FROM mailbox_user WHERE id = ?")) {
            s.setString(1, id.toString());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Erases every stored NT hash (NTLM was turned off); returns how many. */
    static int eraseNtHashes(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mailbox_user SET nt_hash = NULL WHERE nt_hash IS NOT NULL")) {
            return s.executeUpdate();
        }
    }

    private static Optional<StoredLogin> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(storedLogin(r)) : Optional.empty();
            }
        }
    }

    private static StoredLogin storedLogin(ResultSet r) throws SQLException {
        User user = new User(UUID.fromString(r.getString(2)), AddressRows.read(r.getString(1)), r.getString(4), r.getString(3));
        return new StoredLogin(user, r.getString(5), r.getInt(6) == 1, r.getString(7));
    }

    private static void setBytes(PreparedStatement s, int index, byte[] bytes) throws SQLException {
        if (bytes == null) {
            s.setNull(index, Types.BINARY);
        } else {
            s.setBytes(index, bytes);
        }
    }
}
