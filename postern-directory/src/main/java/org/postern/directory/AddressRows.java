package org.postern.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.postern.core.address.EmailAddress;

/**
 * SQL on {@code directory_address}, the table that keeps every address unique across users,
 * aliases and groups, and the clean-up that goes with removing one.
 */
final class AddressRows {

    private AddressRows() {
    }

    /** What the address names, if anything. */
    static Optional<AddressKind> kind(Connection c, EmailAddress address) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT kind FROM directory_address WHERE canonical = ?")) {
            s.setString(1, address.canonical());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(AddressKind.valueOf(r.getString(1))) : Optional.empty();
            }
        }
    }

    static void insert(Connection c, EmailAddress address, AddressKind kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO directory_address (canonical, address, domain, kind) VALUES (?, ?, ?, ?)")) {
            s.setString(1, address.canonical());
            s.setString(2, address.toString());
            s.setString(3, address.domain());
            s.setString(4, kind.name());
            s.executeUpdate();
        }
    }

    /**
     * Removes an address and what hangs on it: the user, alias or group row (by cascade), the
     * aliases that deliver to it, and its memberships in groups.
     */
    static void delete(Connection c, EmailAddress address) throws SQLException {
        String key = address.canonical();
        update(c, "DELETE FROM group_member WHERE member_canonical IN"
                + " (SELECT canonical FROM alias WHERE target = ?)", key);
        update(c, "DELETE FROM directory_address WHERE canonical IN (SELECT canonical FROM alias WHERE target = ?)", key);
        update(c, "DELETE FROM group_member WHERE member_canonical = ?", key);
        update(c, "DELETE FROM directory_address WHERE canonical = ?", key);
    }

    private static void update(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            s.executeUpdate();
        }
    }

    /** Reads an address stored by {@link #insert}. */
    static EmailAddress read(String stored) {
        return EmailAddress.parse(stored);
    }
}
